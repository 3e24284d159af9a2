"""User settings (voice, reminders, sitting interval, quiet hours...): validated, stored as JSON.

`UserSettings` is the schema and the defaults; the repository keeps only what the user set.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from psoas.errors import UserError
from psoas.store.models import SettingRow

# A time of day as people type it: 7:05, 07:05, 7.05 (24-hour); stored as HH:MM.
CLOCK_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def clock_time(text: str) -> str | None:
    """`text` as HH:MM ('7:05' -> '07:05'), or None when it is not a 24-hour time of day."""
    match = CLOCK_TIME.match(text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return f"{int(match[1]):02d}:{match[2]}"


def _check_time(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    normal = clock_time(value)
    if normal is None:
        raise ValueError(f"{what} must be a time as HH:MM (24-hour), e.g. 18:30")
    return normal


class UserSettings(BaseModel):
    """Every setting with its default. Bounds of the sitting interval: RESEARCH.md section 4 (ADA 2016:
    break sitting every 30 min; trials used every 20-30 min)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    voice: bool = Field(False, description="Speak the cues during sessions (needs espeak-ng or say).")
    reminder_time: str | None = Field("18:00", description="Daily reminder time, HH:MM, or off.")
    sitting_interval: int = Field(30, ge=20, le=60, description="Minutes of sitting before a break reminder (20-60).")
    snooze: int = Field(10, ge=1, le=120, description="Minutes a snoozed sitting reminder waits.")
    quiet_hours: str | None = Field(
        "22:00-07:00", description="No reminders between these times (HH:MM-HH:MM), or off."
    )
    cleared: list[str] = Field(
        default_factory=list,
        description="Exercises your clinician has cleared, comma-separated ids "
        "(lifts 'check with your clinician first').",
    )

    @field_validator("reminder_time")
    @classmethod
    def _time(cls, value: str | None) -> str | None:
        return _check_time(value, "reminder_time")

    @field_validator("quiet_hours")
    @classmethod
    def _quiet(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = [clock_time(part) for part in re.split(r"\s*[-–]\s*", value.strip())]
        if len(parts) != 2 or None in parts or parts[0] == parts[1]:
            raise ValueError("quiet_hours must be two different times HH:MM-HH:MM, e.g. 22:00-07:00, or off")
        return f"{parts[0]}-{parts[1]}"


SETTING_KEYS = tuple(UserSettings.model_fields)
OFF_WORDS = {"off", "none", "no", ""}
BOOL_WORDS = {"on": True, "true": True, "yes": True, "1": True, "off": False, "false": False, "no": False, "0": False}


def parse_setting(key: str, text: str) -> Any:
    """A command-line value for `key` as its typed value; one-line UserError when it is bad."""
    if key not in SETTING_KEYS:
        raise UserError(f"unknown setting {key!r}; settings are: {', '.join(SETTING_KEYS)}")
    text = text.strip()
    if key == "voice":
        if text.lower() not in BOOL_WORDS:
            raise UserError(f"voice must be on or off, got {text!r}")
        value: Any = BOOL_WORDS[text.lower()]
    elif key in ("reminder_time", "quiet_hours"):
        value = None if text.lower() in OFF_WORDS else text
    elif key in ("sitting_interval", "snooze"):
        if not text.isdigit():
            raise UserError(f"{key} must be a whole number of minutes, got {text!r}")
        value = int(text)
    else:  # cleared: a comma-separated list of exercise ids
        value = (
            [] if text.lower() in OFF_WORDS else list(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
        )
    return validate_setting(key, value)


def validate_setting(key: str, value: Any) -> Any:
    try:
        return getattr(UserSettings.model_validate({key: value}), key)
    except ValidationError as error:
        first = error.errors()[0]
        if first["type"] in ("greater_than_equal", "less_than_equal"):
            low = high = None
            for limit in UserSettings.model_fields[key].metadata:
                low, high = getattr(limit, "ge", low), getattr(limit, "le", high)
            message = f"must be from {low} to {high}, got {value!r}"
        else:
            message = str(first["msg"]).removeprefix("Value error, ")
        raise UserError(f"bad value for {key}: {message}") from None


class SettingsRepository:
    def __init__(self, maker: sessionmaker) -> None:
        self._maker = maker

    def stored(self) -> dict[str, Any]:
        """Only the values the user set, by key."""
        with self._maker() as db:
            return {
                row.key: json.loads(row.value_json) for row in db.scalars(select(SettingRow).order_by(SettingRow.key))
            }

    def load(self) -> UserSettings:
        """Defaults overlaid with the stored values (unknown or invalid stored keys are ignored)."""
        values = {}
        for key, value in self.stored().items():
            if key in SETTING_KEYS:
                try:
                    values[key] = validate_setting(key, value)
                except UserError:
                    continue
        return UserSettings(**values)

    def set(self, key: str, value: Any) -> None:
        value = validate_setting(key, value)
        with self._maker.begin() as db:
            row = db.get(SettingRow, key)
            if row is None:
                db.add(SettingRow(key=key, value_json=json.dumps(value)))
            else:
                row.value_json = json.dumps(value)

    def unset(self, key: str) -> bool:
        with self._maker.begin() as db:
            row = db.get(SettingRow, key)
            if row is None:
                return False
            db.delete(row)
            return True
