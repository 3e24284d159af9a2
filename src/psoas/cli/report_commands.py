"""`psoas report`: a one-page progress report (PDF, PNG or HTML by the file's extension)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def report(
    out: Annotated[Path, typer.Option("--out", metavar="FILE", help="Where to write: .pdf, .png or .html.")] = Path(
        "psoas-report.pdf"
    ),
) -> None:
    """Write your progress report: pain before/after over time, days done, holds and reps, streak."""
    from psoas.errors import UserError
    from psoas.progress.report import report_format

    report_format(out)  # a bad name or folder fails before any work
    if not out.parent.is_dir():
        raise UserError(f"folder does not exist: {out.parent}")
    from datetime import datetime

    from psoas.cli.output import console
    from psoas.library import load_library
    from psoas.progress.report import build_report, write_report
    from psoas.store import open_store
    from psoas.words import plural

    sessions = open_store().sessions.all()
    names = {e.id: e.name for e in load_library()}
    built = build_report(sessions, datetime.now().date(), names)
    write_report(built, out)
    console().print(f"Report written to {out} ({plural(len(sessions), 'session')}).", markup=False)


def register(app: typer.Typer) -> None:
    from psoas.cli.output import with_collector_paused

    app.command()(with_collector_paused(report))
