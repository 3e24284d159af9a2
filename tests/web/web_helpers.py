"""Helpers the web tests share: the TestClient's origin, `psoas serve` as a real process."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys

ORIGIN = "http://testserver"  # starlette's TestClient talks to this host
ADDRESS = re.compile(r"^http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{40,})$")
READY_S = 60  # a cold start imports FastAPI, SQLAlchemy and opens the store: seconds on a slow machine


def _env(home) -> dict[str, str]:  # noqa: ANN001
    env = {**os.environ, "PSOAS_HOME": str(home)}
    env.pop("PSOAS_DATABASE_URL", None)
    return env


def start(home, *args: str) -> tuple[subprocess.Popen, str]:  # noqa: ANN001
    """`psoas serve --port 0 --no-open ARGS`, and the one line it prints once ready."""
    process = subprocess.Popen(
        [sys.executable, "-m", "psoas", "serve", "--port", "0", "--no-open", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(home),
    )  # fmt: skip
    assert process.stdout is not None
    line = process.stdout.readline().strip()  # blocks until the server is ready (or gone)
    if not line:
        process.kill()
        raise AssertionError(f"no address printed: {process.communicate(timeout=READY_S)[1]}")
    return process, line


def stop(process: subprocess.Popen) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)  # Ctrl-C
    out, err = process.communicate(timeout=READY_S)
    return process.returncode, out, err
