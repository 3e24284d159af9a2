"""`psoas start`: today's guided session, in a live terminal view or as plain lines."""

from __future__ import annotations

import math
import signal
import sys
import time
from typing import Annotated

import typer

from psoas.errors import UserError

PAIN_HELP = "Pain 0-10 {when} the session (skips the question)."


def check_pain(value: int | None, flag: str) -> int | None:
    if value is not None and not 0 <= value <= 10:
        raise UserError(f"{flag} must be a whole number from 0 (no pain) to 10 (worst imaginable), got {value}")
    return value


def ask_pain(when: str) -> int | None:
    """Interactive 0-10 check-in; Enter skips. Re-asks until the answer is valid."""
    from psoas.cli.prompts import ask

    while True:
        answer = ask(f"Pain in your back or hips {when}, 0 (none) to 10 (worst)? Enter to skip: ").strip()
        if not answer:
            return None
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        print("Please type a whole number from 0 to 10, or press Enter to skip.")


MAX_SPEED = 10_000  # faster, the session's clock outruns the screen's polling and its times mean nothing
# Slower than a tenth of real time, a 30 s hold lasts over 5 minutes: no use for a demo or a test,
# and a slip such as 0.001 would leave the session (and its open record) waiting for hours.
MIN_SPEED = 0.1
SESSION_CHECK_HELP = (
    "Answer the pre-session check here (needed without a terminal): any new numbness, bladder or bowel "
    "change, or leg weakness lately? no or yes (yes means no session)."
)


def check_speed(speed: float) -> float:
    if not (math.isfinite(speed) and MIN_SPEED <= speed <= MAX_SPEED):
        raise UserError(
            f"--speed must be a number from {MIN_SPEED:g} to {MAX_SPEED:g} (e.g. 10 for ten times faster),"
            f" got {speed:g}"
        )
    return speed


def check_session_answer(value: str | None):  # noqa: ANN201
    """The --session-check answer (yes, no or not sure), or None when not given; exit 2 otherwise."""
    if value is None:
        return None
    from psoas.safety.screening import normalise_answer

    answer = normalise_answer(value)
    if answer is None or answer == "cleared":
        raise UserError(f"--session-check must be no or yes, got {value!r}")
    return answer


def scaled_clock(speed: float):  # noqa: ANN201
    """Monotonic time running `speed` times faster than real time (for demos and tests)."""
    origin = time.monotonic()
    return lambda: origin + (time.monotonic() - origin) * speed


def _raise_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def start(
    only: Annotated[
        list[str] | None, typer.Option("--only", metavar="ID", help="Do only this exercise (repeatable).")
    ] = None,
    speed: Annotated[
        float, typer.Option("--speed", metavar="F", help="Run time F times faster, 0.1 to 10000 (demos, tests).")
    ] = 1.0,
    voice: Annotated[
        bool | None,
        typer.Option("--voice/--no-voice", help="Speak the cues (needs espeak-ng). Default: psoas config voice."),
    ] = None,
    no_checkin: Annotated[bool, typer.Option("--no-checkin", help="Skip the pain questions.")] = False,
    pain_before: Annotated[
        int | None, typer.Option("--pain-before", metavar="N", help=PAIN_HELP.format(when="before"))
    ] = None,
    pain_after: Annotated[
        int | None, typer.Option("--pain-after", metavar="N", help=PAIN_HELP.format(when="after"))
    ] = None,
    session_check: Annotated[
        str | None, typer.Option("--session-check", metavar="no|yes", help=SESSION_CHECK_HELP)
    ] = None,
) -> None:
    """Start today's guided session. Keys: space pause, n skip, q stop and save, h this hurts."""
    check_pain(pain_before, "--pain-before")
    check_pain(pain_after, "--pain-after")
    check_speed(speed)
    check_answer = check_session_answer(session_check)

    from psoas.library import get_exercise, load_library
    from psoas.session.engine import SessionEngine
    from psoas.session.plan import plan_session
    from psoas.session.runner import run_session
    from psoas.store import open_store
    from psoas.store.recorder import SessionRecorder
    from psoas.ui.plain import PlainView
    from psoas.ui.sound import Chime, Voice

    exercises = [get_exercise(i) for i in dict.fromkeys(only)] if only else list(load_library())
    interactive = sys.stdin.isatty()
    out = _console()

    store = open_store()
    if voice is None:
        voice = store.settings.load().voice
    exercises, doses = _safety_and_plan(store, exercises, interactive, check_answer, out)
    plan = plan_session(exercises, doses=doses)
    if pain_before is None and interactive and not no_checkin:
        pain_before = ask_pain("right now")
    doses_used = {p.exercise.id: p.dose.model_dump(exclude={"source"}) for p in plan.exercises}
    session_id = store.sessions.begin(pain_before, plan={"doses": doses_used})

    engine = SessionEngine(plan, scaled_clock(speed))
    subscribers = [SessionRecorder(store.sessions, session_id)]
    speaker = Voice(notify=lambda text: out.print(text, style="yellow")) if voice else None
    if speaker:
        subscribers.append(speaker)
    previous_handler = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        if interactive and sys.stdout.isatty():
            status = _run_live(engine, subscribers, speed, out)
        else:
            # Plain lines, also for keys from a terminal with the output piped (psoas start | tee log):
            # no cursor drawing and no bell characters go into a file.
            from psoas.ui.keys import NoKeys, TerminalKeys

            subscribers += [Chime(), PlainView(lambda line: print(line, flush=True))]
            with TerminalKeys() if interactive else NoKeys(time.sleep) as keys:
                status = run_session(engine, subscribers, keys, speed=speed)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        if speaker:
            speaker.close()

    if status == "hurt" and interactive:
        from psoas.ui.messages import hurt_advice

        out.print(hurt_advice(), style="bold red")
    if pain_after is None and interactive and not no_checkin:
        pain_after = ask_pain("now, after the session")
    if pain_after is not None:
        store.sessions.set_pain_after(session_id, pain_after)
    _summary(store.sessions.get(session_id), out)


def _safety_and_plan(store, exercises, interactive, check_answer, out):  # noqa: ANN001, ANN202
    """Screening gate (may refuse: exit 1, nothing recorded), then today's pain-gated doses.

    The one-question safety check is asked before every interactive session, even with
    --no-checkin (which skips only the pain ratings): it is what keeps red flags out.
    """
    from psoas.cli.prompts import ask
    from psoas.progress.progression import build_plan
    from psoas.store import utc_now

    def say(text: str) -> None:
        out.print(text, markup=False)

    try:
        gate = safety_gate(
            store, exercises, interactive=interactive, check_answer=check_answer, ask=ask, say=say, now=utc_now()
        )
    except EOFError:
        raise UserError("safety questions not answered; no session started") from None
    today = build_plan(store.sessions.all(), gate.exercises, utc_now())
    for text in today.advice:
        out.print(text, markup=False, style="bold yellow")
    return gate.exercises, today.doses()


def safety_gate(store, exercises, *, interactive, check_answer, ask, say, now, screening=None):  # noqa: ANN001, ANN201
    """The gate's steps with the asking and the store writes: the full screening when needed
    (asked in a terminal; unattended, refused), the decision on it, then the pre-session check
    (from --session-check, else asked in a terminal; unattended without it, refused).
    Returns the gate's Decision; raises Refused (exit 1) when there is to be no session."""
    from psoas.errors import Refused
    from psoas.safety import load_screening
    from psoas.safety.gate import decide, hold_for, needed, on_record
    from psoas.safety.screening import ask_answer, evaluate, evaluate_session_check, interview

    screening = screening or load_screening()
    messages = screening.messages
    record = on_record(store)
    need = needed(record, now, screening)
    if need.full is not None:
        if not interactive:
            if need.full == "missing":
                raise Refused(messages.no_screening_unattended)
            raise Refused(messages.stale_unattended.format(days=screening.valid_days))
        if need.full == "stale":
            say(messages.stale.format(days=screening.valid_days))
        answers = interview(ask, say, screening)
        store.screenings.add("full", dict(answers), evaluate(answers, screening).stored())
        record = on_record(store)
        need = needed(record, now, screening)

    decision = decide(record, exercises, store.settings.load().cleared, screening)
    if decision.hold is not None:
        say(decision.hold.message)
    for line in decision.lines:
        say(line)
    if decision.refusal is not None:
        raise Refused(decision.refusal)

    if need.session_check:
        question = screening.of_kind("session_check")[0]
        if check_answer is None:
            if not interactive:
                raise Refused(messages.session_check_unattended)
            check_answer = ask_answer(ask, say, question.text)
        check = evaluate_session_check(check_answer, screening)
        store.screenings.add("session_check", {question.id: check_answer}, check.stored())
        hold = hold_for(on_record(store), screening)  # read back: the same message every later run shows
        if hold is not None:
            say(hold.message)
            raise Refused(hold.refusal)
    return decision


def _console():  # noqa: ANN202
    from psoas.cli.output import console

    return console()


def _run_live(engine, subscribers, speed, out):  # noqa: ANN001, ANN202
    """The interactive view: a Rich Live panel redrawn after every key or poll."""
    from rich.live import Live

    from psoas.session.runner import run_session
    from psoas.ui.keys import TerminalKeys
    from psoas.ui.sound import Chime
    from psoas.ui.terminal import ViewState, render

    def bell() -> None:
        out.file.write("\a")
        out.file.flush()

    with TerminalKeys() as keys, Live(console=out, auto_refresh=False, transient=False) as live:

        def refresh() -> None:
            live.update(render(ViewState.from_engine(engine)), refresh=True)

        return run_session(engine, [*subscribers, Chime(bell=bell)], keys, refresh=refresh, speed=speed)


def _summary(record, out) -> None:  # noqa: ANN001
    from psoas.cli.output import done_text

    out.print(f"Session {record.status}: {done_text(record.exercises()) or 'nothing recorded'}")
    out.print("Saved. See your progress with: psoas history")


def register(app: typer.Typer) -> None:
    app.command()(start)
