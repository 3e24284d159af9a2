"""`psoas history`: past sessions, the current streak and totals."""

from __future__ import annotations

from typing import Annotated

import typer

DEFAULT_LIMIT = 30  # sessions listed by `psoas history` in text unless --all or --limit


def history(
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    weekly: Annotated[bool, typer.Option("--weekly", help="Only the week-by-week summary.")] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help=f"List every session (text lists the last {DEFAULT_LIMIT}).")
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            metavar="N",
            help="List only the newest N sessions (weeks with --weekly), in text or JSON.",
        ),
    ] = None,
) -> None:
    """Show past sessions (newest first), a weekly summary, your streak of consecutive days and totals.

    Text lists the last 30 sessions; --json lists every session unless --limit N is given."""
    from psoas.errors import UserError

    if show_all and limit is not None:
        raise UserError("give --all or --limit N, not both")
    if limit is not None and limit < 1:
        raise UserError(f"--limit must be 1 or more, got {limit}; use --all to list every session")
    from psoas.progress.stats import streak_days, totals
    from psoas.progress.weekly import weekly_summary
    from psoas.store import read_sessions

    sessions = read_sessions()  # an up-to-date SQLite store is read without SQLAlchemy (store/fast_read.py)
    if json_output:  # every session by default, as before: scripts reading it see no change
        from psoas.cli.output import print_json

        if weekly:
            print_json([w.to_json() for w in weekly_summary(sessions)[:limit]])
        else:
            print_json([s.to_json() for s in sessions[:limit]])
        return
    from rich.table import Table

    from psoas.cli.output import console, done_text
    from psoas.words import plural

    out = console()
    if not sessions:
        out.print("No sessions yet. Start one with: psoas start")
        return
    if weekly:
        out.print(_weekly_table(weekly_summary(sessions)[:limit]))
        return
    shown = sessions if show_all else sessions[: limit or DEFAULT_LIMIT]
    table = Table(title="Your sessions")
    table.add_column("#", justify="right")
    table.add_column("date", no_wrap=True)
    table.add_column("status")
    table.add_column("pain", no_wrap=True)  # before -> after, 0-10
    table.add_column("done")
    for s in shown:
        local = s.started_at.astimezone()
        pain = f"{_pain(s.pain_before)} -> {_pain(s.pain_after)}"
        table.add_row(str(s.id), local.strftime("%Y-%m-%d %H:%M"), s.status, pain, done_text(s.exercises()) or "-")
    out.print(table)
    if len(shown) < len(sessions):
        out.print(
            f"The last {plural(len(shown), 'session')} of {len(sessions)}; "
            "psoas history --all lists every one, --limit N the last N.",
            markup=False,
        )
    out.print(_weekly_table(weekly_summary(sessions)[:8]))
    summary = totals(sessions)
    out.print(
        f"Streak: {plural(streak_days(sessions), 'day')} in a row. "
        f"{plural(summary['sessions'], 'session')} ({summary['completed']} completed) "
        f"on {plural(summary['days'], 'day')}, {plural(summary['reps'], 'rep')}, "
        f"{summary['hold_minutes']:.1f} min of holds.",
        markup=False,
    )


def _weekly_table(weeks):  # noqa: ANN001, ANN202
    from rich.table import Table

    from psoas.words import number

    table = Table(title="Week by week")
    for column in ("week of", "days done", "adherence", "sessions", "reps", "hold min", "pain before", "pain after"):
        # one-word headers and the date stay whole; two-word headers may wrap onto two lines
        table.add_column(
            column, no_wrap=" " not in column or column == "week of", min_width=max(map(len, column.split()))
        )
    for w in weeks:
        table.add_row(
            w.week_start.isoformat(),
            f"{w.days_done}/7",
            f"{w.adherence:.0%}",
            str(w.sessions),
            number(w.reps),  # the kneeling stretch per side, as its dose counts it
            f"{w.hold_minutes:.1f}",
            _mean(w.pain_before_mean),
            _mean(w.pain_after_mean),
        )
    return table


def _mean(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _pain(value: int | None) -> str:
    return "-" if value is None else str(value)


def register(app: typer.Typer) -> None:
    from psoas.cli.output import with_collector_paused

    app.command()(with_collector_paused(history))
