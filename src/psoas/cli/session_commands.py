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
    while True:
        answer = input(f"Pain in your back or hips {when}, 0 (none) to 10 (worst)? Enter to skip: ").strip()
        if not answer:
            return None
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        print("Please type a whole number from 0 to 10, or press Enter to skip.")


MAX_SPEED = 10_000  # faster, the session's clock outruns the screen's polling and its times mean nothing


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
    speed: Annotated[float, typer.Option("--speed", metavar="F", help="Run time F times faster (demos, tests).")] = 1.0,
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
) -> None:
    """Start today's guided session. Keys: space pause, n skip, q stop and save, h this hurts."""
    check_pain(pain_before, "--pain-before")
    check_pain(pain_after, "--pain-after")
    if not (0 < speed <= MAX_SPEED and math.isfinite(speed)):
        raise UserError(
            f"--speed must be a number above 0 and at most {MAX_SPEED:g} (e.g. 10 for ten times faster), got {speed:g}"
        )

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
    exercises, doses = _safety_and_plan(store, exercises, interactive, out)
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


def _safety_and_plan(store, exercises, interactive, out):  # noqa: ANN001, ANN202
    """Screening gate (may refuse: exit 1, nothing recorded), then today's pain-gated doses.

    The one-question safety check is asked before every interactive session, even with
    --no-checkin (which skips only the pain ratings): it is what keeps red flags out.
    """
    from psoas.progress.progression import build_plan
    from psoas.safety.gate import check_before_session
    from psoas.store import utc_now

    def say(text: str) -> None:
        out.print(text, markup=False)

    try:
        gate = check_before_session(
            store,
            exercises,
            interactive=interactive,
            session_check=True,
            ask=input,
            say=say,
            notice=lambda text: print(text, file=sys.stderr),
            now=utc_now(),
        )
    except EOFError:
        raise UserError("safety questions not answered; no session started") from None
    today = build_plan(store.sessions.all(), gate.exercises, utc_now())
    for text in today.advice:
        out.print(text, markup=False, style="bold yellow")
    return gate.exercises, today.doses()


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
