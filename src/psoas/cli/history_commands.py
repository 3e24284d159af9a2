"""`psoas history`: past sessions, the current streak and totals."""

from __future__ import annotations

from typing import Annotated

import typer


def history(
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    weekly: Annotated[bool, typer.Option("--weekly", help="Only the week-by-week summary.")] = False,
) -> None:
    """Show past sessions (newest first), a weekly summary, your streak of consecutive days and totals."""
    from psoas.progress.stats import streak_days, totals
    from psoas.progress.weekly import weekly_summary
    from psoas.store import open_store

    sessions = open_store().sessions.all()
    if json_output:
        from psoas.cli.output import print_json

        if weekly:
            print_json([w.to_json() for w in weekly_summary(sessions)])
        else:
            print_json([s.to_json() for s in sessions])
        return
    from rich.table import Table

    from psoas.cli.output import console, done_text

    out = console()
    if not sessions:
        out.print("No sessions yet. Start one with: psoas start")
        return
    if weekly:
        out.print(_weekly_table(weekly_summary(sessions)))
        return
    table = Table(title="Your sessions")
    table.add_column("#", justify="right")
    table.add_column("date", no_wrap=True)
    table.add_column("status")
    table.add_column("pain", no_wrap=True)  # before -> after, 0-10
    table.add_column("done")
    for s in sessions:
        local = s.started_at.astimezone()
        pain = f"{_pain(s.pain_before)} -> {_pain(s.pain_after)}"
        table.add_row(str(s.id), local.strftime("%Y-%m-%d %H:%M"), s.status, pain, done_text(s.exercises()) or "-")
    out.print(table)
    out.print(_weekly_table(weekly_summary(sessions)[:8]))
    summary = totals(sessions)
    out.print(
        f"Streak: {streak_days(sessions)} day(s) in a row. "
        f"{summary['sessions']} sessions ({summary['completed']} completed) on {summary['days']} days, "
        f"{summary['reps']} reps, {summary['hold_minutes']:.1f} min of holds."
    )


def _weekly_table(weeks):  # noqa: ANN001, ANN202
    from rich.table import Table

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
            str(w.reps),
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
    app.command()(history)
