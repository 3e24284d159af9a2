"""Fixed user-facing messages of the guided session."""

KEYS_HELP = "space pause/resume   n skip step   q stop and save   h this hurts"


def hurt_advice() -> str:
    """What to do after a 'this hurts' stop; the text and its source live in the safety data."""
    from psoas.safety import load_screening

    return load_screening().messages.hurt
