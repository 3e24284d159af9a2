"""Fixed user-facing messages of the guided session."""

HURT_ADVICE = (
    "Stopped because it hurts. Rest and do not push through pain. "
    "If the pain is severe, spreads down a leg, or comes with numbness, weakness, or bladder or "
    "bowel changes, get medical help today. If it is still there after a few days or keeps coming "
    "back, see a GP or physiotherapist before the next session."
)

KEYS_HELP = "space pause/resume   n skip step   q stop and save   h this hurts"
