"""Writes a running session to the store as its events arrive."""

from __future__ import annotations

from typing import Any

from psoas.session.events import Event, RepCompleted, SessionEnded
from psoas.store.sessions import SessionRepository


class SessionRecorder:
    def __init__(self, repository: SessionRepository, session_id: int) -> None:
        self.repository = repository
        self.session_id = session_id

    def __call__(self, event: Event | object) -> None:
        if getattr(event, "name", "") == "rep_confirmed":
            # the camera's measure of a rep already recorded; kept where the store can hold it
            record_camera = getattr(self.repository, "record_camera", None)
            if record_camera is not None:
                e: Any = event
                record_camera(self.session_id, e.exercise_id, e.side, e.rep, e.hold_s, tuple(e.faults))
        elif isinstance(event, RepCompleted):
            self.repository.record_rep(self.session_id, event.exercise_id, event.side, event.rep, event.hold_s)
        elif isinstance(event, SessionEnded):
            self.repository.end(self.session_id, event.status)
