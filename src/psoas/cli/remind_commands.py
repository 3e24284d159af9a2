"""`psoas remind` (sitting-break and daily reminders) and `psoas calendar` (a daily .ics event)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from psoas.errors import Refused, UserError

OPTION_OF = {"sitting_interval": "--every", "snooze": "--snooze", "quiet_hours": "--quiet", "reminder_time": "--daily"}


def _setting(key: str, text: str | None, current):  # noqa: ANN001, ANN202
    from psoas.store.settings import parse_setting

    if text is None:
        return current
    try:
        return parse_setting(key, text)
    except UserError as error:  # name the option the user typed, not the setting behind it
        option = OPTION_OF.get(key)
        message = str(error).replace(f"bad value for {key}: ", "").replace(f"{key} ", "")
        raise UserError(f"{option} {message}" if option else str(error)) from None


def routine_minutes(store, exercises=None) -> int:  # noqa: ANN001
    """Length of today's session in whole minutes (at least 1), of `exercises` (default: all)."""
    from psoas.cli.plan_commands import todays_plan
    from psoas.library import load_library
    from psoas.session.plan import plan_session

    plan = plan_session(list(exercises or load_library()), doses=todays_plan(store).doses())
    return max(1, -(-int(plan.total_s) // 60))


def todays_routine(store):  # noqa: ANN001, ANN201
    """(exercises the screening in force keeps, the message when it says no session or None)."""
    from psoas.library import load_library
    from psoas.safety.gate import in_force

    safety = in_force(store)
    return [e for e in load_library() if e.id not in safety.left_out], safety.hold


def routine_done_on(store, day) -> bool:  # noqa: ANN001 - a Store, a local date
    """Whether a session with at least one rep began on the local day `day`: only that day's
    sessions are read, not the whole history."""
    from datetime import datetime, time, timedelta

    start = datetime.combine(day, time()).astimezone()  # local midnight, aware
    end = datetime.combine(day + timedelta(days=1), time()).astimezone()
    return any(r.reps for r in store.sessions.started_between(start, end))


def remind(
    every: Annotated[
        str | None, typer.Option("--every", metavar="MIN", help="Minutes of sitting before a reminder (20-60).")
    ] = None,
    snooze: Annotated[str | None, typer.Option("--snooze", metavar="MIN", help="Minutes the 's' key snoozes.")] = None,
    quiet: Annotated[str | None, typer.Option("--quiet", metavar="HH:MM-HH:MM", help="Quiet hours, or off.")] = None,
    daily: Annotated[
        str | None, typer.Option("--daily", metavar="HH:MM", help="Daily routine reminder time, or off.")
    ] = None,
    terminal: Annotated[
        bool, typer.Option("--terminal", help="Remind in this terminal, not as desktop notifications.")
    ] = False,
    minutes: Annotated[float | None, typer.Option("--for", metavar="MIN", help="Stop after this many minutes.")] = None,
) -> None:
    """Remind you to break up sitting and to do the routine. Keys: s snooze, b break taken, q quit.

    Defaults come from psoas config. In the background (psoas remind &), send SIGUSR1 to snooze."""
    import signal
    import time
    from datetime import datetime

    from psoas.cli.output import console
    from psoas.reminders.loop import run_reminders, stop_time
    from psoas.reminders.notify import DesktopNotifier, TerminalNotifier
    from psoas.reminders.scheduler import ReminderScheduler, parse_hhmm, parse_quiet
    from psoas.store import open_store
    from psoas.words import plural

    if minutes is not None and not minutes > 0:
        raise UserError(f"--for must be above 0 minutes, got {minutes:g}")
    store = open_store()
    settings = store.settings.load()
    every_min = _setting("sitting_interval", every, settings.sitting_interval)
    snooze_min = _setting("snooze", snooze, settings.snooze)
    quiet_text = _setting("quiet_hours", quiet, settings.quiet_hours)
    daily_text = _setting("reminder_time", daily, settings.reminder_time)
    out = console()

    def say(text: str) -> None:
        out.print(text, markup=False)

    def bell() -> None:
        out.file.write("\a")
        out.file.flush()

    exercises, on_hold = todays_routine(store)
    if on_hold is not None and daily_text:
        say(
            "Daily routine reminder off: your safety screening says no session for now "
            "(psoas plan says why). Sitting-break reminders stay on."
        )
        daily_text = None
    fallback = TerminalNotifier(say, bell)
    notify = fallback if terminal else DesktopNotifier(fallback, say)

    def now() -> datetime:  # aware local time: intervals stay right across daylight-saving changes
        return datetime.now().astimezone()

    start = now()
    scheduler = ReminderScheduler(
        start, every_min, snooze_min, parse_quiet(quiet_text), parse_hhmm(daily_text) if daily_text else None
    )
    minutes_each = routine_minutes(store, exercises)  # before the prompt: keys are read right after it
    say(
        f"Reminding you every {every_min} min of sitting"
        + (f", daily routine at {daily_text}" if daily_text else "")
        + (f", quiet {quiet_text}" if quiet_text else "")
        + ". Keys: s snooze, b break taken, q quit."
    )

    def done_on(day) -> bool:  # noqa: ANN001 - a local date
        return routine_done_on(store, day)

    pending: list[str] = []
    previous = signal.signal(signal.SIGUSR1, lambda *_: pending.append("s"))

    def remind_until_done(wait) -> int:  # noqa: ANN001 - wait(timeout) -> key or None
        return run_reminders(
            scheduler, notify, now, wait, say, minutes_each, stop_time(start, minutes), done_on
        )  # fmt: skip

    try:
        if sys.stdin.isatty():
            from psoas.ui.keys import TerminalKeys

            with TerminalKeys() as keys:
                given = remind_until_done(lambda timeout: pending.pop() if pending else keys.read(timeout))
        else:

            def wait(timeout: float) -> str | None:
                if not pending:
                    time.sleep(timeout)
                return pending.pop() if pending else None

            given = remind_until_done(wait)
    finally:
        signal.signal(signal.SIGUSR1, previous)
    say(f"Stopped. {plural(given, 'reminder')} given.")


def calendar(
    out: Annotated[Path, typer.Option("--out", metavar="FILE.ics", help="Where to write the calendar file.")] = Path(
        "psoas.ics"
    ),
    at: Annotated[
        str | None, typer.Option("--time", metavar="HH:MM", help="Time of day (default: psoas config reminder_time).")
    ] = None,
) -> None:
    """Write a daily recurring calendar event for the routine (import it into any calendar)."""
    from datetime import date

    from psoas.cli.output import console
    from psoas.reminders.ics import daily_event
    from psoas.reminders.scheduler import parse_hhmm
    from psoas.store import open_store

    if out.suffix.lower() != ".ics":
        raise UserError(f"the calendar file name must end in .ics, got {out.name!r}")
    if not out.parent.is_dir():
        raise UserError(f"folder does not exist: {out.parent}")
    store = open_store()
    try:
        when = _setting("reminder_time", at, store.settings.load().reminder_time)
    except UserError:
        raise UserError(f"--time must be a time of day as HH:MM, e.g. 18:00; got {at!r}") from None
    if not when:
        raise UserError("your reminder_time setting is off: give the time with --time HH:MM")
    exercises, on_hold = todays_routine(store)
    if on_hold is not None:
        console().print(on_hold, markup=False)
        raise Refused("no calendar event: your safety screening says no session for now (psoas screen to redo it)")
    text = daily_event(parse_hhmm(when), date.today(), routine_minutes(store, exercises), [e.name for e in exercises])
    try:
        out.write_bytes(text.encode("utf-8"))
    except OSError as error:
        raise UserError(f"cannot write {out}: {error.strerror or error}") from None
    console().print(f"Wrote {out}: a daily event at {when}. Import it into your calendar app.", markup=False)


def register(app: typer.Typer) -> None:
    app.command()(remind)
    app.command()(calendar)
