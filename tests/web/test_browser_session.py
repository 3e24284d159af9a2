"""The guided session on the Today page, in a real headless Chromium (Debian's /usr/bin/chromium
through Playwright; no browser download), against `psoas serve` itself (its own coach).

By keyboard alone: a clear screening, then a session at high speed (?speed=100: the first day's
four minutes in a few seconds) with pause and skip, run to its end; another stopped; another ended
by "This hurts". `psoas history --json` from the same PSOAS_HOME after each. Closing the page
mid-session leaves it `stopped` with the reps done. A socket dropped mid-session reconnects and
the session goes on with every rep; one dropped at pain after still saves it. The countdown ring
moves between ticks, except for reduced motion; the dark scheme is readable. Screenshots of the running session at
1280x800 and 390x844 with every control in view; PSOAS_WEB_SCREENSHOTS=DIR keeps them and writes
docs/images/serve.png (the README's picture) from the desktop one.

Waits are on the page's own state (data-state, data-status, data-step), never on time.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from web_helpers import (
    READY_S,
    SIZES,
    chromium_context,
    low_contrast,
    psoas_output,
    screen_clear_by_keyboard,
    start,
    stop,
)

from builders import full_answers

README_PICTURE = Path(__file__).resolve().parents[2] / "docs" / "images" / "serve.png"
SESSION = "#session"
FAST = "/?speed=100"
WAIT_MS = 30_000  # a cold page and a session of a few seconds on a loaded two-core machine

pytestmark = pytest.mark.slow


@pytest.fixture
def browser(tmp_path):  # noqa: ANN001, ANN201
    with chromium_context(tmp_path / "chromium-profile", viewport={"width": 1280, "height": 800}) as context:
        context.set_default_timeout(WAIT_MS)
        yield context


@pytest.fixture
def server(psoas_home):  # noqa: ANN001, ANN201
    process, url = start(psoas_home)
    yield process, url
    if process.poll() is None:
        stop(process)


def _psoas(home: Path, *args: str) -> object:
    return json.loads(psoas_output(home, *args))


def _latest(home: Path) -> dict:
    sessions = _psoas(home, "history", "--json")
    assert isinstance(sessions, list) and sessions
    return sessions[0]


def _hurt_text() -> str:
    from psoas.safety import load_screening

    return load_screening().messages.hurt


def _reps(session: dict) -> int:
    return sum(e["reps_done"] for e in session["exercises"])


# Keeps each WebSocket the page opens, so that a test can drop one as the network would.
KEEP_SOCKETS = """
window.__sockets = [];
window.WebSocket = class extends window.WebSocket {
  constructor(...args) { super(...args); window.__sockets.push(this); }
};
"""
# The countdown ring, frame by frame: [the seconds shown, the arc's offset] at each of n frames.
RING_FRAMES = """async (n) => {
  const seen = [];
  for (let i = 0; i < n; i++) {
    await new Promise((done) => requestAnimationFrame(done));
    const arc = document.querySelector(".ring-arc");
    seen.push([document.querySelector(".ring-text").textContent, arc.getAttribute("stroke-dashoffset")]);
  }
  return seen;
}"""


def _screened(home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(full_answers()))
    env = {**os.environ, "PSOAS_HOME": str(home)}
    env.pop("PSOAS_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "psoas", "screen", "--answers", str(answers)], check=True, env=env,
                   capture_output=True, timeout=READY_S)  # fmt: skip


def _page(browser, url: str):  # noqa: ANN001, ANN202
    page = browser.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    page.goto(url)
    page.wait_for_selector("body[data-ready]")
    return page


def _tab_to(page, element_id: str, limit: int = 40) -> None:  # noqa: ANN001
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} not reached by Tab")


def _state(page, state: str, **data: str) -> None:  # noqa: ANN001
    extra = "".join(f'[data-{key}="{value}"]' for key, value in data.items())
    page.wait_for_selector(f'{SESSION}[data-state="{state}"]{extra}')


def _start_by_keyboard(page, pain: str = "") -> None:  # noqa: ANN001
    """The pre-session check answered No, pain typed, Enter: the session starts."""
    _tab_to(page, "check-no")
    page.keyboard.press("Space")
    assert page.is_checked("#check-no")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "pain-before"
    if pain:
        page.keyboard.type(pain)
    page.keyboard.press("Enter")
    _state(page, "running")


def _pain_after_by_keyboard(page, pain: str = "") -> None:  # noqa: ANN001
    page.wait_for_selector("#pain-after:focus")
    if pain:
        page.keyboard.type(pain)
    page.keyboard.press("Enter")
    page.wait_for_selector("#again-button:focus")


def _step(page) -> int:  # noqa: ANN001
    return int(page.get_attribute(SESSION, "data-step") or -1)


def _reps_shown(page) -> int:  # noqa: ANN001
    return int(page.get_attribute(SESSION, "data-reps") or 0)


def _check_layout(page, width: int, height: int) -> None:  # noqa: ANN001
    """Every control of the session inside the window, width and height (no scrolling needed to
    reach them), every button named for assistive technology, no sideways scrolling."""
    controls = page.locator("#session button, #session input")
    assert controls.count() >= 6
    for i in range(controls.count()):
        box = controls.nth(i).bounding_box()
        html = controls.nth(i).evaluate("e => e.outerHTML.slice(0, 120)")
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, html
    for name in ("Pause", "Resume", "Skip", "Stop and save", "This hurts"):
        button = page.get_by_role("button", name=name)
        if button.count():
            box = button.bounding_box()
            assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height + 0.5, name
    tree = page.locator("body").aria_snapshot()
    assert [line for line in tree.splitlines() if line.strip() in ("- button", "- button:")] == [], tree
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _screenshots(page, shots: Path) -> None:  # noqa: ANN001
    """The paused session at each size: every control in view, none cut off."""
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.locator("#step-now").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('session').scrollIntoView({block: 'start'})")
        _check_layout(page, width, height)
        page.screenshot(path=str(shots / f"session-{size}.png"))
    page.set_viewport_size({"width": 1280, "height": 800})


def test_guided_sessions_by_keyboard_alone(browser, server, psoas_home, tmp_path) -> None:
    _process, url = server
    base = url.split("/?")[0]
    page = _page(browser, url)

    # A clear screening, by keyboard alone: each question's heading takes the focus; Tab, Tab is "No".
    screen_clear_by_keyboard(page)
    assert page.locator("[data-status]").get_attribute("data-status") == "clear"
    assert _psoas(psoas_home, "screen", "--json")["status"] == "clear"

    # 1. A full session at high speed: pause (the screenshots), skip, on to its end.
    page.goto(base + FAST)
    page.wait_for_selector("body[data-ready]")
    assert page.get_by_role("button", name="This hurts").is_visible()  # before the session too
    _start_by_keyboard(page, pain="3")
    page.wait_for_selector(f'{SESSION}[data-kind="hold"]')
    page.keyboard.press("p")
    _state(page, "paused")
    assert page.get_by_role("button", name="Resume").is_visible()
    assert page.locator("#step-now").inner_text() and page.locator("#step-next").inner_text().startswith("Next: ")
    page.wait_for_load_state("networkidle")  # the step's picture
    assert page.locator("#step-picture").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.get_attribute("#step-picture", "alt").startswith("Side-on drawing of the ")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    _screenshots(page, shots)
    paused_at = _step(page)
    page.keyboard.press("n")  # skip, while paused: the session goes on at the next step
    page.wait_for_selector(
        f'{SESSION}[data-state="running"]:not([data-step="{paused_at}"]), {SESSION}[data-state="ended"]'
    )
    _state(page, "ended", status="completed")
    assert int(page.get_attribute(SESSION, "data-chimes") or 0) >= 2  # holds' starts and ends
    _pain_after_by_keyboard(page, pain="1")
    first = _latest(psoas_home)
    assert (first["status"], first["pain_before"], first["pain_after"]) == ("completed", 3, 1)
    assert str(first["id"]) == page.get_attribute(SESSION, "data-saved") and _reps(first) == _reps_shown(page) >= 1
    assert page.locator("#session-status").inner_text().startswith("Session complete: ")

    # 2. Another session, stopped with Q once a few steps are done.
    page.keyboard.press("Enter")  # "Another session"
    page.wait_for_selector("#before-form:not([hidden]) #check-no")
    _start_by_keyboard(page)
    page.wait_for_selector(f'{SESSION}[data-reps="1"]')  # the first rep done
    page.keyboard.press("q")
    _state(page, "ended", status="stopped")
    _pain_after_by_keyboard(page)
    second = _latest(psoas_home)
    assert second["id"] == first["id"] + 1 and second["status"] == "stopped" and second["pain_after"] is None
    assert 1 <= _reps(second) == _reps_shown(page) < _reps(first) + 1

    # 3. "This hurts" (H) in another session, with the voice on: ended, with the advice on the page.
    page.keyboard.press("Enter")
    page.wait_for_selector("#before-form:not([hidden]) #check-no")
    _tab_to(page, "voice-switch")
    page.keyboard.press("Space")
    assert page.is_checked("#voice-switch")
    _start_by_keyboard(page)
    page.keyboard.press("h")
    _state(page, "ended", status="hurt")
    assert page.get_attribute(SESSION, "data-spoken") == "Stopping. Rest, and do not push through pain."
    assert page.locator("#session-advice[role=alert]").inner_text() == _hurt_text()  # what to do now
    _pain_after_by_keyboard(page, pain="5")
    third = _latest(psoas_home)
    assert (third["id"], third["status"], third["pain_after"]) == (second["id"] + 1, "hurt", 5)
    assert len(_psoas(psoas_home, "history", "--json")) == 3
    assert page.errors == []

    keep = os.environ.get("PSOAS_WEB_SCREENSHOTS")
    if keep:
        shutil.copytree(shots, keep, dirs_exist_ok=True)
        README_PICTURE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shots / "session-desktop.png", README_PICTURE)


def test_closing_the_page_mid_session_leaves_it_stopped(browser, server, psoas_home, tmp_path) -> None:
    _screened(psoas_home, tmp_path)
    process, url = server
    page = _page(browser, url.replace("/?", "/?speed=20&"))
    _start_by_keyboard(page)
    page.wait_for_selector(f'{SESSION}[data-reps="1"]')
    page.close()
    code, _out, err = stop(process)  # Ctrl-C: the server lets the socket's session finish first
    assert code == 0, err
    session = _latest(psoas_home)
    assert session["status"] == "stopped"
    assert 1 <= _reps(session) < 14  # the reps done, not the whole routine


def _drop(page) -> int:  # noqa: ANN001
    """Close the page's live socket (as a network drop would); the number of sockets opened so far."""
    return page.evaluate("() => { window.__sockets.at(-1).close(); return window.__sockets.length; }")


def test_a_dropped_socket_reconnects_and_the_session_goes_on_with_every_rep(
    browser, server, psoas_home, tmp_path
) -> None:  # noqa: E501
    _screened(psoas_home, tmp_path)
    _process, url = server
    browser.add_init_script(KEEP_SOCKETS)
    page = _page(browser, url.replace("/?", "/?speed=20&"))
    _start_by_keyboard(page, pain="2")
    page.wait_for_selector(f'{SESSION}[data-reps="1"]')
    assert _drop(page) == 1
    # LiveSocket opens another; the server's hello says the session waits; the page resumes it
    _state(page, "running", resumed="1", connection="ok")
    assert page.evaluate("window.__sockets.length") == 2
    assert page.locator("#step-now").inner_text() and (page.locator(".ring-text").text_content() or "").endswith(" s")
    assert page.locator("#session-status").inner_text() == "Connected to psoas again: the session goes on."
    shown = _reps_shown(page)
    assert shown >= 1
    page.wait_for_selector(f'{SESSION}[data-reps="{shown + 1}"]')  # it goes on, and the page counts on
    page.keyboard.press("q")
    _state(page, "ended", status="stopped")
    _pain_after_by_keyboard(page, pain="3")
    (session,) = _psoas(psoas_home, "history", "--json")
    assert (session["status"], session["pain_before"], session["pain_after"]) == ("stopped", 2, 3)
    assert _reps(session) == _reps_shown(page) >= shown + 1  # every rep, those while away too
    assert str(session["id"]) == page.get_attribute(SESSION, "data-saved")

    # Another session, its socket dropped at pain after: the answer, given at once, still reaches the store.
    page.keyboard.press("Enter")  # "Another session"
    page.wait_for_selector("#before-form:not([hidden]) #check-no")
    _start_by_keyboard(page)
    page.wait_for_selector(f'{SESSION}[data-reps="1"]')
    page.keyboard.press("q")
    _state(page, "ended", status="stopped")
    page.wait_for_selector("#pain-after:focus")
    assert _drop(page) == 3
    page.keyboard.type("4")
    page.keyboard.press("Enter")  # sent once the session is back on the next socket
    page.wait_for_selector("#again-button:focus")
    assert page.evaluate("window.__sockets.length") == 4
    second = _latest(psoas_home)
    assert (second["id"], second["status"], second["pain_after"]) == (session["id"] + 1, "stopped", 4)
    assert _reps(second) == _reps_shown(page) >= 1
    assert page.errors == []


def test_the_countdown_ring_runs_between_ticks_unless_motion_is_reduced(browser, server, psoas_home, tmp_path) -> None:  # noqa: E501
    _screened(psoas_home, tmp_path)
    _process, url = server
    page = _page(browser, url)  # the real speed: a tick a second
    page.emulate_media(reduced_motion="no-preference", color_scheme="dark")
    # C is the camera switch, as the terminal's c (this browser has no webcam: it says so, timer alone)
    assert page.get_attribute("#camera-switch", "aria-keyshortcuts") == "C"
    assert "C camera on or off" in page.locator("#session-keys").inner_text()
    assert page.locator("#camera-status").inner_text() == ""
    page.keyboard.press("c")
    page.wait_for_selector('#camera-status[data-kind="error"]')  # no webcam here: the timer alone
    assert not page.is_checked("#camera-switch")
    _start_by_keyboard(page)
    page.wait_for_selector(f"{SESSION}[data-step]")

    def offsets_per_second(frames: list[list[str]]) -> list[int]:
        seconds: dict[str, set[str]] = {}
        for text, offset in frames:
            seconds.setdefault(text, set()).add(offset)
        return [len(offsets) for offsets in seconds.values()]

    smooth = offsets_per_second(page.evaluate(RING_FRAMES, 40))
    assert max(smooth) >= 5, smooth  # the arc moved within a second the text showed
    page.emulate_media(reduced_motion="reduce")
    still = offsets_per_second(page.evaluate(RING_FRAMES, 40))
    assert still and set(still) == {1}, still  # it moves only with the host's ticks

    # The running session in the dark scheme: its words readable against the card behind them.
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    measured, low = low_contrast(page)
    assert measured >= 8 and low == [], low
    page.keyboard.press("q")
    _state(page, "ended", status="stopped")
    _pain_after_by_keyboard(page)
    assert _latest(psoas_home)["status"] == "stopped"
    assert [e for e in page.errors if "camera" not in e.lower()] == []
