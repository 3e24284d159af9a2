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


def psoas_output(home, *args: str) -> str:  # noqa: ANN001
    """What `psoas ARGS` prints on stdout with PSOAS_HOME=home (it must succeed)."""
    command = [sys.executable, "-m", "psoas", *args]
    result = subprocess.run(command, capture_output=True, text=True, env=_env(home), timeout=READY_S)
    assert result.returncode == 0, result.stderr
    return result.stdout


def screen_clear_by_keyboard(page) -> None:  # noqa: ANN001
    """The page's screening answered "No" throughout by keyboard alone: each question's heading
    takes the focus; Tab, Tab is "No"; Enter answers. Ends on the result."""
    while page.locator(".question-number").count():
        heading = page.locator(".question-number").inner_text()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.dataset.answer") == "no"
        page.keyboard.press("Enter")
        page.locator(f".question-number:not(:text-is('{heading}')), [data-status]").first.wait_for()


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


# Text against what is behind it, as WCAG 2's contrast ratio (SC 1.4.3, level AA): 4.5 for text,
# 3 for large text (24 px, or 18.66 px bold). Each visible element with text of its own, its
# colour (and opacity) laid over the first opaque background behind it; disabled controls and
# SVG drawings are left out (WCAG exempts the one; the other carries its own white card).
CONTRAST = """() => {
  const parse = (c) => {
    const m = String(c).match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
  const behind = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    return layers.reverse().reduce((bg, c) => over(c, bg), [255, 255, 255, 1]);
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.checkVisibility() || el.closest(":disabled, svg")) continue;
    const style = getComputedStyle(el);
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const bg = behind(el);
    const c = parse(style.color);
    const fg = over([c[0], c[1], c[2], c[3] * opacity], bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (Number(style.fontWeight) >= 700 && size >= 18.66);
    out.push({ text: el.textContent.trim().slice(0, 50), ratio: (hi + 0.05) / (lo + 0.05), need: large ? 3 : 4.5,
               fg: style.color, bg: "rgb(" + bg.slice(0, 3).map(Math.round).join(", ") + ")" });
  }
  return out;
}"""


def low_contrast(page) -> tuple[int, list[dict]]:  # noqa: ANN001
    """How many text elements were measured, and those under WCAG AA's contrast."""
    measured = page.evaluate(CONTRAST)
    return len(measured), [m for m in measured if m["ratio"] < m["need"]]
