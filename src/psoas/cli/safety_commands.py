"""`psoas screen`: the safety screening (red flags and conditions that change the routine)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from psoas.errors import Refused, UserError


def screen(
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    list_questions: Annotated[
        bool, typer.Option("--list", help="List the questions (with --json: id, text, kind, lasting).")
    ] = False,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Answer from a JSON file {question id: yes|no|not_sure}; a lasting red flag a clinician"
            " has seen and said this routine is fine may be 'cleared'.",
        ),
    ] = None,
) -> None:
    """Answer the safety questions again, or show the current result (--json).

    Any red flag means no session and advice to see a clinician; psoas does not diagnose."""
    from psoas.cli.output import console, print_json
    from psoas.safety import load_screening

    screening = load_screening()
    out = console()

    def say(text: str) -> None:
        out.print(text, markup=False)

    if list_questions:
        if answers is not None:
            raise UserError("--list and --answers do not go together")
        if json_output:
            print_json([q.to_json() for q in screening.questions])
        else:
            for q in screening.questions:
                kind = f"{q.kind}, lasting" if q.clearable else q.kind
                say(f"{q.id:22} {kind:18} {q.text}")
        return

    from psoas.safety.gate import current_screening
    from psoas.safety.screening import evaluate, interview, read_answers_file
    from psoas.store import open_store

    if answers is None and json_output:
        store = open_store()
        result, taken_at = current_screening(store)
        if result is None:
            raise Refused("no screening on record yet; run: psoas screen")
        print_json(result.to_json(taken_at, store.settings.load().cleared))
        return

    if answers is not None:
        given = read_answers_file(answers)  # errors before the store is touched
    else:
        if not sys.stdin.isatty():
            raise UserError("no terminal to ask the questions; use: psoas screen --answers FILE")
        from psoas.cli.prompts import ask

        try:
            given = interview(ask, say, screening)
        except EOFError:
            raise UserError("screening not finished; nothing saved") from None
    result = evaluate(given, screening)
    store = open_store()
    store.screenings.add("full", dict(given), result.stored())
    taken = store.screenings.latest("full")
    cleared = store.settings.load().cleared
    if json_output:
        print_json(result.to_json(taken.taken_at if taken else None, cleared))
        return
    _print_result(result, cleared, say)


def _print_result(result, cleared, say) -> None:  # noqa: ANN001
    from psoas.safety.wording import result_lines

    for line in result_lines(result, cleared):
        say(line)


def register(app: typer.Typer) -> None:
    app.command()(screen)
