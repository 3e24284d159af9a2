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
    # Prompts wrap at word boundaries to the terminal's width: match single words, or allow line breaks.
    prompts = [r"Get ready: Cobra", r"\[n\]o", r"right\s+now,\s+0\s+\(none\)"]
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
        # the rest step itself (label, then its countdown): rep 1 done and saved
        child.expect(r"Release and rest *(\x1b\[[0-9;]*m)* +\d+ s")
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
        {
            "id": "cobra",
            "side": None,
            "reps_done": 1,
            "hold_s_total": load_library()[0].dose.hold_s,
            "camera_reps": 0,
            "faults": [],
        }
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


UNATTENDED = ("--no-checkin", "--session-check", "no")


def test_piped_run_matches_the_dose(env, tmp_path) -> None:
    """The issue's check: unattended full run, then history equals the dose of `exercises --json`."""
    screen_clear(env, tmp_path)
    run = subprocess.run(
        psoas_command("start", "--speed", "1000", *UNATTENDED),
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


def test_piped_run_refuses_without_a_screening_or_the_session_check(env, tmp_path) -> None:
    def start(*args: str) -> subprocess.CompletedProcess:
        command = psoas_command("start", "--speed", "1000", "--no-checkin", *args)
        return subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)

    unscreened = start("--session-check", "no")
    assert unscreened.returncode == 1 and "psoas screen --answers FILE" in unscreened.stderr
    screen_clear(env, tmp_path)
    unchecked = start()
    assert unchecked.returncode == 1 and "--session-check" in unchecked.stderr
    assert len(unchecked.stderr.strip().splitlines()) == 1
    assert history(env) == []


def _start_until(env, tmp_path, marker: str) -> subprocess.Popen:
    screen_clear(env, tmp_path)
    process = subprocess.Popen(
        psoas_command("start", "--speed", "40", *UNATTENDED),
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
def test_killed_mid_session_keeps_completed_reps(env, tmp_path, sig, why) -> None:
    process = _start_until(env, tmp_path, "Rep 2 done")  # printed after the rep was committed
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


def test_screening_in_a_narrow_terminal_numbers_the_questions_and_wraps_at_words(env) -> None:
    env = env | {"COLUMNS": "30"}
    command = psoas_command("screen")
    child = pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=30, dimensions=(24, 30))
    try:
        child.expect(r"Question\s+1\s+of\s+20:")
        first = child.after
        child.expect(r"\[\?\]\s+not\s+sure:")
        first += child.before + child.after  # the whole first prompt, as the terminal shows it
        child.sendline("n")
        child.expect(r"Question\s+2\s+of\s+20:")
        child.sendline("y")  # an emergency sign: the screening ends after the emergency questions
        for number in range(3, 6):
            child.expect(rf"Question\s+{number}\s+of\s+20:")
            child.sendline("n")
        child.expect("STOP")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    lines = [line for line in first.replace("\r", "").split("\n") if line.strip()]
    assert len(lines) > 2 and all(len(line) < 30 for line in lines), lines
    question = json.loads(
        subprocess.run(psoas_command("screen", "--list", "--json"), env=env, capture_output=True, text=True).stdout
    )[0]["text"]
    assert " ".join(first.split()) == f"Question 1 of 20: {question} [y]es / [n]o / [?] not sure:"
