"""Writes a running session to the store as its events arrive."""

from __future__ import annotations

from psoas.session.events import Event, RepCompleted, SessionEnded
from psoas.store.sessions import SessionRepository


class SessionRecorder:
    def __init__(self, repository: SessionRepository, session_id: int) -> None:
        self.repository = repository
        self.session_id = session_id

    def __call__(self, event: Event) -> None:
        if isinstance(event, RepCompleted):
            self.repository.record_rep(self.session_id, event.exercise_id, event.side, event.rep, event.hold_s)
        elif isinstance(event, SessionEnded):
            self.repository.end(self.session_id, event.status)
