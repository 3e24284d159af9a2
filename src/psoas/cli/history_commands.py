"""`psoas history`: past sessions, the current streak and totals."""

from __future__ import annotations

from typing import Annotated

import typer


def history(json_output: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False) -> None:
    """Show past sessions (newest first), your streak of consecutive days and totals."""
    from psoas.progress.stats import streak_days, totals
    from psoas.store import open_store

    sessions = open_store().sessions.all()
    if json_output:
        from psoas.cli.output import print_json

        print_json([s.to_json() for s in sessions])
        return
    from rich.table import Table

    from psoas.cli.output import console

    out = console()
    if not sessions:
        out.print("No sessions yet. Start one with: psoas start")
        return
    table = Table(title="Your sessions")
    for column in ("#", "date", "status", "pain before", "pain after", "done"):
        table.add_column(column)
    for s in sessions:
        local = s.started_at.astimezone()
        done = ", ".join(f"{e['id']}{'/' + e['side'] if e['side'] else ''} x{e['reps_done']}" for e in s.exercises())
        table.add_row(str(s.id), local.strftime("%Y-%m-%d %H:%M"), s.status,
                      _pain(s.pain_before), _pain(s.pain_after), done or "-")
    out.print(table)
    summary = totals(sessions)
    out.print(f"Streak: {streak_days(sessions)} day(s) in a row. "
              f"{summary['sessions']} sessions ({summary['completed']} completed) on {summary['days']} days, "
              f"{summary['reps']} reps, {summary['hold_minutes']:.1f} min of holds.")


def _pain(value: int | None) -> str:
    return "-" if value is None else str(value)


def register(app: typer.Typer) -> None:
    app.command()(history)
