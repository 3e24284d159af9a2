"""The WebSocket /ws: the messages the coach's host receives and sends."""

from __future__ import annotations

import json

import pytest
from web_helpers import ORIGIN


class EchoHost:
    """A stand-in for the coach's web host: it sends an event per command until stop or the page goes."""

    def __init__(self) -> None:
        self.started = []
        self.commands = []
        self.page_gone = False

    async def run(self, channel, start) -> None:  # noqa: ANN001
        from psoas.session.events import Paused

        self.started.append(start)
        while True:
            message = await channel.receive()
            if message is None:
                self.page_gone = True
                return
            self.commands.append(message)
            if getattr(message, "name", None) == "pause":
                await channel.send_event(Paused(at=1.5))
            if getattr(message, "name", None) == "stop":
                await channel.send({"type": "ended", "session": {"status": "stopped"}})
                return


@pytest.fixture
def live_client(config, client):  # noqa: ANN001, ANN201
    config.live = EchoHost()
    return client


def test_without_the_coach_the_socket_says_so_and_stays_open(client) -> None:
    with client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        assert ws.receive_json() == {"type": "hello", "live": False, "running": False}
        ws.send_json({"type": "start", "check": "no", "pain_before": 2})
        error = ws.receive_json()
        assert error["type"] == "error" and "psoas start" in error["message"]
        ws.send_json({"type": "command", "name": "skip"})
        assert ws.receive_json()["message"] == "no session is running; start one first"


def test_the_host_gets_the_start_commands_and_sends_events(live_client, config) -> None:
    with live_client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        assert ws.receive_json() == {"type": "hello", "live": True, "running": False}
        ws.send_json({"type": "start", "check": "no", "pain_before": 3, "speed": 20})
        ws.send_json({"type": "command", "name": "pause"})
        assert ws.receive_json() == {"type": "event", "event": {"event": "paused", "at": 1.5}}
        ws.send_json({"type": "command", "name": "stop"})
        assert ws.receive_json()["type"] == "ended"
    host = config.live
    assert (host.started[0].check, host.started[0].pain_before, host.started[0].speed) == ("no", 3, 20)
    assert [c.name for c in host.commands] == ["pause", "stop"]


def test_closing_the_page_mid_session_tells_the_host(live_client, config) -> None:
    with live_client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_json({"type": "start"})
        ws.send_json({"type": "command", "name": "skip"})
    # leaving the block closes the socket and waits for the server's side to finish
    assert config.live.page_gone and [c.name for c in config.live.commands] == ["skip"]


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ('{"type": "command", "name": "explode"}', "name"),
        ('{"type": "start", "pain_before": 11}', "pain_before"),
        ('{"type": "start", "check": "cleared"}', "check"),
        ("not json", "bad message"),
        ('{"type": "start", "extra": 1}', "extra"),
        ('{"type": "start", "speed": "' + "9" * 5000 + '"}', "too long"),
    ],
)
def test_a_bad_message_is_answered_with_one_line_and_skipped(live_client, config, message, reason) -> None:
    with live_client.websocket_connect("/ws", headers={"origin": ORIGIN}) as ws:
        ws.receive_json()
        ws.send_text(message)
        error = ws.receive_json()
        assert error["type"] == "error" and reason in error["message"] and "\n" not in error["message"]
        ws.send_json({"type": "start"})
        ws.send_json({"type": "command", "name": "stop"})
        assert ws.receive_json()["type"] == "ended"
    assert len(config.live.started) == 1


def test_only_a_camera_frame_may_be_longer_than_a_command() -> None:
    from psoas.web.live import MAX_FRAME_MESSAGE, MAX_MESSAGE, CameraMessage, FrameMessage, parse_message

    # 33 landmarks of 4 numbers and 33 world landmarks of 3, at JavaScript's full precision: about 5 KB
    points = [[i / 7 + 0.1, i / 11 + 0.2, -i / 13 - 0.3, 1 - i / 97] for i in range(33)]
    frame = json.dumps({"type": "frame", "t": 1.25, "landmarks": points, "world": [p[:3] for p in points]})
    assert MAX_MESSAGE < len(frame) < MAX_FRAME_MESSAGE
    parsed = parse_message(frame)
    assert isinstance(parsed, FrameMessage) and parsed.data["landmarks"] == points
    with pytest.raises(ValueError, match="too long"):
        parse_message(json.dumps({"type": "command", "name": "stop", "pad": "x" * MAX_MESSAGE}))
    with pytest.raises(ValueError, match="too long"):
        parse_message(json.dumps({"type": "frame", "pad": "x" * MAX_FRAME_MESSAGE}))
    assert parse_message('{"type": "camera", "on": false}') == CameraMessage(type="camera", on=False)
