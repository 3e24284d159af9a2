"""What the camera tests and benchmarks/web_camera.py share: fake-camera clips (.y4m) made from
photos or generated, Chromium with a fake camera, the app in a thread, a stand-in host.

Chromium's fake camera (--use-file-for-fake-video-capture) plays a Y4M file at its own frame rate
and starts again at its end.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from web_helpers import chromium_context

SHARED = Path(__file__).resolve().parents[3] / "shared"  # as tests/conftest.py has it
FAKE_CAMERA = "--use-fake-device-for-media-stream"
FAKE_UI = "--use-fake-ui-for-media-stream"  # grants the camera without asking
WIDTH, HEIGHT = 640, 480  # a webcam's usual picture
# The pair of photos of one person: lying with knees bent (the bridge's start) and at the top.
BRIDGE_DOWN = "data/images/glute_bridge/fedb_pelvic_tilt_into_bridge_0.jpg"
BRIDGE_UP = "data/images/glute_bridge/fedb_pelvic_tilt_into_bridge_1.jpg"


def letterbox(image: np.ndarray, width: int = WIDTH, height: int = HEIGHT) -> np.ndarray:
    """The photo whole, scaled into the camera's picture, grey around it."""
    import cv2

    h, w = image.shape[:2]
    scale = min(width / w, height / h)
    resized = cv2.resize(image, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    out = np.full((height, width, 3), 96, dtype=np.uint8)
    y, x = (height - resized.shape[0]) // 2, (width - resized.shape[1]) // 2
    out[y : y + resized.shape[0], x : x + resized.shape[1]] = resized
    return out


def write_y4m(path: Path, pictures: Sequence[np.ndarray], counts: Sequence[int], fps: int) -> Path:
    """A Y4M clip (4:2:0): each BGR picture shown for its count of frames, in order."""
    import cv2

    height, width = pictures[0].shape[:2]
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for picture, count in zip(pictures, counts, strict=True):
            planes = cv2.cvtColor(picture, cv2.COLOR_BGR2YUV_I420).tobytes()
            for _ in range(count):
                out.write(b"FRAME\n")
                out.write(planes)
    return path


def bridge_clip(shared: Path, path: Path, fps: int = 10, lead_s: float = 12.0, up_s: float = 6.0,
                down_s: float = 4.0, reps: int = 5) -> Path:  # fmt: skip
    """Lying down for `lead_s` (the get-ready step), then `reps` times: at the top for `up_s` (the
    rise, the 3 s hold and a margin for the hold to be recognised), down for `down_s` (the
    lowering and the 2 s rest)."""
    import cv2

    down, up = (letterbox(cv2.imread(str(shared / name))) for name in (BRIDGE_DOWN, BRIDGE_UP))
    pictures = [down] + [up, down] * reps
    counts = [round(lead_s * fps)] + [round(up_s * fps), round(down_s * fps)] * reps
    return write_y4m(path, pictures, counts, fps)


def empty_clip(path: Path, fps: int = 10, seconds: float = 2.0) -> Path:
    """A room with nobody in it: a floor, a wall and a lamp, slightly changing light."""
    frames = []
    for i in range(4):
        room = np.zeros((HEIGHT, WIDTH, 3), dtype=np.uint8)
        room[: HEIGHT * 2 // 3] = (150 + 4 * i, 160 + 4 * i, 170)  # wall
        room[HEIGHT * 2 // 3 :] = (60, 90, 120 + 3 * i)  # floor
        room[80:200, 480:520] = (40, 200, 230)  # lamp
        frames.append(room)
    each = round(seconds * fps / len(frames))
    return write_y4m(path, frames, [each] * len(frames), fps)


@contextmanager
def chromium(profile: Path, clip: Path, *, fake_ui: bool = True, deny: bool = False) -> Iterator[Any]:
    """A persistent Chromium context with the clip as its camera. fake_ui: the camera granted
    without asking; deny: without it, the camera permission refused."""
    args = [FAKE_CAMERA, f"--use-file-for-fake-video-capture={clip}"] + ([FAKE_UI] if fake_ui else [])
    viewport = {"width": 1280, "height": 900}
    with chromium_context(profile, args, viewport=viewport, permissions=[] if deny else ["camera"]) as context:
        yield context


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serve(config: Any) -> Iterator[str]:
    """The app of `config` under uvicorn in a thread; yields the signed-in address."""
    import uvicorn

    from psoas.web.app import create_app

    server = uvicorn.Server(
        uvicorn.Config(
            create_app(config),
            host="127.0.0.1",
            port=config.port,
            log_level="warning",
            ws="wsproto",
            ws_max_size=64 * 1024,
            lifespan="on",
        )  # fmt: skip
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise AssertionError("the test server did not start")
        time.sleep(0.05)  # waiting for a real server thread to bind, not for the code under test
    try:
        yield f"http://127.0.0.1:{config.port}/?token={config.secrets.token}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


class EchoHost:
    """A stand-in for the coach's host: each frame read by parse_frame is kept and answered with
    an event carrying its `seq` (the round trip's measure); the session runs until stopped."""

    def __init__(self) -> None:
        self.frames: list[Any] = []
        self.bad: list[str] = []
        self.seqs: list[int] = []

    async def run(self, channel: Any, start: Any) -> None:
        from psoas.web.landmarks import parse_frame

        await channel.send({"type": "event", "event": {"event": "session_started", "at": 0.0}})
        while True:
            message = await channel.receive()
            if message is None:
                return
            if getattr(message, "type", "") == "command":
                await channel.send({"type": "event", "event": {"event": "session_ended", "status": "stopped"}})
                return
            data = getattr(message, "data", None)
            if data is None:
                continue
            try:
                frame = parse_frame(data)
            except ValueError as error:
                self.bad.append(str(error))
                continue
            self.frames.append(frame)
            self.seqs.append(data.get("seq", -1))
            event = {"event": "camera_seen", "at": frame.t, "visible": frame.present,
                     "exercise": None, "phase": None, "side": None, "hold_s": 0}  # fmt: skip
            await channel.send({"type": "event", "event": event, "seq": data.get("seq")})
            await asyncio.sleep(0)
