"""`psoas plan`: today's dose per exercise and why (pain-gated progression)."""

from __future__ import annotations

from typing import Annotated

import typer


def todays_plan(store, now=None, sessions=None):  # noqa: ANN001, ANN201 - heavy types imported lazily
    """The progression plan for every exercise of the library, from the stored history
    (`sessions`, when the caller has already read them, so they are read once)."""
    from psoas.library import load_library
    from psoas.progress.progression import build_plan
    from psoas.store import utc_now

    history = store.sessions.all() if sessions is None else sessions
    return build_plan(history, list(load_library()), now or utc_now())


def plan(json_output: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False) -> None:
    """Show today's dose for each exercise, why, and any advice to see a clinician."""
    from psoas.cli.library_commands import dose_text
    from psoas.cli.output import console, print_json
    from psoas.safety.gate import in_force
    from psoas.store import open_store

    store = open_store()
    result = todays_plan(store)
    safety = in_force(store)
    screening, left_out, on_hold = safety.result, safety.left_out, safety.hold
    if json_output:
        data = result.to_json()
        data["excluded"] = [{"id": key, "reasons": value} for key, value in left_out.items()]
        data["screening"] = screening.status if screening else None
        data["on_hold"] = on_hold is not None  # the screening says no session for now
        print_json(data)
        return
    out = console()
    if on_hold is not None:
        out.print(on_hold, markup=False, style="bold red")
        out.print(
            "Your plan is on hold: no sessions until you have seen a clinician and psoas screen is redone.",
            markup=False,
        )
        return
    out.print(f"Today's plan ({result.today}):", markup=False)
    for entry in result.exercises:
        if entry.exercise.id in left_out:  # no dose or next step for what the screening leaves out
            out.print(f"  {entry.exercise.name}: left out", markup=False)
            out.print(f"    {' '.join(left_out[entry.exercise.id])}", markup=False)
            continue
        out.print(f"  {entry.exercise.name}: {dose_text(entry.dose)}", markup=False)
        out.print(f"    {entry.reason}", markup=False, style="dim")
    for text in result.advice:
        out.print(text, markup=False, style="bold yellow")
    if screening is None:
        out.print("No safety screening on record yet: psoas start asks it, or run psoas screen.", markup=False)


def register(app: typer.Typer) -> None:
    from psoas.cli.output import with_collector_paused

    app.command()(with_collector_paused(plan))
