"""What every event has: a `name` (one word per kind, for logs and the WebSocket) and `to_json()`.

Events are small frozen dataclasses. The session engine's (psoas.session.events), the pose
engine's (psoas.pose.events) and the coach's (psoas.coach.events) all derive from `EventBase`,
so a front end can subscribe to one stream and serialise any of them the same way.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar


def plain(value: Any) -> Any:
    """`value` as JSON-ready Python: dataclasses as dicts, tuples as lists, floats rounded to ms."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, float):
        return round(value, 3) if math.isfinite(value) else None
    return value


class EventBase:
    name: ClassVar[str] = "event"

    def to_json(self) -> dict[str, Any]:
        """{"event": name, field: value, ...}: every field, JSON-ready."""
        assert dataclasses.is_dataclass(self)
        fields = {f.name: plain(getattr(self, f.name)) for f in dataclasses.fields(self)}
        return {"event": self.name, **fields}
