"""The `psoas` command line: thin commands over the engines, stores and renderers.

Each module in COMMAND_MODULES defines `register(app)`. Command modules import heavy
libraries (SQLAlchemy, mediapipe, cv2, matplotlib) inside the command functions, so that
`psoas --help` stays fast.
"""

from __future__ import annotations

import importlib
import sys

import typer

from psoas.errors import Refused, UserError

COMMAND_MODULES = (
    "psoas.cli.library_commands",
    "psoas.cli.session_commands",
    "psoas.cli.history_commands",
)

app = typer.Typer(
    name="psoas",
    help="A daily psoas stretching coach: guided sessions, a camera coach, your data on your machine.\n\n"
    "psoas supports self-management; it does not diagnose or treat.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error on stderr and exit."""
    print(f"psoas: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def main() -> None:
    try:
        app(standalone_mode=True)
    except (UserError, Refused) as error:
        fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
