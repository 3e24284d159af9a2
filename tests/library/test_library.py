"""The exercise library: schema, content faithful to the seed, and no seed defects for users."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from pydantic import ValidationError

from psoas.errors import UserError
from psoas.library import ROUTINE_IDS, Exercise, get_exercise, load_library
from psoas.session.plan import plan_session
from psoas.ui import messages

SPAM = re.compile(r"viagra", re.IGNORECASE)


def seed_defects(text: str) -> list[str]:
    """The seed's injected spam word and its captions repeated as text (a line said twice in a row)."""
    problems = [f"spam word in {text[:60]!r}"] if SPAM.search(text) else []
    # Compare lines without list numbering or bullets: the seed says "2. Kneeling Hip Stretch"
    # and then the caption "Kneeling Hip Stretch".
    lines = [re.sub(r"^(\d+\.|[-*\u2022])\s*", "", line.strip()) for line in text.splitlines() if line.strip()]
    problems += [f"repeated line {a!r}" for a, b in zip(lines, lines[1:], strict=False) if a == b]
    return problems


def every_user_text() -> list[str]:
    texts = []
    for exercise in load_library():
        texts += exercise.user_texts() + [exercise.dose.source]
    texts.append((resources.files("psoas.library") / "about.txt").read_text(encoding="utf-8"))
    for name, value in vars(messages).items():
        if name.isupper():  # a constant is one text or a tuple of forms (narrow-terminal variants)
            texts += list(value) if isinstance(value, tuple) else [value]
    texts.append(messages.hurt_advice())
    texts += [step.label() for step in plan_session(load_library()).steps]
    return texts


def test_detector_catches_the_seed_defects(shared) -> None:
    seed = next((shared / "seed").glob("*.txt")).read_text(encoding="utf-8")
    problems = seed_defects(seed)
    assert any("spam" in p for p in problems)
    assert any("Glute Bridge" in p for p in problems) and any("Kneeling Hip Stretch" in p for p in problems)


def test_detector_on_built_examples() -> None:
    assert seed_defects("Hold it. (Viagra)")
    assert seed_defects("Glute Bridge\n\nGlute Bridge\nLie down")
    assert seed_defects("Glute Bridge\nLie down\nGlute Bridge") == []


def test_no_user_facing_text_carries_seed_defects() -> None:
    texts = every_user_text()
    assert len(texts) > 50
    for text in texts:
        assert seed_defects(text) == [], text
    # Every exercise name appears once as a title, never duplicated inside its own instructions.
    for exercise in load_library():
        body = "\n".join(exercise.setup + exercise.movement)
        assert exercise.name not in body


def test_library_is_the_seed_routine_in_order() -> None:
    assert tuple(e.id for e in load_library()) == ROUTINE_IDS
    assert [e.name for e in load_library()] == ["Cobra", "Kneeling Hip Stretch", "Glute Bridge"]


def test_doses_follow_the_seed_and_the_guidance() -> None:
    kneeling = get_exercise("kneeling_hip_stretch").dose
    assert kneeling.hold_s == 10 and kneeling.per_side  # seed: hold 10 s, switch sides
    assert 2 <= kneeling.reps <= 4  # "a few times" within ACSM 2-4
    cobra = get_exercise("cobra").dose
    assert 10 <= cobra.hold_s <= 30 and 2 <= cobra.reps <= 4 and not cobra.per_side
    bridge = get_exercise("glute_bridge").dose
    assert 2 <= bridge.hold_s <= 5 and 5 <= bridge.reps <= 12 and bridge.tempo is not None
    for exercise in load_library():
        assert len(exercise.dose.source) > 20
        assert all(len(rule.source) > 10 for rule in exercise.faults)


def test_seed_instructions_are_kept() -> None:
    """Key facts of the seed survive our rewording."""
    cobra = " ".join(get_exercise("cobra").user_texts()).lower()
    assert "face down" in cobra and "shoulder-width" in cobra and "natural curve" in cobra
    kneel = " ".join(get_exercise("kneeling_hip_stretch").user_texts()).lower()
    assert "press your hips forward" in kneel and "back neutral" in kneel
    bridge = " ".join(get_exercise("glute_bridge").user_texts()).lower()
    assert "knees bent" in bridge and "shoulder-width" in bridge and "in one line" in bridge


def test_every_exercise_has_fault_rules_with_own_prefix() -> None:
    for exercise in load_library():
        assert exercise.faults
        assert all(rule.code.startswith(exercise.id + ".") for rule in exercise.faults)


def test_schema_rejects_bad_files() -> None:
    data = tomllib.loads((resources.files("psoas.library") / "data" / "cobra.toml").read_text())
    Exercise.model_validate(data)
    broken = {**data, "dose": {**data["dose"], "reps": 0}}
    with pytest.raises(ValidationError):
        Exercise.model_validate(broken)
    with pytest.raises(ValidationError):
        Exercise.model_validate({**data, "surprise": 1})
    with pytest.raises(ValidationError):
        Exercise.model_validate({**data, "dose": {k: v for k, v in data["dose"].items() if k != "source"}})
    wrong_prefix = {**data, "faults": [{**data["faults"][0], "code": "glute_bridge.x"}]}
    with pytest.raises(ValidationError):
        Exercise.model_validate(wrong_prefix)


def test_unknown_id_names_the_valid_ones() -> None:
    with pytest.raises(UserError, match="cobra, kneeling_hip_stretch, glute_bridge"):
        get_exercise("plank")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_no_data_file_of_the_package_carries_seed_defects() -> None:
    """Every string in every data file (exercises, screening, progression, reminders)."""
    root = resources.files("psoas")
    files = list(Path(str(root)).rglob("*.toml"))
    assert len(files) >= 4
    for path in files:
        for text in _strings(tomllib.loads(path.read_text(encoding="utf-8"))):
            assert seed_defects(text) == [], f"{path.name}: {text[:80]}"


def test_each_exercise_leads_its_cautions_with_the_stop_rule_shown_in_sessions() -> None:
    for exercise in load_library():
        assert exercise.cautions[0].startswith("Stop if"), exercise.id
