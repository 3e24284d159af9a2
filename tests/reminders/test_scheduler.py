"""The reminder scheduler and loop under a fake clock (no sleeping)."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, time, timedelta

import pytest

from psoas.reminders import load_texts
from psoas.reminders.loop import run_reminders
from psoas.reminders.notify import DesktopNotifier, TerminalNotifier
from psoas.reminders.scheduler import ReminderScheduler, in_quiet, parse_quiet

T0 = datetime(2026, 5, 4, 9, 0)  # a Monday morning
QUIET = parse_quiet("22:00-07:00")


def times(scheduler: ReminderScheduler, start: datetime, minutes: int, kind: str = "sitting") -> list[str]:
    """Minute-by-minute: when reminders of `kind` are given, as HH:MM."""
    out = []
    for m in range(minutes + 1):
        now = start + timedelta(minutes=m)
        out += [f"{now:%H:%M}" for r in scheduler.due(now) if r.kind == kind]
    return out


@pytest.mark.parametrize("every", [20, 30, 45, 60])
def test_sitting_reminder_every_n_minutes(every):
    scheduler = ReminderScheduler(T0, every)
    got = times(scheduler, T0, 3 * every)
    assert got == [f"{T0 + timedelta(minutes=every * k):%H:%M}" for k in (1, 2, 3)]


def test_nothing_before_the_interval():
    scheduler = ReminderScheduler(T0, 30)
    assert times(scheduler, T0, 29) == []


def test_snooze_puts_the_next_reminder_off():
    scheduler = ReminderScheduler(T0, 30, snooze_min=10)
    assert times(scheduler, T0, 30) == ["09:30"]
    scheduler.snooze(T0 + timedelta(minutes=31))
    assert times(scheduler, T0 + timedelta(minutes=31), 40) == ["09:41", "10:11"]


def test_a_snoozed_reminder_states_the_real_time_sat():
    scheduler = ReminderScheduler(T0, 30, snooze_min=10)
    sat = []
    for m in range(100):
        now = T0 + timedelta(minutes=m)
        sat += [(f"{now:%H:%M}", r.sat_min) for r in scheduler.due(now)]
        if m in (31, 42):  # snoozed twice: the sitting that began at 09:00 goes on
            scheduler.snooze(now)
    assert sat == [("09:30", 30), ("09:41", 41), ("09:52", 52), ("10:22", 30)]


def test_loop_says_the_minutes_sat_after_a_snooze():
    fake, notes = FakeTime({31: "s"}), []
    run_reminders(
        ReminderScheduler(T0, 30, snooze_min=10),
        lambda *a: notes.append(a),
        fake.clock,
        fake.wait,
        print,
        until=T0 + timedelta(minutes=75),
    )
    texts = load_texts()
    assert [n[1] for n in notes] == [texts.sitting_message.format(sat=f"{m} minutes") for m in (30, 41, 30)]
    assert "You have been sitting for 41 minutes." in notes[1][1]


def test_a_break_restarts_the_sitting_time():
    scheduler = ReminderScheduler(T0, 30)
    scheduler.took_break(T0 + timedelta(minutes=25))
    assert times(scheduler, T0, 60) == ["09:55"]


def test_quiet_hours_wrap_midnight_and_sitting_restarts_after_them():
    evening = datetime(2026, 5, 4, 21, 0)
    scheduler = ReminderScheduler(evening, 30, quiet=QUIET)
    got = times(scheduler, evening, 11 * 60)
    assert got == ["21:30", "07:30", "08:00"]  # nothing from 22:00 to 07:00, then 30 min after
    assert in_quiet(datetime(2026, 5, 5, 0, 30), QUIET) and not in_quiet(datetime(2026, 5, 5, 7, 0), QUIET)
    assert parse_quiet(None) is None


def test_daily_reminder_once_a_day_at_its_time():
    scheduler = ReminderScheduler(T0, 60, daily_at=time(18, 0))
    assert times(scheduler, T0, 48 * 60, kind="daily") == ["18:00", "18:00"]


def test_daily_reminder_in_quiet_hours_waits_for_their_end():
    scheduler = ReminderScheduler(T0, 60, quiet=QUIET, daily_at=time(6, 30))
    assert times(scheduler, T0, 24 * 60, kind="daily") == ["07:00"]


class FakeTime:
    """The loop's clock and wait: waiting moves the clock; keys arrive at scripted minutes."""

    def __init__(self, keys: dict[int, str] | None = None) -> None:
        self.now = T0
        self.keys = dict(keys or {})
        self.waits: list[float] = []

    def clock(self) -> datetime:
        return self.now

    def wait(self, timeout: float) -> str | None:
        self.waits.append(timeout)
        minute = int((self.now - T0).total_seconds() // 60)
        for at in sorted(self.keys):
            if at <= minute:
                return self.keys.pop(at)
        self.now += timedelta(seconds=timeout)
        return None


def test_loop_notifies_until_the_end_time_with_waits_at_most_a_minute():
    fake, notes, said = FakeTime(), [], []
    given = run_reminders(
        ReminderScheduler(T0, 30),
        lambda *a: notes.append(a),
        fake.clock,
        fake.wait,
        said.append,
        until=T0 + timedelta(minutes=95),
    )
    assert given == 3 and [n[2] for n in notes] == ["09:30", "10:00", "10:30"]
    texts = load_texts()
    assert notes[0][:2] == (texts.sitting_title, texts.sitting_message.format(sat="30 minutes"))
    assert max(fake.waits) <= 60 and min(fake.waits) > 0


def test_loop_skips_the_daily_reminder_on_days_the_routine_is_done():
    fake, notes = FakeTime(), []
    done_days = {T0.date()}  # done on day one only
    run_reminders(
        ReminderScheduler(T0, 60, daily_at=time(18, 0)),
        lambda *a: notes.append(a),
        fake.clock,
        fake.wait,
        print,
        until=T0 + timedelta(days=2),
        done_on=lambda day: day in done_days,
    )
    daily_title = load_texts().daily_title
    daily = [n[2] for n in notes if n[0] == daily_title]
    assert daily == ["18:00"]  # only on the second day
    assert len([n for n in notes if n[0] != daily_title]) > 40  # sitting reminders go on


def test_loop_keys_snooze_break_and_quit():
    fake, notes, said = FakeTime({31: "s", 45: "b", 200: "q"}), [], []
    given = run_reminders(
        ReminderScheduler(T0, 30, snooze_min=10), lambda *a: notes.append(a), fake.clock, fake.wait, said.append
    )
    assert said[0].startswith("Snoozed until 09:41") and said[1].startswith("Break noted")
    assert [n[2] for n in notes] == ["09:30", "09:41", "10:15", "10:45", "11:15", "11:45", "12:15"]
    assert given == len(notes)


def test_loop_stops_on_ctrl_c():
    def interrupted(timeout: float) -> str | None:
        raise KeyboardInterrupt

    assert run_reminders(ReminderScheduler(T0, 30), print, lambda: T0, interrupted, print) == 0


def test_no_notification_service_says_so_and_uses_the_terminal():
    said: list[str] = []
    notifier = DesktopNotifier(TerminalNotifier(said.append), said.append, which=lambda name: None)
    notifier("Title", "Message", "09:30")
    assert said == [load_texts().no_desktop, "09:30 Title: Message"]
    assert not notifier.available


def test_desktop_notification_uses_notify_send_and_falls_back_when_it_fails():
    calls, said = [], []

    def run(argv, **kwargs):  # noqa: ANN001, ANN003, ANN202
        calls.append(argv)
        if len(calls) > 1:
            raise subprocess.CalledProcessError(1, argv)

    notifier = DesktopNotifier(TerminalNotifier(said.append), said.append, which=lambda n: "/usr/bin/" + n, run=run)
    notifier("Title", "Message")
    assert calls == [["/usr/bin/notify-send", "--app-name=psoas", "Title", "Message"]]
    notifier("Again", "Text")
    assert said[-1] == "Again: Text" and "failed" in said[-2]
    notifier("Third", "Text")
    assert len(calls) == 2  # no more tries after a failure


def test_remind_cli_rejects_bad_settings_with_exit_2(run):
    for args in (["--every", "10"], ["--every", "61"], ["--quiet", "22-7"], ["--daily", "25:00"], ["--for", "0"]):
        result = run("remind", *args)
        assert result.code == 2 and len(result.err.strip().splitlines()) == 1, args


def test_remind_cli_takes_a_time_without_its_leading_zero(run, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda s: None)
    result = run("remind", "--terminal", "--for", "0.0005", "--daily", "7:05", "--quiet", "22:30-6:45")
    assert result.code == 0, result.err
    assert "daily routine at 07:05" in result.out and "quiet 22:30-06:45" in result.out


def test_remind_cli_runs_and_stops(run, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda s: None)  # --for ends it as soon as the real clock passes
    result = run("remind", "--terminal", "--for", "0.0005", "--every", "20", "--daily", "off")
    assert result.code == 0, result.err
    assert "every 20 min" in result.out and "Stopped. 0 reminders given." in result.out


@pytest.fixture
def london(monkeypatch):
    """The process's local time zone set to one with daylight saving (clocks go back on
    2026-10-25 at 02:00 BST, to 01:00 GMT)."""
    import time as time_module

    monkeypatch.setenv("TZ", "Europe/London")
    time_module.tzset()
    yield
    monkeypatch.undo()
    time_module.tzset()


def test_clock_change_keeps_sitting_intervals_real_and_the_daily_time_on_the_wall(london):

    start_utc = datetime(2026, 10, 24, 23, 40, tzinfo=UTC)  # 00:40 BST on the night of the change
    scheduler = ReminderScheduler(start_utc.astimezone(), 30, daily_at=time(8, 0))
    sitting, daily = [], []
    for m in range(33 * 60):  # a real minute at a time, as `psoas remind` sees the local clock
        now = (start_utc + timedelta(minutes=m)).astimezone()
        for r in scheduler.due(now):
            (sitting if r.kind == "sitting" else daily).append(now)
    gaps = {(b - a).total_seconds() / 60 for a, b in zip(sitting, sitting[1:], strict=False)}
    assert gaps == {30.0}  # not 90 when the clock goes back, not 0 when it repeats an hour
    assert [f"{d:%d %H:%M %Z}" for d in daily] == ["25 08:00 GMT", "26 08:00 GMT"]
    assert [f"{s:%H:%M %Z}" for s in sitting[:4]] == ["01:10 BST", "01:40 BST", "01:10 GMT", "01:40 GMT"]
