"""The `psoas remind` loop: ask the scheduler, notify, wait for a key or the next reminder.

Clock and waiting are injected: `wait(timeout_s)` returns a key pressed ("s" snooze, "b" break
taken, "q" quit) or None when the time passed. Tests pass a fake clock and a fake wait.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from psoas.reminders import load_texts
from psoas.reminders.scheduler import ReminderScheduler
from psoas.words import plural

Notify = Callable[..., None]
MAX_WAIT_S = 60.0  # wake at least every minute, so a suspended laptop catches up


def run_reminders(
    scheduler: ReminderScheduler,
    notify: Notify,
    clock: Callable[[], datetime],
    wait: Callable[[float], str | None],
    say: Callable[[str], None],
    routine_minutes: int = 5,
    until: datetime | None = None,
    done_on: Callable[[date], bool] = lambda day: False,
) -> int:
    """Run until 'q', Ctrl-C or `until`. Returns how many reminders were given.

    `done_on(day)` tells whether the routine was already done that day: then the daily
    reminder is not given (the sitting reminders still are)."""
    texts = load_texts()
    given = 0
    while True:
        now = clock()
        if until is not None and now >= until:
            return given
        for reminder in scheduler.due(now):
            stamp = now.strftime("%H:%M")
            if reminder.kind == "sitting":
                sat = plural(reminder.sat_min, "minute")  # the real time: a snooze adds to it
                notify(texts.sitting_title, texts.sitting_message.format(sat=sat), stamp)
            elif done_on(now.date()):
                continue
            else:
                notify(texts.daily_title, texts.daily_message.format(length=plural(routine_minutes, "minute")), stamp)
            given += 1
        wake = scheduler.next_wake(now)
        if until is not None:
            wake = min(wake, until)
        timeout = min(MAX_WAIT_S, max(0.5, (wake - now).total_seconds()))
        try:
            key = wait(timeout)
        except KeyboardInterrupt:
            return given
        key = (key or "").lower()
        if key == "q":
            return given
        if key == "s":
            until_time = scheduler.snooze(clock())
            say(f"Snoozed until {until_time:%H:%M}.")
        elif key == "b":
            next_time = scheduler.took_break(clock())
            say(f"Break noted. Next reminder at {next_time:%H:%M}.")


def stop_time(start: datetime, minutes: float | None) -> datetime | None:
    return None if minutes is None else start + timedelta(minutes=minutes)
