"""`psoas serve`: psoas on a local web page (FastAPI and uvicorn are imported only here)."""

from __future__ import annotations

from typing import Annotated

import typer


def serve(
    host: Annotated[
        str,
        typer.Option(
            "--host", metavar="ADDRESS", help="Address to listen on. Another than 127.0.0.1 must be given on purpose."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="N", help="Port to listen on (0: any free port).")] = 8765,
    no_open: Annotated[bool, typer.Option("--no-open", help="Only print the address; open no browser.")] = False,
) -> None:
    """Open psoas in your browser: today's session, plan, history, settings and your data.

    Prints the address (with its one-time token) once the page is ready; Ctrl-C stops it."""
    from psoas.errors import UserError

    try:
        from psoas.web.server import serve as run
    except ImportError as error:
        raise UserError(
            f"the web page needs its packages ({error.name} is missing): pip install -r requirements-web.txt"
        ) from None
    run(host=host, port=port, open_browser=not no_open)


def register(app: typer.Typer) -> None:
    app.command()(serve)
