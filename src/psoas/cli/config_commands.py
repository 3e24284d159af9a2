"""`psoas config`: show and change your settings (stored with your data)."""

from __future__ import annotations

from typing import Annotated

import typer

config_app = typer.Typer(
    help="Show and change your settings: voice, reminders, sitting interval, quiet hours.",
    no_args_is_help=False,
    invoke_without_command=True,
)


def _show_value(value: object) -> str:
    if value is None:
        return "off"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return ",".join(value) or "(none)"
    return str(value)


@config_app.callback()
def show(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
) -> None:
    """Show every setting (with `set KEY VALUE` and `unset KEY` to change them)."""
    if ctx.invoked_subcommand is not None:
        return
    from psoas.cli.output import print_json
    from psoas.store import open_store
    from psoas.store.settings import UserSettings

    store = open_store()
    values = store.settings.load().model_dump()
    stored = store.settings.stored()
    if json_output:
        print_json(values)
        return
    for key, value in values.items():
        origin = "" if key in stored else "  (default)"
        description = UserSettings.model_fields[key].description
        print(f"{key:17} {_show_value(value):14}{origin:12} {description}")
    print("Change one with: psoas config set KEY VALUE")


@config_app.command("set")
def set_(
    key: Annotated[str, typer.Argument(metavar="KEY")], value: Annotated[str, typer.Argument(metavar="VALUE")]
) -> None:
    """Set KEY to VALUE, for example: psoas config set sitting_interval 45"""
    from psoas.errors import UserError
    from psoas.library import load_library
    from psoas.store import open_store
    from psoas.store.settings import parse_setting

    parsed = parse_setting(key, value)
    if key == "cleared":
        valid = {e.id for e in load_library()}
        unknown = [i for i in parsed if i not in valid]
        if unknown:
            from psoas.safety import load_screening

            questions = {q.id for q in load_screening().questions}
            if any(i in questions for i in unknown):  # a red flag, not an exercise: say where it is cleared
                raise UserError(
                    f"{', '.join(i for i in unknown if i in questions)} is a screening question, not an exercise; "
                    "a clinician's clearance of a past red flag is answered in the screening: run psoas screen"
                )
            ids = "id" if len(unknown) == 1 else "ids"
            raise UserError(
                f"unknown exercise {ids} for cleared: {', '.join(unknown)}; valid: {', '.join(sorted(valid))}"
            )
    open_store().settings.set(key, parsed)
    print(f"{key} = {_show_value(parsed)}")


@config_app.command("get")
def get(key: Annotated[str, typer.Argument(metavar="KEY")]) -> None:
    """Print one setting's value."""
    from psoas.errors import UserError
    from psoas.store import open_store
    from psoas.store.settings import SETTING_KEYS

    if key not in SETTING_KEYS:
        raise UserError(f"unknown setting {key!r}; settings are: {', '.join(SETTING_KEYS)}")
    print(_show_value(getattr(open_store().settings.load(), key)))


@config_app.command("unset")
def unset(key: Annotated[str, typer.Argument(metavar="KEY")]) -> None:
    """Put KEY back to its default."""
    from psoas.errors import UserError
    from psoas.store import open_store
    from psoas.store.settings import SETTING_KEYS

    if key not in SETTING_KEYS:
        raise UserError(f"unknown setting {key!r}; settings are: {', '.join(SETTING_KEYS)}")
    open_store().settings.unset(key)
    print(f"{key} is back to its default")


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")
