"""Helpers the web tests share: the TestClient's origin, `psoas serve` as a real process, headless Chromium."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ORIGIN = "http://testserver"  # starlette's TestClient talks to this host
ADDRESS = re.compile(r"^http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]{40,})$")
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright never downloads a browser
# Without the background-networking flags Chromium keeps calling hosts this closed network refuses.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
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


@contextmanager
def chromium_context(profile: Path, args: Sequence[str] = (), **options: Any) -> Iterator[Any]:
    """A persistent headless Chromium context (Playwright) with FLAGS plus `args`; skips the test
    when Chromium or Playwright is missing. `options` go to launch_persistent_context."""
    import pytest

    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=[*FLAGS, *args],
            reduced_motion="reduce", **options,
        )  # fmt: skip
        try:
            yield context
        finally:
            context.close()
