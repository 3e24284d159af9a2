"""Plain output (not a terminal) carries no control characters: no bell, no cursor drawing."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

import pytest

CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # every control character but the newline
NO_DEVICE = "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'"


def test_unattended_plain_output_has_no_control_characters(fake_tool, start_screened) -> None:
    fake_tool("espeak-ng", stderr=NO_DEVICE)  # its failure message goes to the output as well
    result = start_screened("--voice", "--speed", "5000", "--no-checkin")
    assert result.code == 0, result.err
    assert "Session completed" in result.out and "Rep 1 done" in result.out
    assert CONTROL.findall(result.out) == []


def psoas(*args: str) -> list[str]:
    return [sys.executable, "-m", "psoas", *args]


@pytest.mark.slow
def test_keys_from_a_terminal_with_output_into_a_pipe_write_plain_lines(tmp_path) -> None:
    """`psoas start | tee log`: the keyboard is a terminal, the output is not."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PSOAS_") and k != "FORCE_COLOR"}
    env.update(PSOAS_HOME=str(tmp_path / "home"), TERM="xterm")
    listing = subprocess.run(psoas("screen", "--list", "--json"), env=env, capture_output=True, text=True, check=True)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({q["id"]: "no" for q in json.loads(listing.stdout) if q["kind"] != "session_check"}))
    subprocess.run(psoas("screen", "--answers", str(answers)), env=env, capture_output=True, check=True)

    keyboard, terminal = pty.openpty()
    try:
        os.write(keyboard, b"n\n")  # 'no' to the pre-session check, typed ahead
        run = subprocess.run(
            psoas("start", "--speed", "1000", "--no-checkin"),
            env=env,
            stdin=terminal,
            capture_output=True,
            timeout=120,
        )
    finally:
        os.close(keyboard)
        os.close(terminal)
    out = run.stdout.decode()
    assert run.returncode == 0, run.stderr.decode()
    assert "Session completed" in out and "Rep 1 done" in out  # the plain lines, not a live panel
    assert CONTROL.findall(out) == []
