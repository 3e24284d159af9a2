"""The real `psoas start` as a user runs it: in a pseudo-terminal with keys, piped, and killed."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pexpect
import pytest

from psoas.library import load_library

pytestmark = pytest.mark.slow


def psoas_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "psoas", *args]


def history(env: dict[str, str]) -> list[dict]:
    out = subprocess.run(psoas_command("history", "--json"), env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def screen_clear(env: dict[str, str], tmp_path) -> None:
    """Answer every screening question 'no', as a user with no red flags would."""
    listing = subprocess.run(
        psoas_command("screen", "--list", "--json"), env=env, capture_output=True, text=True, check=True
    )
    answers = {question["id"]: "no" for question in json.loads(listing.stdout)}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    subprocess.run(psoas_command("screen", "--answers", str(path)), env=env, capture_output=True, check=True)


def spawn_until_session(env: dict[str, str], tmp_path, *args: str, pain_before: int = 0) -> pexpect.spawn:
    """Start `psoas start ARGS` in a pseudo-terminal; answer 'no' to the pre-session check and,
    when asked, rate pain before as `pain_before`."""
    screen_clear(env, tmp_path)
    command = psoas_command("start", *args)
    child = pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=30, dimensions=(40, 80))
    prompts = [r"Get ready: Cobra", r"\[y\]es / \[n\]o", r"right now, 0 \(none\) to 10"]
    while (found := child.expect(prompts)) != 0:
        child.sendline("n" if found == 1 else str(pain_before))
    return child


def test_keys_in_a_terminal_pause_skip_quit_then_saved(env, tmp_path) -> None:
    child = spawn_until_session(env, tmp_path, "--speed", "20", pain_before=4)  # answered at the prompt
    try:
        child.send(" ")
        child.expect("PAUSED")
        child.send(" ")  # resume
        child.send("n")  # skip the get-ready
        child.expect("Hold - rep 1 of 3")
        child.expect(r"Release and rest(\x1b\[[0-9;]*m)* +\d+ s")  # the rest step itself: rep 1 done and saved
        child.send(" ")  # pause so nothing else happens before we quit
        child.expect("PAUSED")
        child.send("q")
        child.expect("after the session")
        child.sendline("2")
        child.expect("Session stopped")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    [session] = history(env)
    assert session["status"] == "stopped"
    assert session["pain_before"] == 4 and session["pain_after"] == 2
    assert session["exercises"] == [
        {"id": "cobra", "side": None, "reps_done": 1, "hold_s_total": load_library()[0].dose.hold_s}
    ]


def test_this_hurts_key_records_hurt_and_gives_advice(env, tmp_path) -> None:
    child = spawn_until_session(env, tmp_path, "--speed", "20", "--no-checkin")
    try:
        child.send("h")
        child.expect("see a GP or physiotherapist")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert history(env)[0]["status"] == "hurt"


def test_piped_run_matches_the_dose(env) -> None:
    """The issue's check: unattended full run, then history equals the dose of `exercises --json`."""
    run = subprocess.run(
        psoas_command("start", "--speed", "1000", "--no-checkin"),
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "\x1b[" not in run.stdout  # no cursor drawing when not a terminal
    doses = json.loads(
        subprocess.run(psoas_command("exercises", "--json"), env=env, capture_output=True, text=True, check=True).stdout
    )
    [session] = history(env)
    assert session["status"] == "completed"
    done = {(e["id"], e["side"]): e["reps_done"] for e in session["exercises"]}
    for item in doses:
        sides = ("left", "right") if item["dose"]["per_side"] else (None,)
        for side in sides:
            assert done[(item["id"], side)] == item["dose"]["reps"]
    assert len(done) == sum(2 if d["dose"]["per_side"] else 1 for d in doses)


def _start_until(env, marker: str) -> subprocess.Popen:
    process = subprocess.Popen(
        psoas_command("start", "--speed", "40", "--no-checkin"),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if marker in line:
            return process
    raise AssertionError(f"never saw {marker!r}")


@pytest.mark.parametrize(
    ("sig", "why"), [(signal.SIGKILL, "crash: nothing can run"), (signal.SIGTERM, "polite stop: ends cleanly")]
)
def test_killed_mid_session_keeps_completed_reps(env, sig, why) -> None:
    process = _start_until(env, "Rep 2 done")  # printed after the rep was committed
    process.send_signal(sig)
    process.communicate(timeout=30)
    [session] = history(env)
    assert session["status"] == "stopped", why
    cobra = session["exercises"][0]
    assert cobra["id"] == "cobra" and 2 <= cobra["reps_done"] <= 3
    assert session["ended_at"] >= session["started_at"]


def test_remind_keys_in_a_terminal_snooze_and_quit(env) -> None:
    command = psoas_command("remind", "--terminal", "--for", "5")
    child = pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=30, dimensions=(40, 100))
    child.expect("Keys: s snooze")
    child.send("s")
    child.expect("Snoozed until")
    child.send("b")
    child.expect("Break noted")
    child.send("q")
    child.expect("Stopped. 0 reminder")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
