"""The guided session over /ws, run by the coach (psoas.web.session_host.SessionHost).

Each session runs on a fast clock (the page's speed 100, times 5 here: the first day's routine
of about four minutes takes under a second) and is checked in the store and through
`psoas history --json` from the same PSOAS_HOME.
"""

from __future__ import annotations

import json

import pytest
from web_helpers import ORIGIN

from builders import full_answers

FAST = {"speed": 100}
TIME_SCALE = 5


class Seconds:
    """The host's real-time clock for the reconnect grace, moved by the test."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def seconds() -> Seconds:
    return Seconds()


@pytest.fixture
def host(config, seconds):  # noqa: ANN001, ANN201
    from psoas.web.session_host import SessionHost

    config.live = SessionHost(config.store, config.now, time_scale=TIME_SCALE, monotonic=seconds)
    return config.live


@pytest.fixture
def screened(config):  # noqa: ANN001, ANN201
    """A clear screening on record, taken now (the store's clock)."""
    from psoas.safety.screening import evaluate

    answers = full_answers()
    config.store().screenings.add("full", answers, evaluate(answers).stored())


@pytest.fixture
def ws(client, host, screened):  # noqa: ANN001, ANN201
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as socket:
        assert socket.receive_json() == {"type": "hello", "live": True, "running": False}
        yield socket


def until(ws, done) -> list[dict]:  # noqa: ANN001
    """Every message up to and including the first for which done(message) is true."""
    seen = []
    while True:
        message = ws.receive_json()
        seen.append(message)
        if done(message):
            return seen


def is_event(name: str, **fields):  # noqa: ANN201
    def check(message: dict) -> bool:
        event = message.get("event", {})
        return message["type"] == "event" and event["event"] == name and all(event[k] == v for k, v in fields.items())

    return check


def events(messages: list[dict], name: str) -> list[dict]:
    return [m["event"] for m in messages if m["type"] == "event" and m["event"]["event"] == name]


def ended(ws, pain: int | None = None) -> dict:  # noqa: ANN001
    ws.send_json({"type": "pain_after", "pain": pain})
    return until(ws, lambda m: m["type"] == "ended")[-1]


def first_rep_then(ws, command: str, event: str) -> None:  # noqa: ANN001
    """On a new socket: start a fast session, wait for its first rep, then give `command` and
    wait for `event`."""
    ws.receive_json()
    ws.send_json({"type": "start", "check": "no", **FAST})
    until(ws, is_event("rep_completed"))
    ws.send_json({"type": "command", "name": command})
    until(ws, is_event(event))


def history(run) -> list[dict]:  # noqa: ANN001
    result = run("history", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def reps(session: dict) -> int:
    return sum(e["reps_done"] for e in session["exercises"])


def test_a_full_session_runs_on_the_coach_and_every_rep_is_saved(ws, config, run) -> None:
    ws.send_json({"type": "start", "check": "no", "pain_before": 3, **FAST})
    messages = until(ws, is_event("session_ended"))
    assert [(e["when"], e["pain"]) for e in events(messages, "checked_in")] == [("before", 3)]
    holds = [e for e in events(messages, "step_started") if e["step"]["kind"] == "hold"]
    done = events(messages, "rep_completed")
    assert len(holds) == len(done) > 0
    assert events(messages, "session_ended")[0]["status"] == "completed"
    # the words, voice and chime come with the events: the page builds none of them
    first = events(messages, "step_started")[0]
    assert first["label"] == "Get ready: Cobra" and first["next_label"].startswith("Next: Hold - rep 1 of ")
    assert holds[0]["rep_text"] == f"Rep 1 of {holds[0]['step']['reps']}" and holds[0]["title"] == "Hold"
    assert {e["position"] for e in holds} == {"hold"} and first["position"] == "start"
    sided = [e for e in holds if e["step"]["side"]]
    assert sided and all(e["side_text"] == e["step"]["side"].capitalize() + " hip" for e in sided)
    assert [m["event"]["label"] for m in messages if is_event("exercise_started")(m)][0].startswith("Exercise 1 of 3: ")
    chimes = [m["chime"] for m in messages if m["type"] == "event" and m["chime"]]
    assert chimes == ["start", "end"] * len(holds)
    said = [m["say"] for m in messages if m["type"] == "event" and m["say"]]
    assert said[-1] == "Well done. Session complete."
    progress = [m["progress"] for m in messages if "progress" in m]
    assert progress == sorted(progress) and progress[-1] == 1.0

    record = ended(ws, pain=1)
    assert record["session"]["status"] == "completed" and reps(record["session"]) == len(done)
    assert record["text"].startswith("Session complete: Cobra ")
    (listed,) = history(run)
    assert listed["id"] == record["session"]["id"] and listed["status"] == "completed"
    assert (listed["pain_before"], listed["pain_after"], reps(listed)) == (3, 1, len(done))


def test_pause_skip_and_stop(ws, run) -> None:
    ws.send_json({"type": "start", "check": "no", **FAST})
    ws.send_json({"type": "command", "name": "pause"})  # taken as the session's first step begins
    current = events(until(ws, is_event("paused")), "step_started")[-1]["index"]
    ws.send_json({"type": "command", "name": "skip"})  # a skip while paused goes on first
    after_pause = until(ws, is_event("step_ended"))
    assert [m["event"]["event"] for m in after_pause] == ["resumed", "step_ended"]  # nothing ran while paused
    assert after_pause[-1]["event"]["skipped"] is True and after_pause[-1]["event"]["index"] == current

    before_stop = until(ws, is_event("rep_completed"))
    ws.send_json({"type": "command", "name": "stop"})
    rest = until(ws, is_event("session_ended"))
    assert events(rest, "session_ended")[0]["status"] == "stopped"
    done = len(events(before_stop + rest, "rep_completed"))
    record = ended(ws)
    assert record["session"]["status"] == "stopped" and reps(record["session"]) == done >= 1
    (listed,) = history(run)
    assert listed["status"] == "stopped" and reps(listed) == done and listed["pain_after"] is None


def test_this_hurts_ends_the_session_with_the_advice(ws, run) -> None:
    from psoas.safety import load_screening

    ws.send_json({"type": "start", "check": "no", **FAST})
    until(ws, lambda m: is_event("step_started")(m) and m["event"]["step"]["kind"] == "hold")
    ws.send_json({"type": "command", "name": "hurt"})
    messages = until(ws, is_event("session_ended"))
    assert messages[-1]["event"]["status"] == "hurt"
    assert messages[-1]["say"] == "Stopping. Rest, and do not push through pain."
    assert messages[-1]["advice"] == load_screening().messages.hurt  # at once, before pain after
    record = ended(ws, pain=6)
    assert record["advice"] == load_screening().messages.hurt
    (listed,) = history(run)
    assert (listed["status"], listed["pain_after"]) == ("hurt", 6)


def hello(client) -> dict:  # noqa: ANN001
    """A new socket's hello (the socket closed again)."""
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        return ws.receive_json()


def test_closing_the_page_mid_session_leaves_it_stopped(client, host, screened, seconds, run) -> None:
    from psoas.web.session_host import RECONNECT_GRACE_S

    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", "speed": 20})  # 100 times: the routine in over 2 s
        seen = until(ws, is_event("rep_completed"))
    # leaving the block closes the socket and waits for the server's side to finish
    holds = sum(1 for e in events(seen, "step_started") if e["step"]["kind"] == "hold")
    (waiting,) = host.sessions
    assert waiting.coach.state == "paused"  # nobody sees the page: no step runs on for nobody
    saved = reps(history(run)[0])
    seconds.t += RECONNECT_GRACE_S - 1
    assert hello(client)["running"] is True  # within the grace the session waits for its page
    assert len(host.sessions) == 1
    seconds.t += 1
    assert hello(client) == {"type": "hello", "live": True, "running": False}  # the grace is over
    assert host.sessions == []
    (listed,) = history(run)
    assert listed["status"] == "stopped"
    # the rep seen, maybe one more done before the server heard; none while the page was away
    assert holds == 1 and 1 <= reps(listed) == saved < 14
    assert listed["ended_at"] is not None and listed["pain_after"] is None


def test_a_dropped_socket_comes_back_and_the_session_goes_on_without_losing_reps(client, host, screened, run) -> None:
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", "pain_before": 2, **FAST})
        before = until(ws, is_event("rep_completed"))
        ws.send_json({"type": "command", "name": "pause"})
        before += until(ws, is_event("paused"))
    at = events(before, "step_started")[-1]
    done_before = len(events(before, "rep_completed"))
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        assert ws.receive_json() == {"type": "hello", "live": True, "running": True}
        ws.send_json({"type": "resume"})
        resumed = ws.receive_json()
        assert resumed["type"] == "resumed" and resumed["running"] is True
        assert (resumed["state"], resumed["reps"]) == ("paused", done_before)
        assert 0 < resumed["progress"] < 1 and isinstance(resumed["session"], int)
        # where the session is, again, in the events the page shows anyway (no voice, no chime)
        shown = [ws.receive_json() for _ in range(3)]
        assert [m["event"]["event"] for m in shown] == ["exercise_started", "step_started", "tick"]
        assert shown[1]["event"] == at and shown[2]["event"]["step"] == at["step"]
        assert 0 < shown[2]["event"]["remaining_s"] <= at["step"]["duration_s"]
        assert all(m["say"] is None and m["chime"] is None for m in shown)
        ws.send_json({"type": "command", "name": "resume"})
        after = until(ws, is_event("session_ended"))
        assert after[-1]["event"]["status"] == "completed"
        record = ended(ws, pain=1)
    holds = sum(1 for s in record["session"]["exercises"] for _ in range(s["reps_done"]))
    assert done_before + len(events(after, "rep_completed")) == reps(record["session"]) == holds
    (listed,) = history(run)
    assert (listed["status"], listed["pain_before"], listed["pain_after"]) == ("completed", 2, 1)
    assert reps(listed) == done_before + len(events(after, "rep_completed"))


def test_a_running_session_pauses_while_its_page_is_away_and_goes_on_when_it_is_back(
    client,
    host,
    screened,
    run,  # noqa: ANN001
) -> None:
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", **FAST})
        until(ws, is_event("rep_completed"))
    (waiting,) = host.sessions
    assert waiting.coach.state == "paused" and waiting.paused_for_page
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        assert ws.receive_json()["running"] is True
        ws.send_json({"type": "resume"})
        resumed = ws.receive_json()
        assert resumed["type"] == "resumed" and resumed["state"] == "running"  # not left paused
        after = until(ws, is_event("session_ended"))
        assert after[-1]["event"]["status"] == "completed"
        ended(ws, pain=None)
    (listed,) = history(run)
    assert listed["status"] == "completed" and reps(listed) == 14


def test_pain_after_reaches_the_store_when_the_socket_drops_after_the_end(client, host, screened, run) -> None:
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        first_rep_then(ws, "stop", "session_ended")
    (listed,) = history(run)
    assert listed["status"] == "stopped" and listed["pain_after"] is None  # not final yet: pain after comes
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        assert ws.receive_json()["running"] is True
        ws.send_json({"type": "resume"})
        resumed = ws.receive_json()
        assert (resumed["type"], resumed["state"]) == ("resumed", "ended")
        assert ws.receive_json()["event"]["event"] == "session_ended"  # the page asks pain after again
        record = ended(ws, pain=4)
    assert record["session"]["pain_after"] == 4
    (listed,) = history(run)
    assert (listed["status"], listed["pain_after"]) == ("stopped", 4)
    assert hello(client)["running"] is False


def test_nobody_back_after_the_end_saves_it_without_pain_after(client, host, screened, seconds, run) -> None:
    from psoas.web.session_host import NOTHING_TO_RESUME, RECONNECT_GRACE_S

    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", **FAST})
        ws.send_json({"type": "command", "name": "hurt"})
        until(ws, is_event("session_ended"))
    seconds.t += RECONNECT_GRACE_S
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        assert ws.receive_json()["running"] is False
        ws.send_json({"type": "resume"})  # too late: said so, and a new session can start here
        assert ws.receive_json() == {"type": "resumed", "running": False, "message": NOTHING_TO_RESUME}
    (listed,) = history(run)
    assert (listed["status"], listed["pain_after"]) == ("hurt", None) and listed["ended_at"] is not None


def test_pain_after_by_post_once_the_page_was_away_too_long(client, host, screened, seconds, change, run) -> None:
    from psoas.web.session_host import RECONNECT_GRACE_S

    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", **FAST})
        started = until(ws, is_event("session_started"))[-1]
        ws.send_json({"type": "command", "name": "stop"})
        until(ws, is_event("session_ended"))
    session = started["session"]  # the stored session's id, with session_started
    assert isinstance(session, int)
    seconds.t += RECONNECT_GRACE_S
    assert hello(client)["running"] is False  # saved without pain after
    refused = client.post("/api/pain-after", json={"session": session, "pain": 5}, headers={"origin": ORIGIN})
    assert refused.status_code == 403  # a change: the page's CSRF token is needed
    answer = client.post("/api/pain-after", json={"session": session, "pain": 5}, headers=change)
    assert answer.status_code == 200, answer.text
    assert answer.json()["session"]["pain_after"] == 5 and answer.json()["text"].startswith("Session stopped")
    (listed,) = history(run)
    assert (listed["status"], listed["pain_after"]) == ("stopped", 5)
    again = client.post("/api/pain-after", json={"session": session, "pain": 2}, headers=change)
    assert again.status_code == 409 and "already saved" in again.json()["error"]
    other = client.post("/api/pain-after", json={"session": session + 1, "pain": 2}, headers=change)
    assert other.status_code == 409 and "latest session" in other.json()["error"]
    bad = client.post("/api/pain-after", json={"session": session, "pain": 11}, headers=change)
    assert bad.status_code == 422
    assert history(run)[0]["pain_after"] == 5


def test_pain_after_by_post_reaches_a_session_still_waiting(client, host, screened, change, run) -> None:
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", **FAST})
        session = until(ws, is_event("session_started"))[-1]["session"]
        too_soon = client.post("/api/pain-after", json={"session": session, "pain": 3}, headers=change)
        assert too_soon.status_code == 409 and "still running" in too_soon.json()["error"]
        ws.send_json({"type": "command", "name": "hurt"})
        until(ws, is_event("session_ended"))
    assert host.sessions  # waiting for its page, or for pain after
    answer = client.post("/api/pain-after", json={"session": session, "pain": 6}, headers=change)
    assert answer.status_code == 200 and answer.json()["advice"]  # the hurt advice, as in "ended"
    assert host.sessions == []
    (listed,) = history(run)
    assert (listed["status"], listed["pain_after"]) == ("hurt", 6)


def test_stopping_the_server_stops_a_session_waiting_for_its_page(config, host, screened, run) -> None:
    from starlette.testclient import TestClient

    from psoas.web.app import create_app

    with TestClient(create_app(config)) as client:
        client.get(f"/?token={config.secrets.token}", follow_redirects=False)
        with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
            first_rep_then(ws, "pause", "paused")
        assert host.sessions  # waiting for its page
    # leaving the client's block stops the app: the session is saved, stopped
    assert host.sessions == []
    (listed,) = history(run)
    assert listed["status"] == "stopped" and reps(listed) >= 1 and listed["ended_at"] is not None


def test_resume_on_a_page_that_has_the_session_changes_nothing(ws, run) -> None:
    ws.send_json({"type": "start", "check": "no", **FAST})
    ws.send_json({"type": "resume"})
    assert until(ws, lambda m: m["type"] == "error")[-1]["message"] == "this page already has the session"
    ws.send_json({"type": "command", "name": "stop"})
    until(ws, is_event("session_ended"))
    assert ended(ws)["session"]["status"] == "stopped"


def test_the_gate_refuses_without_a_screening_and_records_nothing(client, host, run) -> None:
    from psoas.safety import load_screening

    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", **FAST})
        refused = ws.receive_json()
    assert refused == {"type": "refused", "message": load_screening().messages.no_screening_unattended}
    assert history(run) == []


def test_a_yes_to_the_check_is_recorded_and_refused_with_its_message(ws, config, run) -> None:
    ws.send_json({"type": "start", "check": "yes", **FAST})
    messages = until(ws, lambda m: m["type"] == "refused")
    said = [m["event"]["text"] for m in messages if m["type"] == "event"]
    assert said and messages[-1]["message"]
    assert config.store().screenings.latest("session_check") is not None  # recorded, as the terminal does
    assert history(run) == []
    # the socket stays open: the page can go on (here: another start, refused the same way)
    ws.send_json({"type": "start", "check": "no", **FAST})
    assert until(ws, lambda m: m["type"] in ("refused", "ended"))[-1]["type"] == "refused"


def test_messages_out_of_turn_are_answered_and_change_nothing(ws, run) -> None:
    ws.send_json({"type": "start", "check": "no", **FAST})
    ws.send_json({"type": "pain_after", "pain": 2})
    ws.send_json({"type": "start", "check": "no"})
    messages = until(ws, lambda m: m["type"] == "error" and "already running" in m["message"])
    assert any(m["type"] == "error" and "still running" in m["message"] for m in messages)
    ws.send_json({"type": "command", "name": "stop"})
    until(ws, is_event("session_ended"))
    ws.send_json({"type": "command", "name": "skip"})  # after the end: nothing to skip
    record = ended(ws)
    assert record["session"]["status"] == "stopped"
    assert len(history(run)) == 1


class FakeFrames:
    """The camera's page side as the host sees it: parse_frame(message) -> PoseFrame."""

    def __init__(self, fail: type[Exception] | None = None) -> None:
        self.fail = fail
        self.read: list[dict] = []

    def __call__(self, message: dict):  # noqa: ANN204
        from psoas.pose.frame import PoseFrame

        self.read.append(message)
        if self.fail is ImportError:
            raise ImportError("no psoas.web.landmarks")
        if self.fail is not None:  # worded as psoas.web.landmarks.parse_frame words it
            raise self.fail("bad camera frame: landmarks: expected 33 points")
        return PoseFrame(t=float(message["t"]))  # nobody in view


def test_camera_frames_reach_the_coach_and_the_switch_turns_it_off(client, host, screened, run) -> None:
    frames = FakeFrames()
    host.parse_frame = frames
    big = {"type": "frame", "t": 0.0, "landmarks": [[0.5, 0.5, 0.0, 0.9]] * 33, "world": [[0.1, 0.2, 0.3]] * 33}
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", "camera": True, **FAST})
        until(ws, is_event("session_started"))
        cue = None
        for i in range(2000):  # frames of nobody: the coach says it cannot see you (after a few seconds)
            ws.send_json({**big, "t": i / 30})
            if i % 20 == 19:
                ws.send_json({"type": "command", "name": "pause"})
                ws.send_json({"type": "command", "name": "resume"})
                messages = until(ws, is_event("resumed"))
                cue = next((e for e in events(messages, "cue") if e["kind"] == "unseen"), None)
                if cue:
                    break
        assert cue is not None and "can't see you" in cue["text"]
        ws.send_json({"type": "camera", "on": False})
        switched = until(ws, is_event("camera_switched"))[-1]["event"]
        assert switched["on"] is False
        ws.send_json({"type": "command", "name": "stop"})
        until(ws, is_event("session_ended"))
        ended(ws)
    assert frames.read and frames.read[0]["landmarks"] == big["landmarks"]  # the whole message, for parse_frame
    assert history(run)[0]["status"] == "stopped"


@pytest.mark.parametrize(("fail", "expect"), [(ImportError, "camera_switched"), (ValueError, "error")])
def test_frames_that_cannot_be_read(client, host, screened, fail, expect) -> None:  # noqa: ANN001
    host.parse_frame = FakeFrames(fail)
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", "camera": True, **FAST})
        until(ws, is_event("session_started"))
        ws.send_json({"type": "frame", "t": 0})
        message = until(ws, lambda m: m["type"] == "error" or is_event("camera_switched")(m))[-1]
        if expect == "error":
            assert (
                message["type"] == "error" and message["message"] == "bad camera frame: landmarks: expected 33 points"
            )
        else:
            assert message["event"]["on"] is False and "timer" in message["event"]["reason"]
        ws.send_json({"type": "command", "name": "stop"})
        until(ws, is_event("session_ended"))


def test_a_bad_frame_is_answered_with_the_readers_own_words_once(client, host, screened) -> None:
    from psoas.web.landmarks import parse_frame

    bad = {"type": "frame", "t_ms": -5.0, "width": 640, "height": 480, "landmarks": None}
    with pytest.raises(ValueError, match="bad camera frame") as reason:
        parse_frame(bad)
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", "camera": True, **FAST})
        until(ws, is_event("session_started"))
        ws.send_json(bad)  # through the real reader (psoas.web.landmarks)
        message = until(ws, lambda m: m["type"] == "error")[-1]
        ws.send_json({"type": "command", "name": "stop"})
        until(ws, is_event("session_ended"))
    assert message["message"] == str(reason.value)
    assert message["message"].count("bad camera frame") == 1


def test_a_camera_session_comes_back_with_what_its_countdown_waits_for(client, host, screened, run) -> None:
    host.parse_frame = FakeFrames()
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", "camera": True, **FAST})
        waiting = until(ws, is_event("waiting"))[-1]["event"]  # the camera waits for the start position
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        assert ws.receive_json()["running"] is True
        ws.send_json({"type": "resume"})
        snapshot = until(ws, is_event("waiting"))  # nobody is seen meanwhile: it still waits
        assert snapshot[0]["type"] == "resumed" and snapshot[0]["state"] == "running" and snapshot[0]["reps"] == 0
        assert snapshot[-1]["event"]["text"] == waiting["text"]
        ws.send_json({"type": "command", "name": "stop"})
        until(ws, is_event("session_ended"))
        assert ended(ws)["session"]["status"] == "stopped"
    assert history(run)[0]["status"] == "stopped"


def test_frames_outside_a_camera_session_are_not_read(ws, host) -> None:
    frames = FakeFrames()
    host.parse_frame = frames
    ws.send_json({"type": "frame", "t": 0})  # before any session: nothing happens
    ws.send_json({"type": "start", "check": "no", **FAST})
    ws.send_json({"type": "frame", "t": 0})
    ws.send_json({"type": "command", "name": "stop"})
    until(ws, is_event("session_ended"))
    assert frames.read == []


def test_a_fault_in_the_session_is_one_line_and_the_page_stays(client, config, screened) -> None:
    from psoas.web.session_host import SESSION_FAILED, SessionHost

    logged: list[str] = []

    def broken_store():  # noqa: ANN202
        raise RuntimeError("disk on fire")

    config.live = SessionHost(broken_store, config.now, log=logged.append)
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start", "check": "no", **FAST})
        assert ws.receive_json() == {"type": "error", "message": SESSION_FAILED}
        config.live.store = config.store  # the page may try again on the same socket
        ws.send_json({"type": "start", "check": "no", **FAST})
        ws.send_json({"type": "command", "name": "stop"})
        until(ws, is_event("session_ended"))
    assert logged == ["the guided session could not start: RuntimeError: disk on fire"]
