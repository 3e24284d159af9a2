"""The page in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; no
browser download). Skips cleanly where chromium or the playwright package is missing.

It answers a clear screening by keyboard alone, changes a setting, reads the history, and at
1280x800 and 390x844 takes screenshots and checks that no control is cut off and that every
button has an accessible name; in the light and the dark colour scheme every page's text has
WCAG AA's contrast against its background. PSOAS_WEB_SCREENSHOTS=DIR keeps the screenshots (for
the README).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from web_helpers import (
    SIZES,
    chromium_context,
    low_contrast,
    psoas_output,
    screen_clear_by_keyboard,
    start,
    stop,
)

from builders import add_all, session

PAGES = ["/", "/plan", "/history", "/exercises", "/exercises/kneeling_hip_stretch", "/settings", "/data"]

pytestmark = pytest.mark.slow


@pytest.fixture
def browser(tmp_path):  # noqa: ANN001, ANN201
    with chromium_context(tmp_path / "chromium-profile", viewport={"width": 1280, "height": 800}) as context:
        yield context


@pytest.fixture
def server(psoas_home, store):  # noqa: ANN001, ANN201
    add_all(store, [session(day, pain_before=3, pain_after=2) for day in range(3)])
    process, url = start(psoas_home)
    yield url
    stop(process)


def _psoas(home: Path, *args: str) -> dict:
    return json.loads(psoas_output(home, *args))


def _ready(page, url: str) -> None:  # noqa: ANN001
    page.goto(url)
    page.wait_for_selector("body[data-ready]")
    page.wait_for_load_state("networkidle")  # pictures and charts too


def _check_layout(page, width: int) -> None:  # noqa: ANN001
    """Every control inside the viewport's width, and every button named for assistive technology."""
    controls = page.locator("button, a:not(.skip), input, select, [role=button]")  # the skip link shows on focus
    for i in range(controls.count()):
        control = controls.nth(i)
        if not control.is_visible():
            continue
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, control.evaluate(
            "e => e.outerHTML.slice(0, 120)"
        )
    tree = page.locator("body").aria_snapshot()
    unnamed = [line for line in tree.splitlines() if line.strip() in ("- button", "- button:")]
    assert unnamed == [], tree
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling


def test_the_page_in_chromium(browser, server, psoas_home, tmp_path) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    base = server.split("/?")[0]

    # A clear screening, by keyboard alone: each question's heading takes the focus; Tab, Tab is "No".
    _ready(page, server)
    assert page.url == base + "/"  # the token has left the address
    screen_clear_by_keyboard(page)
    assert page.locator("[data-status]").get_attribute("data-status") == "clear"
    assert _psoas(psoas_home, "screen", "--json")["status"] == "clear"

    # The pre-session check and the session's controls, once the screening is done.
    _ready(page, base + "/")
    assert page.get_by_role("button", name="This hurts").is_visible()
    assert page.locator("fieldset.check-question legend").inner_text()

    # A setting changed on the page is the terminal's setting.
    _ready(page, base + "/settings")
    page.get_by_label("Sitting reminder after (minutes)").fill("45")
    page.get_by_role("button", name="Save settings").click()
    page.locator("#settings-status[data-kind=ok]").wait_for()
    assert _psoas(psoas_home, "config", "--json")["sitting_interval"] == 45
    page.get_by_label("Sitting reminder after (minutes)").fill("5")
    page.get_by_role("button", name="Save settings").click()
    page.locator("#settings-status[data-kind=error]").wait_for()
    assert "must be from 20 to 60" in page.locator("#settings-status").inner_text()
    assert [e for e in errors if "status of 400" not in e] == []  # the browser logs the refused change
    errors.clear()

    # The history: the three sessions on record, the streak, the charts drawn.
    _ready(page, base + "/history")
    assert page.locator("table").first.locator("tbody tr").count() == 3
    chart = page.locator("img.report")
    assert chart.evaluate("img => img.naturalWidth") > 0

    shots = tmp_path / "screenshots"
    shots.mkdir()
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        for path in PAGES:
            _ready(page, base + path)
            _check_layout(page, width)
            name = (path.strip("/").replace("/", "-") or "today") + f"-{size}.png"
            page.screenshot(path=str(shots / name), full_page=True)

    # Readable in either colour scheme the system asks for: every text against what is behind it.
    page.set_viewport_size({"width": 1280, "height": 800})
    backgrounds = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for path in PAGES:
            _ready(page, base + path)
            measured, low = low_contrast(page)
            assert measured >= 5 and low == [], (scheme, path, low)
        backgrounds[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.screenshot(path=str(shots / f"data-{scheme}.png"), full_page=True)
    assert backgrounds["light"] != backgrounds["dark"]  # the dark scheme is taken, not ignored
    keep = os.environ.get("PSOAS_WEB_SCREENSHOTS")
    if keep:
        shutil.copytree(shots, keep, dirs_exist_ok=True)
    assert errors == []
