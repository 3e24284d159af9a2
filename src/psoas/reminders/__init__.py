"""Reminders: sitting breaks and the daily routine (scheduler, notifiers, loop) and the calendar file."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field


class ReminderTexts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sitting_title: str
    sitting_message: str
    daily_title: str
    daily_message: str
    calendar_summary: str
    calendar_description: str
    no_desktop: str
    desktop_failed: str
    source: str = Field(min_length=10)


@cache
def load_texts() -> ReminderTexts:
    text = (resources.files("psoas.reminders") / "data" / "reminders.toml").read_text(encoding="utf-8")
    return ReminderTexts.model_validate(tomllib.loads(text))
