"""Fixed user-facing messages of the guided session."""

# The keys line, from the widest to the narrowest form: the view shows the first that fits.
# Every form keeps the stop and this-hurts keys; the narrow ones drop pause and skip first.
KEYS_HELP_FORMS = (
    "space pause/resume   n skip step   q stop and save   h this hurts",
    "space pause  n skip  q stop and save  h this hurts",
    "space pause  n skip  q stop  h hurts",
    "space pause  q stop  h hurts",
    "q stop  h hurts",
)
KEYS_HELP = KEYS_HELP_FORMS[0]


def hurt_advice() -> str:
    """What to do after a 'this hurts' stop; the text and its source live in the safety data."""
    from psoas.safety import load_screening

    return load_screening().messages.hurt
