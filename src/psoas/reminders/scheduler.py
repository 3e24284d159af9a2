"""When to remind: sitting breaks every N minutes, snooze, quiet hours, a daily reminder. Pure.

Time is passed in, so tests drive it with a fake clock. `psoas remind` passes aware local
datetimes (`datetime.now().astimezone()`): sitting intervals are then real elapsed time, and the
daily reminder and quiet hours follow the wall clock, across daylight-saving changes too. Naive
datetimes work the same way when no clock change is involved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal

Kind = Literal["sitting", "daily"]


@dataclass(frozen=True)
class Reminder:
    kind: Kind
    at: datetime
    sitting_since: datetime | None = None  # sitting reminders: when the sitting began

    @property
    def sat_min(self) -> int:
        """Whole minutes sat, for a sitting reminder (0 for the daily one)."""
        return 0 if self.sitting_since is None else round((self.at - self.sitting_since).total_seconds() / 60)


def parse_hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def parse_quiet(text: str | None) -> tuple[time, time] | None:
    if not text:
        return None
    start, end = text.split("-")
    return parse_hhmm(start), parse_hhmm(end)


def in_quiet(moment: datetime, quiet: tuple[time, time] | None) -> bool:
    if quiet is None:
        return False
    start, end = quiet
    now = moment.time()
    if start < end:
        return start <= now < end
    return now >= start or now < end  # wraps past midnight, e.g. 22:00-07:00


def next_daily(after: datetime, at: time) -> datetime:
    """The first moment at `at` o'clock (local wall time) strictly after `after`."""

    def on(day) -> datetime:  # noqa: ANN001 - a date
        wall = datetime.combine(day, at)
        # an aware `after` gets that day's own UTC offset (it differs across a clock change)
        return wall if after.tzinfo is None else wall.astimezone()

    candidate = on(after.date())
    return candidate if candidate > after else on(after.date() + timedelta(days=1))


class ReminderScheduler:
    def __init__(
        self,
        start: datetime,
        interval_min: int = 30,
        snooze_min: int = 10,
        quiet: tuple[time, time] | None = None,
        daily_at: time | None = None,
    ) -> None:
        self.interval = timedelta(minutes=interval_min)
        self.snooze_for = timedelta(minutes=snooze_min)
        self.quiet = quiet
        self.daily_at = daily_at
        self.sitting_due = start + self.interval
        # Sitting counts from the start, a break or the end of quiet hours. A reminder is taken to
        # lead to a break, unless it is snoozed: then the sitting it was about goes on.
        self.sitting_since = start
        self._reminded_since: datetime | None = None
        self.daily_due = next_daily(start, daily_at) if daily_at else None
        self._was_quiet = in_quiet(start, quiet)

    def due(self, now: datetime) -> list[Reminder]:
        """Reminders to give now; call it often (at least every minute)."""
        out: list[Reminder] = []
        quiet = in_quiet(now, self.quiet)
        if quiet:
            self._was_quiet = True
            return out
        if self._was_quiet:  # quiet hours just ended: sitting time counts from now
            self._was_quiet = False
            self.sitting_due = max(self.sitting_due, now + self.interval)
            self.sitting_since, self._reminded_since = now, None
        if self.daily_due is not None and now >= self.daily_due:
            out.append(Reminder("daily", now))
            self.daily_due = next_daily(now, self.daily_at)  # type: ignore[arg-type]
        if now >= self.sitting_due:
            out.append(Reminder("sitting", now, self.sitting_since))
            self.sitting_due = now + self.interval
            self._reminded_since, self.sitting_since = self.sitting_since, now
        return out

    def snooze(self, now: datetime) -> datetime:
        """Put the next sitting reminder off by the snooze time; the sitting goes on."""
        self.sitting_due = now + self.snooze_for
        if self._reminded_since is not None:
            self.sitting_since = self._reminded_since
        return self.sitting_due

    def took_break(self, now: datetime) -> datetime:
        """The user just moved: a full interval of sitting starts now."""
        self.sitting_due = now + self.interval
        self.sitting_since, self._reminded_since = now, None
        return self.sitting_due

    def next_wake(self, now: datetime) -> datetime:
        candidates = [self.sitting_due] + ([self.daily_due] if self.daily_due else [])
        return max(now, min(candidates))
