"""What a screening's result says, line by line: `psoas screen` prints these lines and the page
shows them (psoas.web.screening), so both say the same words."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from psoas.safety import Screening, load_screening
from psoas.safety.gate import cleared_text
from psoas.safety.screening import ScreeningResult, message_for


def result_lines(
    result: ScreeningResult,
    cleared: Collection[str],
    screening: Screening | None = None,
    names: Mapping[str, str] | None = None,
) -> list[str]:
    """The result's message, then the reasons (an emergency or a referral, with the lasting flags a
    clinician can clear) or each exercise left out or noted, and what has been cleared. `names`:
    exercise id to name (default: the library's)."""
    screening = screening or load_screening()
    lines = [message_for(result, screening)]
    if result.status in ("emergency", "refer"):
        lines += [f"  - {reason}" for reason in result.reasons]
        lasting = [q.id for q in screening.questions if q.clearable and q.id in result.flags]
        if lasting and result.status == "refer":
            lines.append(f"  Lasting history, which a clinician can clear (answer 'cleared'): {', '.join(lasting)}")
        return lines
    if names is None:
        from psoas.library import load_library

        names = {e.id: e.name for e in load_library()}
    for exercise, reasons in result.exclusion_reasons(cleared).items():
        lines += [f"  - {names.get(exercise, exercise)}: {reason}" for reason in reasons]
    for exercise_id, text in result.note_texts(cleared, screening.messages.cleared):
        lines.append(f"  - {names.get(exercise_id, exercise_id)}: {text}")
    if said := cleared_text(result, screening):
        lines.append(said)
    return lines
