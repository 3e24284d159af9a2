"""The camera on the Today page in a real headless Chromium with a fake camera (Debian's
/usr/bin/chromium through Playwright; no browser download), used as a person does: open Today,
switch Camera on, start the session. MediaPipe runs in the page's pose Worker on a clip made from
real photos, only landmarks go over /ws, and the coach drives the session from them.

- with a stand-in host: frames estimated (in the Worker) and sent, each one parsed by
  psoas.web.landmarks, the skeleton drawn; without Workers the model runs on the main thread and
  frames go the same way; the socket dropped and opened again, frames going on over the new one;
- with `psoas serve` itself: a Glute Bridge session with the camera, five reps done on camera
  (`psoas history --json`: camera_reps 5); a room with nobody gives "I can't see you"; the camera
  permission refused gives the timer-only offer, and the session starts without the camera.

The clips of a person need ../shared (skipped cleanly without it); the rest runs anywhere
chromium is.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from camera_kit import SHARED, EchoHost, bridge_clip, chromium, empty_clip, free_port, serve
from web_helpers import psoas_output, start, stop

pytestmark = pytest.mark.slow

# Waits are for real Chromium estimating real frames on two cores: starting the model takes a few
# seconds; a session of five bridges at its own pace (10 s get ready, 9 s a rep) about a minute,
# and a hold missed once waits for the clip to come round again (62 s).
START_MS = 60_000
TELEMETRY = "https://odml.pa.googleapis.com/"
TIMER_ONLY = "The session runs on the timer alone: start it as usual."  # camera.js's words
LOCAL = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:")
SESSION_MS = 240_000
CAMERA = "document.getElementById('camera').camera"  # the page's CameraView (its stats)

# What the page says and hears on its sockets, kept for the test (the page's own code is
# untouched): the events, the messages other than frames, the frames sent over each socket. When
# window.skipTo names an exercise, Skip is pressed at each step of another one, as a person would.
LISTEN = """
window.events = []; window.sentMessages = []; window.framesOn = []; window.sockets = []; window.ended = null;
window.WebSocket = class extends window.WebSocket {
  constructor(...args) {
    super(...args);
    this.index = window.sockets.push(this) - 1;
    window.framesOn.push(0);
    this.addEventListener("message", (m) => {
      const d = JSON.parse(m.data);
      if (d.type === "ended") window.ended = d;
      if (d.type !== "event") return;
      window.events.push(d.event);
      const other = window.skipTo && d.event.event === "step_started" && d.event.step.exercise_id !== window.skipTo;
      if (other) setTimeout(() => document.getElementById("skip-button").click(), 0);
    });
  }
  send(data) {
    const d = JSON.parse(data);
    if (d.type === "frame") window.framesOn[this.index] += 1;
    else window.sentMessages.push(d);
    return super.send(data);
  }
};
"""
NO_WORKERS = "window.Worker = class { constructor() { throw new Error('no workers in this browser'); } };"


def _page(context, url: str, *init: str):  # noqa: ANN001, ANN202
    """The Today page, with LISTEN (and any other init script) in place before its own code runs."""
    for script in (LISTEN, *init):
        context.add_init_script(script)
    page = context.new_page()
    errors: list[str] = []
    elsewhere: list[str] = []

    def console(message) -> None:  # noqa: ANN001
        # tasks-vision posts usage logs to its makers every minute; the CSP refuses it (connect-src
        # 'self'), which is the point: nothing leaves. Any other refusal is a fault of the page.
        if "Content Security Policy" in message.text and TELEMETRY not in message.text:
            errors.append(message.text)

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", console)
    page.on("requestfinished", lambda r: None if r.url.startswith(LOCAL) else elsewhere.append(r.url))
    page.elsewhere = elsewhere
    page.goto(url)
    page.wait_for_selector("body[data-ready]")
    page.wait_for_selector("#camera-switch")
    page.errors = errors
    return page


def _camera_on(page) -> None:  # noqa: ANN001
    """Switch Camera on; wait for the picture and the model to run."""
    page.click("#camera-switch")
    page.wait_for_selector("#camera[data-running]", timeout=START_MS)


def _start(page) -> None:  # noqa: ANN001
    """The pre-session check answered No when it is asked, then Start: the session runs."""
    if page.locator("#check-no").count():
        page.check("#check-no")
    page.click("#start-button")
    page.wait_for_selector('#session[data-state="running"]', timeout=START_MS)


def _stats(page) -> dict:  # noqa: ANN001
    return page.evaluate(f"{CAMERA}.stats")


def _psoas(home: Path, *args: str) -> str:
    return psoas_output(home, *args)


@pytest.fixture(scope="module")
def _bridge(tmp_path_factory) -> Path | None:  # noqa: ANN001
    if not SHARED.is_dir():
        return None
    return bridge_clip(SHARED, tmp_path_factory.mktemp("camera-clips") / "bridge.y4m")


@pytest.fixture
def clips(shared, _bridge) -> dict[str, Path]:  # noqa: ANN001
    """The clips of a person (made once for the module; skipped without ../shared)."""
    assert _bridge is not None
    return {"bridge": _bridge}


@pytest.fixture
def echo(psoas_home, clear_screening):  # noqa: ANN001, ANN201
    """The app with a stand-in host (every frame parsed and answered), after a clear screening."""
    from psoas.web.app import WebConfig

    host = EchoHost()
    with serve(WebConfig.new(port=free_port(), live=host, debug=True)) as url:
        yield host, url


def test_the_page_estimates_the_fake_camera_and_sends_only_landmarks(echo, clips, tmp_path) -> None:
    host, url = echo
    with chromium(tmp_path / "profile", clips["bridge"]) as context:
        page = _page(context, url)
        privacy = page.inner_text("#camera-privacy")
        _camera_on(page)
        _start(page)
        page.wait_for_function(f"() => {CAMERA}.stats.sent >= 20", timeout=START_MS)
        stats = _stats(page)
        delegate = page.get_attribute("#camera", "data-delegate")
        thread = page.get_attribute("#camera", "data-thread")
        drawn = page.evaluate("""() => { const c = document.getElementById('camera-skeleton');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return [c.width, c.height, n]; }""")
        (begin,) = [m for m in page.evaluate("window.sentMessages") if m["type"] == "start"]
        assert page.errors == [] and page.elsewhere == []
    assert begin["camera"] is True  # the switch was on at Start
    assert thread == "worker"  # the model runs off the page's main thread
    assert delegate in ("GPU", "CPU")  # this machine has no GPU: Chromium's software WebGL is not taken for one
    assert delegate == "CPU"
    assert len(host.frames) >= 20 and host.bad == []
    present = [f for f in host.frames if f.present]
    assert len(present) >= 0.9 * len(host.frames)  # a person on every frame of the clip
    assert all(f.world is not None for f in present)
    # The person lies across the picture: hips low in it, world landmarks metres around the hips.
    hips = [f.xyz[23:25, 1].mean() for f in present]
    assert all(0.3 < y < 0.95 for y in hips)
    assert all(abs(f.world[23:25].mean(axis=0)).max() < 0.1 for f in present)
    assert [f.t for f in host.frames] == sorted(f.t for f in host.frames)  # real frame times, in order
    assert len(set(host.seqs)) == len(host.seqs)
    assert stats["present"] >= stats["sent"] * 0.9
    # The clip plays 10 frames a second; the model takes tens of ms a frame in the Worker.
    assert stats["estimated"] >= stats["sent"] and stats["estimateMs"] > 0
    assert drawn[:2] == [640, 480] and drawn[2] > 500  # the skeleton over the picture
    assert "no frame or image leaves" in privacy


def test_without_workers_the_model_runs_on_the_main_thread(echo, clips, tmp_path) -> None:
    host, url = echo
    with chromium(tmp_path / "profile", clips["bridge"]) as context:
        page = _page(context, url, NO_WORKERS)
        _camera_on(page)
        _start(page)
        page.wait_for_function(f"() => {CAMERA}.stats.sent >= 10", timeout=START_MS)
        thread = page.get_attribute("#camera", "data-thread")
        status = page.inner_text("#camera-status")
        assert page.errors == []
    assert thread == "page"
    assert status.startswith("Camera on")
    assert len(host.frames) >= 10 and host.bad == [] and sum(f.present for f in host.frames) >= 9


def test_the_socket_dropped_is_opened_again_and_frames_go_on(echo, clips, tmp_path) -> None:
    _host, url = echo
    with chromium(tmp_path / "profile", clips["bridge"]) as context:
        page = _page(context, url)
        _camera_on(page)
        _start(page)
        page.wait_for_function("() => window.framesOn[0] >= 5", timeout=START_MS)
        page.evaluate("window.sockets.at(-1).close()")  # as a network drop does
        page.wait_for_function("() => window.sockets.length === 2 && window.sockets[1].readyState === 1",
                               timeout=START_MS)  # fmt: skip
        page.wait_for_function("() => window.framesOn[1] >= 5", timeout=START_MS)  # over the new socket
        running = page.get_attribute("#camera", "data-running")
    assert running == "true"


@pytest.fixture
def served(psoas_home, clear_screening):  # noqa: ANN001, ANN201
    """`psoas serve` as a real process (the coach's own host), after a clear screening."""
    process, url = start(psoas_home)
    yield url
    stop(process)


def test_a_glute_bridge_session_on_camera_counts_five_camera_reps(served, clips, psoas_home, tmp_path) -> None:
    with chromium(tmp_path / "profile", clips["bridge"]) as context:
        page = _page(context, served, "window.skipTo = 'glute_bridge';")
        _camera_on(page)
        _start(page)
        keep = os.environ.get("PSOAS_WEB_SCREENSHOTS")
        if keep:  # the README's picture of the camera view, in the middle of a hold
            page.wait_for_function("() => window.events.some(e => e.event === 'camera_seen' && e.phase === 'hold')",
                                   timeout=SESSION_MS)  # fmt: skip
            page.locator("#camera").screenshot(path=str(Path(keep) / "camera.png"))
        page.wait_for_selector('#session[data-state="ended"]', timeout=SESSION_MS)
        page.wait_for_selector("#after-form:not([hidden])")
        page.click("#after-button")  # pain after left empty: Save
        page.wait_for_function("() => window.ended !== null", timeout=START_MS)
        seen = page.evaluate("window.events")
        ended = page.evaluate("window.ended")
        panel = page.inner_text("#camera-seen")
        assert page.errors == [] and page.elsewhere == []
    confirmed = [e for e in seen if e["event"] == "rep_confirmed"]
    assert [e["rep"] for e in confirmed] == [1, 2, 3, 4, 5]
    assert all(e["exercise_id"] == "glute_bridge" and e["hold_s"] >= 2 for e in confirmed)
    assert any(e["event"] == "camera_seen" and e["exercise"] == "glute_bridge" and e["phase"] == "hold" for e in seen)
    assert "Glute Bridge" in panel
    assert ended["session"]["status"] == "completed"
    (session,) = json.loads(_psoas(psoas_home, "history", "--json"))
    (bridge,) = [e for e in session["exercises"] if e["id"] == "glute_bridge"]
    assert bridge["reps_done"] == 5 and bridge["camera_reps"] == 5


def test_nobody_in_view_gets_i_cant_see_you(served, tmp_path) -> None:
    clip = empty_clip(tmp_path / "room.y4m")
    with chromium(tmp_path / "profile", clip) as context:
        page = _page(context, served)
        _camera_on(page)
        _start(page)
        page.wait_for_function("() => document.getElementById('camera-cue').textContent.includes(\"can't see you\")",
                               timeout=START_MS)  # fmt: skip
        cue = page.inner_text("#camera-cue")
        stats = _stats(page)
        page.click("#stop-button")
        page.wait_for_selector('#session[data-state="ended"]', timeout=START_MS)
    assert cue == "I can't see you: step back so your whole body is in view, side-on"
    assert stats["sent"] > 0 and stats["present"] == 0


def test_camera_permission_refused_offers_the_timer_alone(served, tmp_path) -> None:
    clip = empty_clip(tmp_path / "room.y4m")
    with chromium(tmp_path / "profile", clip, fake_ui=False, deny=True) as context:
        page = _page(context, served)
        page.click("#camera-switch")
        page.wait_for_selector("#camera[data-trouble]", timeout=START_MS)
        status = page.inner_text("#camera-status")
        switch = page.is_checked("#camera-switch")
        _start(page)  # the timer-only session starts as usual
        (begin,) = [m for m in page.evaluate("window.sentMessages") if m["type"] == "start"]
        page.click("#stop-button")
        page.wait_for_selector('#session[data-state="ended"]', timeout=START_MS)
    assert status == "Camera permission was denied for this page. " + TIMER_ONLY
    assert switch is False
    assert begin["camera"] is False
