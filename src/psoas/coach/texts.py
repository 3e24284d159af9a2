"""What the coach says in words about the camera (the views show it, the voice speaks it)."""

from __future__ import annotations

WAITING = {
    "position": "Get into the start position: {exercise}",
    "hold_position": "Move into the position: the hold starts when I see it",
    "back_into_position": "Back into position",
    "rest": "Come back down to rest",
}
UNSEEN = "I can't see you: step back so your whole body is in view, side-on"
WRONG_EXERCISE = "That looks like the {seen}; now: {wanted}"
WRONG_SIDE = "That is the {seen} side; now the {wanted} side: {setup}"
CAMERA_OFF = "Camera off: timer only (press c to use the camera again)"
CAMERA_ON = "Camera on: the steps follow what it sees"
PHASES = {"rest": "start position", "moving": "moving", "hold": "holding"}


def waiting_text(waiting_for: str, exercise: str) -> str:
    return WAITING.get(waiting_for, WAITING["position"]).format(exercise=exercise)
