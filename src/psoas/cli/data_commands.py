"""`psoas export` and `psoas import`: all your data out, and back in without duplicates."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

import typer

from psoas.errors import UserError


def export(
    fmt: Annotated[
        Literal["json", "csv"], typer.Option("--format", help="json (one file) or csv (a folder of files).")
    ] = "json",
    out: Annotated[
        Path | None, typer.Option("--out", metavar="PATH", help="File for json (default: stdout); folder for csv.")
    ] = None,
) -> None:
    """Export everything: sessions, reps, pain, screenings, plan and settings."""
    if fmt == "csv" and out is None:
        raise UserError("--format csv writes several files: give a folder with --out DIR")
    from psoas.cli.output import json_text
    from psoas.cli.plan_commands import todays_plan
    from psoas.store import open_store
    from psoas.store.transfer import export_data, write_csv
    from psoas.words import plural

    store = open_store()
    sessions = store.sessions.all()  # read once: for the export and for today's plan
    data = export_data(store, todays_plan(store, sessions=sessions).to_json(), sessions)
    if fmt == "csv":
        files = write_csv(data, out)  # type: ignore[arg-type]
        print(f"Wrote {plural(len(files), 'CSV file')} to {out}: {', '.join(f.name for f in files)}")
        return
    text = json_text(data) + "\n"
    if out is None:
        print(text, end="")
        return
    if not out.parent.is_dir():
        raise UserError(f"folder does not exist: {out.parent}")
    temp = out.with_name(f".{out.name}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, out)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise UserError(f"cannot write {out}: {error.strerror or error}") from None
    counted = f"{plural(len(data['sessions']), 'session')} and {plural(len(data['screenings']), 'screening')}"
    print(f"Exported {counted} to {out}")


def import_(
    file: Annotated[Path, typer.Argument(metavar="PATH", help="A JSON file, or a CSV folder, from psoas export.")],
) -> None:
    """Import an export (JSON file or CSV folder) into this store (sessions already here are skipped)."""
    from psoas.store import open_store
    from psoas.store.transfer import import_data, read_export

    data = read_export(file)  # everything is checked before anything is written
    print(import_data(open_store(), data).text())


def register(app: typer.Typer) -> None:
    from psoas.cli.output import with_collector_paused

    app.command()(with_collector_paused(export))
    app.command("import")(with_collector_paused(import_))
