"""`psoas exercises`, `psoas show ID`, `psoas about`: the routine and what it is for."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

from psoas.cli.output import console, print_json

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def dose_text(dose: Any) -> str:
    text = f"{dose.reps} x {dose.hold_s:g} s hold"
    if dose.per_side:
        text += " each side"
    if dose.tempo:
        text += f", {dose.tempo.up_s:g} s up / {dose.tempo.down_s:g} s down"
    return text + f", {dose.rest_s:g} s rest between reps"


def dose_json(dose: Any) -> dict[str, Any]:
    data = {"hold_s": dose.hold_s, "reps": dose.reps, "per_side": dose.per_side, "rest_s": dose.rest_s}
    if dose.tempo:
        data["tempo"] = {"up_s": dose.tempo.up_s, "down_s": dose.tempo.down_s}
    data["source"] = dose.source
    return data


def exercise_json(exercise: Any, full: bool = False) -> dict[str, Any]:
    data = {"id": exercise.id, "name": exercise.name, "stretches": exercise.stretches, "dose": dose_json(exercise.dose)}
    if full:
        data.update(
            why=exercise.why,
            setup=exercise.setup,
            movement=exercise.movement,
            cues=exercise.cues,
            cautions=exercise.cautions,
            faults=[{"code": f.code, "title": f.title, "message": f.message} for f in exercise.faults],
        )
    return data


def exercises(json_output: JsonFlag = False) -> None:
    """List the daily routine with each exercise's dose."""
    from psoas.library import load_library

    library = load_library()
    if json_output:
        print_json([exercise_json(e) for e in library])
        return
    from rich.table import Table

    table = Table(title="The daily psoas routine")
    for column in ("#", "id", "name", "dose"):
        table.add_column(column)
    for number, exercise in enumerate(library, start=1):
        table.add_row(str(number), exercise.id, exercise.name, dose_text(exercise.dose))
    out = console()
    out.print(table)
    out.print("Details: psoas show ID    Start today's session: psoas start")


def show(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise id, e.g. cobra.")],
    json_output: JsonFlag = False,
    picture: Annotated[
        Path | None,
        typer.Option(
            "--picture", metavar="FILE", help="Also draw its start and hold positions to FILE (.png or .svg)."
        ),
    ] = None,
) -> None:
    """Show one exercise's instructions, cues, cautions and dose."""
    from psoas.library import get_exercise

    exercise = get_exercise(exercise_id)
    if picture is not None:
        from psoas.pictures import write_picture

        write_picture(exercise.id, picture)
        if not json_output:
            print(f"Picture of the {exercise.name} written to {picture}")
    if json_output:
        print_json(exercise_json(exercise, full=True))
        return
    out = console()
    out.print(f"[bold]{exercise.name}[/bold] ({exercise.id})")
    out.print(f"Stretches: {exercise.stretches}")
    out.print(f"Why: {exercise.why}\n")
    out.print("[bold]Set up[/bold]")
    for n, text in enumerate(exercise.setup, start=1):
        out.print(f"  {n}. {text}")
    out.print("[bold]Movement[/bold]")
    for n, text in enumerate(exercise.movement, start=1):
        out.print(f"  {n}. {text}")
    out.print("[bold]Cues[/bold]")
    for text in exercise.cues:
        out.print(f"  - {text}")
    out.print("[bold]Cautions[/bold]")
    for text in exercise.cautions:
        out.print(f"  ! {text}")
    out.print(f"\n[bold]Dose[/bold]: {dose_text(exercise.dose)}")
    out.print(f"[dim]Source: {exercise.dose.source}[/dim]")


def about_text() -> str:
    return (resources.files("psoas.library") / "about.txt").read_text(encoding="utf-8")


def about() -> None:
    """What the psoas does and why this routine (mobility and self-management, not treatment)."""
    console().print(about_text(), markup=False)


def register(app: typer.Typer) -> None:
    app.command()(exercises)
    app.command()(show)
    app.command()(about)
