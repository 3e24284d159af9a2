"""Exercise pictures: drawn from the pose generator's templates, with the cues marked."""

from __future__ import annotations

import math

import pytest

from psoas.library import load_library

IDS = [e.id for e in load_library()]


def _trunk_deg(position) -> float:  # noqa: ANN001
    """The trunk's angle above the horizontal, hips to shoulders."""
    hx, hy = position.point("hip")
    sx, sy = position.point("shoulder")
    return math.degrees(math.atan2(sy - hy, abs(sx - hx)))


def test_the_cobras_hold_lifts_the_chest_from_lying_flat() -> None:
    from psoas.pictures import positions

    found = positions("cobra")
    assert _trunk_deg(found["start"]) < 10  # lying face down
    assert _trunk_deg(found["hold"]) > 20  # chest lifted


def test_the_bridges_hold_lifts_the_hips() -> None:
    from psoas.pictures import positions

    found = positions("glute_bridge")
    lowest = {view: min(p.points[:, 1]) for view, p in found.items()}
    hip = {view: p.point("hip")[1] - lowest[view] for view, p in found.items()}
    assert hip["hold"] > hip["start"] * 1.5


def test_the_kneeling_stretch_is_drawn_upright_on_its_first_side() -> None:
    from psoas.pictures import positions

    found = positions("kneeling_hip_stretch")
    assert all(_trunk_deg(p) > 60 for p in found.values())  # the trunk stays tall


@pytest.mark.parametrize(
    ("cue", "parts"),
    [
        ("Hips stay on the mat.", ["hip"]),
        ("Shoulders, hips and knees in one line at the top.", ["shoulder", "hip", "knee"]),
        ("Lower slowly, one vertebra at a time.", ["spine"]),
        ("Breathe out slowly.", []),  # names no body part: listed, not marked
    ],
)
def test_cues_are_placed_on_the_body_parts_they_name(cue, parts) -> None:
    from psoas.pictures import cue_parts

    assert cue_parts(cue) == parts


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_cue_that_names_a_part_gets_a_marker(exercise_id) -> None:
    from psoas.library import get_exercise
    from psoas.pictures import cue_parts, markers

    exercise = get_exercise(exercise_id)
    numbered = {int(n) for label, _ in markers(exercise) for n in label.split(",")}
    assert numbered == {n for n, cue in enumerate(exercise.cues, start=1) if cue_parts(cue)}


@pytest.mark.parametrize("exercise_id", IDS)
def test_svg_and_png_are_made_and_the_same_each_time(exercise_id) -> None:
    from psoas.pictures import picture_bytes

    svg = picture_bytes(exercise_id, "svg")
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    picture_bytes.cache_clear()
    assert picture_bytes(exercise_id, "svg") == svg
    assert picture_bytes(exercise_id, "png", "hold")[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_figure_shows_both_positions_titled_and_the_cues(run_cli) -> None:
    from psoas.library import get_exercise
    from psoas.pictures import build_figure

    exercise = get_exercise("cobra")
    figure = build_figure("cobra")
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert f"Start: {exercise.start_position}" in titles and any(t.startswith("Hold: chest lifted") for t in titles)
    texts = " ".join(t.get_text() for ax in figure.axes for t in ax.texts)
    assert all(cue in texts.replace("\n    ", " ") for cue in exercise.cues)


def test_show_picture_writes_the_file(run_cli, tmp_path) -> None:
    out = tmp_path / "cobra.png"
    result = run_cli("show", "cobra", "--picture", str(out))
    assert result.code == 0 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"Picture of the Cobra written to {out}" in result.out


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("cobra.jpg", "cannot tell the picture format from 'cobra.jpg'; use a name ending in .png or .svg"),
        ("missing/cobra.svg", "folder does not exist"),
    ],
)
def test_show_picture_bad_name_is_one_line_exit_2(run_cli, tmp_path, name, message) -> None:
    result = run_cli("show", "cobra", "--picture", str(tmp_path / name))
    assert result.code == 2 and message in result.err and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / name).exists()


def test_show_picture_unwritable_is_one_line_exit_2(run_cli, tmp_path) -> None:
    folder = tmp_path / "cobra.svg"
    folder.mkdir()  # a folder where the file should go: the rename cannot replace it
    result = run_cli("show", "cobra", "--picture", str(folder))
    assert result.code == 2 and result.err.startswith("psoas: error: cannot write") and "Traceback" not in result.err
