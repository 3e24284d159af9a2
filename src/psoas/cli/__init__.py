"""The `psoas` command line: thin commands over the engines, stores and renderers.

Each module in COMMAND_MODULES defines `register(app)`. Command modules import heavy
libraries (SQLAlchemy, mediapipe, cv2, matplotlib) inside the command functions, so that
`psoas --help` stays fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer

from psoas.errors import Refused, UserError

COMMAND_MODULES = (
    "psoas.cli.library_commands",
    "psoas.cli.session_commands",
    "psoas.cli.history_commands",
    "psoas.cli.safety_commands",
    "psoas.cli.plan_commands",
    "psoas.cli.analyze",
    "psoas.cli.report_commands",
    "psoas.cli.remind_commands",
    "psoas.cli.data_commands",
    "psoas.cli.config_commands",
    "psoas.cli.backup_commands",
    "psoas.cli.serve_commands",
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


def version() -> str:
    """The installed distribution's version; the package's own when psoas runs from a source tree."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("psoas")
    except PackageNotFoundError:
        from psoas import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        print(f"psoas {version()}")
        raise typer.Exit()


@app.callback()
def _global_options(
    show_version: Annotated[
        bool,
        typer.Option("--version", help="Print psoas's version and exit.", is_eager=True, callback=_print_version),
    ] = False,
) -> None:
    pass


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error on stderr and exit."""
    print(f"psoas: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point: every error the user can cause ends as one line on stderr, never a traceback."""
    try:
        code = app(args=argv, standalone_mode=False)
    except (UserError, Refused) as error:
        fail(str(error), error.exit_code)
    except typer.TyperException as error:  # usage errors from option parsing
        if type(error).__name__ == "NoArgsIsHelpError":  # bare `psoas`: show the help
            print(error.format_message())
            raise SystemExit(0) from None
        ctx = getattr(error, "ctx", None)
        hint = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
        fail(error.format_message().replace("\n", " ") + hint, getattr(error, "exit_code", 2))
    except (typer.Abort, KeyboardInterrupt):
        fail("interrupted", 130)
    except BrokenPipeError:  # output piped into e.g. `head`, which has gone: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    except Exception as error:  # a bug in psoas: one line for the user, the traceback on request
        if os.environ.get("PSOAS_DEBUG"):
            raise
        fail(
            f"internal error ({type(error).__name__}: {error}); nothing saved was lost. "
            "Run again with PSOAS_DEBUG=1 to see the details, and please report it.",
            1,
        )
    raise SystemExit(code if isinstance(code, int) else 0)
