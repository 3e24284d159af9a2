"""An iCalendar (RFC 5545) file with one daily recurring event for the routine."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from psoas.reminders import load_texts
from psoas.words import plural

UID = "psoas-daily-routine@psoas.local"  # stable: importing again updates instead of duplicating


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def daily_event(
    at: time, start: date, minutes: int, exercise_names: Sequence[str], stamp: datetime | None = None
) -> str:
    texts = load_texts()
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    begin = datetime.combine(start, at)
    description = texts.calendar_description.format(
        exercises=", ".join(exercise_names), length=plural(minutes, "minute")
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//psoas//psoas daily routine//EN",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:{UID}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART:{begin:%Y%m%dT%H%M%S}",  # floating: at this local time wherever the user is
        f"DURATION:PT{minutes}M",
        "RRULE:FREQ=DAILY",
        f"SUMMARY:{_escape(texts.calendar_summary)}",
        f"DESCRIPTION:{_escape(description)}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:PT0M",
        f"DESCRIPTION:{_escape(texts.calendar_summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)
