"""`psoas start`: today's guided session, in a live terminal view or as plain lines."""

from __future__ import annotations

import math
import signal
import sys
import time
from typing import Annotated

import typer
from typer.core import TyperCommand

from psoas.errors import UserError

PAIN_HELP = "Pain 0-10 {when} the session (skips the question)."


def check_pain(value: int | None, flag: str) -> int | None:
    if value is not None and not 0 <= value <= 10:
        raise UserError(f"{flag} must be a whole number from 0 (no pain) to 10 (worst imaginable), got {value}")
    return value


def ask_pain(when: str) -> int | None:
    """Interactive 0-10 check-in at the terminal; Enter skips. Re-asks until the answer is valid."""
    from psoas.cli.prompts import ask
    from psoas.coach.coach import ask_pain as coach_ask_pain

    return coach_ask_pain(ask, print, when)


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
    camera: Annotated[str | None, typer.Option("--camera", metavar="[INDEX|PATH]", help=CAMERA_HELP)] = None,
) -> None:
    """Start today's guided session. Keys: space pause, n skip, q stop and save, h this hurts,
    c camera off/on (with --camera)."""
    check_pain(pain_before, "--pain-before")
    check_pain(pain_after, "--pain-after")
    check_speed(speed)
    check_answer = check_session_answer(session_check)

    from psoas.coach.coach import Coach, CoachOptions
    from psoas.library import get_exercise, load_library
    from psoas.store import open_store

    exercises = [get_exercise(i) for i in dict.fromkeys(only)] if only else list(load_library())
    interactive = sys.stdin.isatty()
    out = _console()
    clock = scaled_clock(speed)
    source = _open_camera(camera, clock, interactive) if camera is not None else None
    try:
        store = open_store()
        if voice is None:
            voice = store.settings.load().voice
        options = CoachOptions(exercises, interactive, check_answer, not no_checkin, pain_before, pain_after,
                               camera=source is not None)  # fmt: skip
        coach = Coach(store, TerminalPrompts(), clock, options)
        coach.subscribe(_said_printer(out))
        coach.prepare()
        status = _run(coach, voice, interactive, speed, out, source)
    finally:
        if source is not None:
            source.close()
    if status == "hurt" and interactive:
        from psoas.ui.messages import hurt_advice

        out.print(hurt_advice(), style="bold red")
    _summary(coach.finish(), out)


class TerminalPrompts:
    """Questions at the terminal, wrapped at word boundaries."""

    def ask(self, question: str) -> str:
        from psoas.cli.prompts import ask

        return ask(question)


SAID_STYLES = {"plain": None, "advice": "bold yellow", "warning": "bold red", "cue": "yellow"}


def _said_printer(out):  # noqa: ANN001, ANN202
    """Shows the coach's words (the gate's notes, today's advice) on the console."""
    from psoas.coach.events import Said

    def show(event: object) -> None:
        if isinstance(event, Said):
            out.print(event.text, markup=False, style=SAID_STYLES[event.tone])

    return show


CAMERA_HELP = (
    "Let the camera follow you: a webcam number (alone: webcam 0), or a video or landmark file played "
    "as if live. Only landmarks are used; no picture is stored."
)


class StartCommand(TyperCommand):
    """`--camera` may stand alone (webcam 0): a value is put in for it before parsing."""

    def parse_args(self, ctx, args):  # noqa: ANN001, ANN201
        args = list(args)
        for i, arg in enumerate(args):
            if arg == "--":
                break
            if arg == "--camera" and (i + 1 == len(args) or args[i + 1].startswith("-")):
                args.insert(i + 1, "0")
                break
        return super().parse_args(ctx, args)


def _open_camera(spec, clock, interactive):  # noqa: ANN001, ANN202
    """The frame source for --camera, or None to go on with the timer alone (asked when
    interactive). A camera that is not there is one line and exit 2 unattended."""
    from psoas.coach.sources import CameraUnavailable, open_source

    try:
        return open_source(spec, clock)
    except CameraUnavailable as error:
        if not interactive:
            raise UserError(f"--camera {spec}: {error}; run without --camera for the timer alone") from None
        from psoas.cli.prompts import ask

        try:
            answer = ask(f"Camera: {error}. Go on with the timer alone? [Y/n] ").strip().lower()
        except EOFError:
            answer = "n"
        if answer in ("", "y", "yes"):
            return None
        raise UserError(f"--camera {spec}: {error}; no session started") from None


def _feeder(coach, source):  # noqa: ANN001, ANN202
    """Hands the camera's due frames to the coach between keys; a played file that ends stops the
    session (what was done is kept), a camera that fails leaves the timer alone."""
    from psoas.coach.sources import CameraUnavailable

    failed = False

    def feed() -> None:
        nonlocal failed
        if failed or source.ended or not coach.camera_on:
            return
        try:
            frames = source.due(coach.clock())
        except CameraUnavailable as error:
            failed = True
            coach.switch_camera(False, reason=f"Camera: {error}; going on with the timer alone")
            return
        for frame in frames:
            coach.frame(frame)
        if source.ended and coach.state != "ended":
            coach.command("stop")

    return feed


def _run(coach, voice, interactive, speed, out, source=None):  # noqa: ANN001, ANN202
    """The session itself, in a live view or as plain lines; voice on the same stream."""
    from psoas.ui.sound import Voice

    loop = {} if source is None else {"between": _feeder(coach, source), "max_wait_s": 0.02}
    speaker = Voice(notify=lambda text: out.print(text, style="yellow")) if voice else None
    if speaker:
        coach.subscribe(speaker)
    previous_handler = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        if interactive and sys.stdout.isatty():
            return _run_live(coach, speed, out, loop)
        # Plain lines, also for keys from a terminal with the output piped (psoas start | tee log):
        # no cursor drawing and no bell characters go into a file.
        from psoas.session import runner
        from psoas.ui.keys import NoKeys, TerminalKeys
        from psoas.ui.plain import PlainView
        from psoas.ui.sound import Chime

        coach.subscribe(Chime())
        coach.subscribe(PlainView(lambda line: print(line, flush=True)))
        with TerminalKeys() if interactive else NoKeys(time.sleep) as keys:
            return runner.run_session(coach, [], keys, speed=speed, **loop)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        if speaker:
            speaker.close()


def safety_gate(store, exercises, *, interactive, check_answer, ask, say, now, screening=None):  # noqa: ANN001, ANN201
    """The coach's gate (psoas.coach.gate.run_gate), kept under its old name."""
    from psoas.coach.gate import run_gate

    return run_gate(
        store, exercises, interactive=interactive, check_answer=check_answer, ask=ask, say=say, now=now,
        screening=screening,
    )  # fmt: skip


def _console():  # noqa: ANN202
    from psoas.cli.output import console

    return console()


def _run_live(coach, speed, out, loop):  # noqa: ANN001, ANN202
    """The interactive view: a Rich Live panel redrawn after every key or poll."""
    from rich.live import Live

    from psoas.session import runner
    from psoas.ui.keys import TerminalKeys
    from psoas.ui.sound import Chime
    from psoas.ui.terminal import ViewState, render

    def bell() -> None:
        out.file.write("\a")
        out.file.flush()

    coach.subscribe(Chime(bell=bell))
    with TerminalKeys() as keys, Live(console=out, auto_refresh=False, transient=False) as live:

        def refresh() -> None:
            state = ViewState.from_engine(coach.require_engine(), camera=coach.camera_lines())
            live.update(render(state), refresh=True)

        return runner.run_session(coach, [], keys, refresh=refresh, speed=speed, **loop)


def _summary(record, out) -> None:  # noqa: ANN001
    from psoas.cli.output import done_text

    out.print(f"Session {record.status}: {done_text(record.exercises()) or 'nothing recorded'}")
    out.print("Saved. See your progress with: psoas history")


def register(app: typer.Typer) -> None:
    app.command(cls=StartCommand)(start)
