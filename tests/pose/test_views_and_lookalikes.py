"""Camera views along the body, look-alike poses that are not our exercises, the picture's
aspect ratio, the photo overlay and a half-kneel held without pressing forward."""

import numpy as np
import pytest

from psoas.pose.annotate import overlay_lines
from psoas.pose.aspect import estimate_aspect
from psoas.pose.engine import Analyzer
from psoas.pose.features import compute, depth_rise, world_height_above
from psoas.pose.frame import PoseFrame
from psoas.pose.readers import read_csv, write_csv
from psoas.pose.result import FrameResult
from psoas.pose.synthetic import Spec, generate


def run(frames, still=False):
    analyzer = Analyzer(still=still)
    results = [analyzer.update(f) for f in frames]
    return results, analyzer.finish()


@pytest.mark.parametrize(("yaw", "pitch"), [(50, 12), (-60, 8), (70, 4)])
def test_cobra_filmed_towards_the_head_or_feet(yaw, pitch):
    frames, truth = generate(Spec("cobra", reps=3, hold_s=5, noise=0.004, yaw_deg=yaw, pitch_deg=pitch), 8)
    results, analysis = run(frames)
    reps = [r for s in analysis.segments if s.exercise == "cobra" for r in s.reps]
    assert len(reps) == 3
    for rep, true in zip(reps, truth.reps, strict=True):
        assert rep.hold_s == pytest.approx(true.hold_s, abs=0.8)
    seen = [r for r, f in zip(results, frames, strict=True) if f.present]
    assert sum(r.exercise == "cobra" for r in seen) / len(seen) > 0.9


def _hold_frame(exercise, seed=3, **kw):
    frames, truth = generate(Spec(exercise, reps=1, hold_s=2, noise=0.0, **kw), seed)
    return next(f for f, (_, _, ph) in zip(frames, truth.labels, strict=True) if ph == "hold")


def _moved(frame, moves):
    xyz = frame.xyz.copy()
    for idx, (dx, dy) in moves.items():
        xyz[idx, 0] += dx
        xyz[idx, 1] += dy
    return PoseFrame(frame.t, xyz, frame.visibility, frame.aspect)


def _with_visibility(frame, indices, value):
    visibility = frame.visibility.copy()
    visibility[list(indices)] = value
    return PoseFrame(frame.t, frame.xyz, visibility, frame.aspect)


def _label(frame):
    return run([frame], still=True)[0][0].exercise


LEGS = (25, 26, 27, 28, 29, 30, 31, 32)
LEFT_FOOT = (27, 29, 31)


def test_cobra_look_alikes_are_not_cobra():
    cobra = _hold_frame("cobra")
    assert _label(cobra) == "cobra"
    up = -0.16  # picture heights (y grows downwards): 0.2 of the body's height (the figure is 0.8 tall)
    # superman: hands and feet lifted off the floor, the body rests on the belly
    ends = {i: (0.0, up * (0.5 if i in (25, 26) else 1.0)) for i in LEGS} | {15: (0, up), 16: (0, up)}
    superman = _moved(cobra, ends)
    assert _label(superman) is None
    # one leg lifted (prone quad stretch, straight-leg raise), the lifted foot clearly seen
    lifted = _moved(cobra, {i: (0.0, up) for i in LEFT_FOOT})
    assert _label(_with_visibility(lifted, LEFT_FOOT, 0.9)) is None
    # ... but a far foot MediaPipe only guesses (hidden behind the near leg) is not taken as lifted
    assert _label(_with_visibility(lifted, LEFT_FOOT, 0.45)) == "cobra"
    # lying on the side: one shoulder and hip stacked above the other, at the same distance from
    # the camera (a camera looking down at a prone body sees the upper one farther away)
    side = _moved(cobra, {11: (0, -0.12), 23: (0, -0.12), 13: (0, -0.12)})
    xyz = side.xyz.copy()
    xyz[[11, 13, 23], 2] = xyz[[12, 14, 24], 2]
    assert _label(PoseFrame(side.t, xyz, side.visibility, side.aspect)) is None


@pytest.mark.parametrize("pitch", [20, 30, 35])
def test_cobra_filmed_from_above_is_not_lying_on_the_side(pitch):
    # the camera looking down shows the far shoulder above the near one by sin(pitch) of the
    # width, and farther away by cos(pitch) of it
    assert _label(_hold_frame("cobra", pitch_deg=pitch)) == "cobra"


def test_full_cobra_on_straight_arms_and_sitting_with_the_legs_out():
    # a full cobra: trunk almost vertical, hands under the shoulders, level with the hips
    frames, _ = generate(
        Spec("cobra", reps=1, hold_s=3, noise=0.0, hold_deg=86, faults={0: "cobra.back_overextended"}), 3
    )
    results, analysis = run(frames)
    assert any(r.phase == "hold" for r in results if r.exercise == "cobra")
    assert [f.code for f in analysis.faults] == ["cobra.back_overextended"]
    full = _hold_frame("cobra", hold_deg=86, faults={0: "cobra.back_overextended"})
    assert _label(full) == "cobra"
    # the same outline sitting with the legs out: toes up instead of the tops of the feet down,
    # face turned to the camera instead of ahead
    xyz = full.xyz
    toes_up = {i: (xyz[a, 0] - xyz[i, 0], xyz[a, 1] - 0.08 - xyz[i, 1]) for i, a in ((31, 27), (32, 28))}
    ears = (xyz[7, :2] + xyz[8, :2]) / 2
    facing_camera = {0: (ears[0] - xyz[0, 0], ears[1] - 0.03 - xyz[0, 1])}
    assert _label(_moved(full, toes_up | facing_camera)) is None
    assert _label(_moved(full, facing_camera)) == "cobra"
    # looking toward the feet is sitting up, whatever the feet do (pointed toes in ankle pumps)
    head_x = 1.0 if xyz[11, 0] > xyz[27, 0] else -1.0  # the head's side of the picture
    toward_feet = {0: (ears[0] - head_x * 0.03 - xyz[0, 0], ears[1] + 0.01 - xyz[0, 1])}
    assert _label(_moved(full, toes_up | toward_feet)) is None
    assert _label(_moved(full, toward_feet)) is None


def test_lunge_with_the_back_knee_off_the_floor_is_the_kneeling_stretch_with_a_fault():
    # A look-alike: recognised as the exercise, and the difference is named, never a clean hold
    kneel = _hold_frame("kneeling_hip_stretch", side="left")
    assert _label(kneel) == "kneeling_hip_stretch"
    assert run([kneel], still=True)[0][0].faults == []
    lunge = _moved(kneel, {25: (0.0, -0.07)})  # back (left) knee about 12 cm off the floor
    result = run([lunge], still=True)[0][0]
    assert result.exercise == "kneeling_hip_stretch"
    assert "kneeling_hip_stretch.back_knee_lifted" in result.faults


def test_kneeling_seen_obliquely_from_above():
    frames, _ = generate(Spec("kneeling_hip_stretch", reps=2, hold_s=4, side="right", yaw_deg=-28,
                              pitch_deg=12, noise=0.004), 4)  # fmt: skip
    _, analysis = run(frames)
    assert [len(s.reps) for s in analysis.segments if s.exercise == "kneeling_hip_stretch"] == [2]


@pytest.mark.parametrize(("pitch", "yaw"), [(30, 35), (30, 50), (30, -50), (15, 60), (15, -60)])
def test_a_cobra_seen_from_above_beside_the_head_or_feet_keeps_its_hips_down(pitch, yaw):
    # The floor is tilted in such a picture: hips and knees are compared above the line through
    # hands and feet, not above the picture's lowest point
    result = run([_hold_frame("cobra", pitch_deg=pitch, yaw_deg=yaw)], still=True)[0][0]
    assert (result.exercise, result.faults) == ("cobra", [])
    upward_dog = run([_hold_frame("cobra", variant=("upward_dog",), pitch_deg=pitch, yaw_deg=yaw)], still=True)[0][0]
    assert upward_dog.exercise is None or "cobra.hips_lifted" in upward_dog.faults


@pytest.mark.parametrize("pitch", [30, 45])
@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("facing", [1, -1])
def test_a_camera_looking_down_sees_a_back_knee_on_the_mat_as_down(pitch, side, facing):
    # Seen from above, the far leg is higher in the picture than the near one by the hips' width
    # times sin(pitch): on the body's midplane the back knee is on the floor whichever leg it is
    for yaw in (0, 25, -25):
        spec = dict(side=side, facing=facing, pitch_deg=pitch, yaw_deg=yaw)
        result = run([_hold_frame("kneeling_hip_stretch", **spec)], still=True)[0][0]
        assert (result.exercise, result.faults) == ("kneeling_hip_stretch", []), spec
        lunge = _hold_frame("kneeling_hip_stretch", variant=("back_knee_lifted",), **spec)
        assert run([lunge], still=True)[0][0].faults == ["kneeling_hip_stretch.back_knee_lifted"], spec


@pytest.mark.parametrize("aspect", [16 / 9, 4 / 3, 3 / 4])
def test_aspect_is_estimated_from_body_proportions(aspect, tmp_path, monkeypatch):
    from psoas.pose import synthetic

    monkeypatch.setattr(synthetic, "ASPECT", aspect)
    frames, _ = generate(Spec("kneeling_hip_stretch", reps=2, hold_s=3, side="left", noise=0.003), 1)
    assert estimate_aspect(frames) == pytest.approx(aspect)
    path = tmp_path / "k.csv"
    write_csv(frames, path)  # a CSV does not carry the aspect
    back = list(read_csv(path))
    assert back[0].aspect == pytest.approx(aspect) and back[-1].aspect == pytest.approx(aspect)
    assert list(read_csv(path, aspect=1.5))[0].aspect == 1.5


def test_too_few_frames_keep_a_square_picture():
    frames, _ = generate(Spec("cobra", reps=1, hold_s=1, noise=0.0), 1)
    assert estimate_aspect(frames[:5]) == 1.0


def test_photo_overlay_has_no_counters_but_video_does():
    result = FrameResult(t=0.0, exercise="kneeling_hip_stretch", phase="hold", confidence=0.9,
                         faults=["kneeling_hip_stretch.torso_leaning"], side="left", reps=0, hold_s=0.0)  # fmt: skip
    photo = overlay_lines(result, True, True, {"kneeling_hip_stretch.torso_leaning": "Sit up tall."})
    assert photo == ["Kneeling hip stretch (left hip)", "hold", "Sit up tall."]
    video = overlay_lines(result, True, False, {})
    assert "reps 0" in video[1] and "hold" in video[1]
    assert overlay_lines(FrameResult(0.0, None, None, 0.0), False, True, {}) == ["nobody in view"]


def test_half_kneel_held_without_pressing_forward_is_flagged():
    shallow, _ = generate(Spec("kneeling_hip_stretch", reps=2, hold_s=10, side="left", noise=0.004, amplitude=0.25), 5)
    _, analysis = run(shallow)
    assert [s.exercise for s in analysis.segments] == ["kneeling_hip_stretch"]
    assert all(not s.reps for s in analysis.segments)  # never reached the stretch: no rep
    codes = {f.code for f in analysis.faults}
    assert codes == {"kneeling_hip_stretch.hips_not_forward"}
    full, _ = generate(Spec("kneeling_hip_stretch", reps=2, hold_s=10, side="left", noise=0.004), 5)
    _, analysis = run(full)
    assert not analysis.faults and [len(s.reps) for s in analysis.segments] == [2]


def test_a_long_wait_in_the_start_position_is_flagged_but_not_charged_to_the_next_rep():
    # 8 s in the half-kneel before each rep (the stalled rule fires after 6 s), then proper reps
    frames, _ = generate(Spec("kneeling_hip_stretch", reps=2, hold_s=6, side="left", noise=0.004,
                              lead_s=8.0, rest_s=8.0), 3)  # fmt: skip
    _, analysis = run(frames)
    stalls = [f for f in analysis.faults if f.code == "kneeling_hip_stretch.hips_not_forward"]
    assert stalls and all(f.start_s < 8.5 or f.end_s > 20 for f in stalls)
    reps = [r for s in analysis.segments for r in s.reps]
    assert len(reps) == 2 and all(r.faults == [] for r in reps)


def test_faults_are_judged_on_the_steady_hold_not_on_the_way_up():
    frames, truth = generate(Spec("glute_bridge", reps=4, hold_s=3, move_s=1.9, ease="linear", noise=0.004), 12)
    _, analysis = run(frames)
    reps = [r for s in analysis.segments for r in s.reps]
    assert len(reps) == 4 and all(r.faults == [] for r in reps)
    assert np.isfinite([r.hold_s for r in reps]).all()


def test_cobra_with_the_feet_a_little_out_of_the_picture():
    # A lying body filmed from the side often runs out of the picture at the feet: the ankles
    # may be a little outside it, as long as the knees, hips and shoulders are in it.
    frames, truth = generate(Spec("cobra", reps=2, hold_s=3, noise=0.003, shift_x=-0.3), 4)
    assert min(f.xyz[[27, 28], 0].min() for f in frames if f.present) < -0.06
    results, analysis = run(frames)
    assert [len(s.reps) for s in analysis.segments if s.exercise == "cobra"] == [2]
    # knees out of the picture too: not judged
    frames, _ = generate(Spec("cobra", reps=2, hold_s=3, noise=0.003, shift_x=-0.5), 4)
    assert max(f.xyz[[25, 26], 0].max() for f in frames if f.present) < -0.05
    results, analysis = run(frames)
    assert analysis.segments == []
    assert {r.quality for r in results} == {"body not fully in the picture"}


def test_body_size_is_judged_on_its_length_not_its_bounding_box():
    # A lying body is long and flat: at 36% of the picture height tall it is usable, although the
    # box around its joints is small; at 22% it is too far from the camera.
    frames, _ = generate(Spec("cobra", reps=2, hold_s=3, noise=0.003, size=0.36), 4)
    results, analysis = run(frames)
    assert [len(s.reps) for s in analysis.segments] == [2]
    assert all(r.quality == "" for r in results)
    frames, _ = generate(Spec("cobra", reps=2, hold_s=3, noise=0.003, size=0.22), 4)
    results, analysis = run(frames)
    assert analysis.segments == []
    assert {r.quality for r in results} == {"too far from the camera"}


def test_a_far_lower_leg_mediapipe_only_guesses_is_no_evidence_against_cobra():
    cobra = _hold_frame("cobra")
    xyz = cobra.xyz
    shin = float(np.hypot(*(xyz[27, :2] - xyz[25, :2])))
    # the far (left) lower leg drawn folded up over its knee, as MediaPipe often guesses a leg
    # hidden behind the near one
    folded = _moved(cobra, {i: (xyz[25, 0] - xyz[i, 0], xyz[25, 1] - shin - xyz[i, 1]) for i in LEFT_FOOT})
    assert _label(_with_visibility(folded, LEFT_FOOT, 0.9)) is None  # seen: a prone quad stretch
    assert _label(_with_visibility(folded, LEFT_FOOT, 0.2)) == "cobra"  # hidden: only a guess
    # the other way round: the near lower leg seen folded up, the straight far one only guessed
    right_foot = (28, 30, 32)
    near_folded = _moved(cobra, {i: (xyz[26, 0] - xyz[i, 0], xyz[26, 1] - shin - xyz[i, 1]) for i in right_foot})
    assert _label(_with_visibility(near_folded, LEFT_FOOT, 0.2)) is None


def _leg_raised(frame, hip, joints, degrees):
    """The leg's joints turned up about the hip (isotropic picture coordinates)."""
    xyz, a = frame.xyz, frame.aspect
    r = np.radians(degrees)
    hx, hy = xyz[hip, 0] * a, xyz[hip, 1]
    moves = {}
    for i in joints:
        dx, dy = xyz[i, 0] * a - hx, xyz[i, 1] - hy
        # the legs point to the left of the picture (head to the right; picture y grows downwards)
        nx, ny = dx * np.cos(r) - dy * np.sin(r), dx * np.sin(r) + dy * np.cos(r)
        moves[i] = ((hx + nx) / a - xyz[i, 0], hy + ny - xyz[i, 1])
    return _moved(frame, moves)


def test_a_far_leg_raised_counts_only_when_seen():
    cobra = _hold_frame("cobra")
    raised = _leg_raised(cobra, 23, (25, *LEFT_FOOT), 60)  # the far (left) leg
    assert raised.xyz[27, 1] < cobra.xyz[23, 1]  # the ankle above the hip in the picture
    assert _label(_with_visibility(raised, (25, *LEFT_FOOT), 0.9)) is None  # a prone leg raise
    assert _label(_with_visibility(raised, (25, *LEFT_FOOT), 0.2)) == "cobra"  # a guess behind the near leg


def test_overlay_messages_wrap_to_the_picture_width():
    from psoas.pose.annotate import wrap_to_width

    text = "Come down a little and soften your elbows; keep a natural curve in your lower back."
    lines = wrap_to_width(text, 200, lambda t: 10 * len(t))  # 10 px a character: 20 characters a line
    assert " ".join(lines) == text and all(len(line) <= 20 for line in lines) and len(lines) >= 4
    assert wrap_to_width("unbreakable-long-word", 50, lambda t: 10 * len(t)) == ["unbreakable-long-word"]


def test_hands_a_little_ahead_are_cobra_but_arms_reaching_ahead_are_not():
    cobra = _hold_frame("cobra")
    xyz, a = cobra.xyz, cobra.aspect
    torso = float(np.hypot(((xyz[11, 0] + xyz[12, 0]) - (xyz[23, 0] + xyz[24, 0])) / 2 * a,
                           ((xyz[11, 1] + xyz[12, 1]) - (xyz[23, 1] + xyz[24, 1])) / 2))  # fmt: skip
    head_x = 1.0 if xyz[11, 0] > xyz[23, 0] else -1.0

    def hands_ahead(lengths):
        target = (xyz[11, 0] + xyz[12, 0]) / 2 + head_x * lengths * torso / a
        return _moved(cobra, {i: (target - xyz[i, 0], 0.0) for i in (15, 16, 17, 18, 19, 20, 21, 22)})

    assert _label(hands_ahead(0.7)) == "cobra"  # hands placed well forward, still under the chest's reach
    assert _label(hands_ahead(1.4)) is None  # arms reaching out ahead at full length


def _without_world(frame):
    return PoseFrame(frame.t, frame.xyz, frame.visibility, frame.aspect)


@pytest.mark.parametrize(("yaw", "pitch", "facing"), [(60, 0, 1), (60, 0, -1), (45, 15, -1)])
def test_a_bridge_seen_far_from_side_on_keeps_its_right_angled_knees(yaw, pitch, facing):
    # The picture's knee angle of a right-angled knee leaves 70-110 degrees this far from
    # side-on; the world landmarks' 3D angle does not, so no "feet too near or too far".
    frame = _hold_frame("glute_bridge", yaw_deg=yaw, pitch_deg=pitch, facing=facing)
    assert frame.world is not None
    with_world = run([frame], still=True)[0][0]
    picture_only = run([_without_world(frame)], still=True)[0][0]
    assert with_world.exercise == picture_only.exercise == "glute_bridge"
    assert "glute_bridge.feet_placement" not in with_world.faults
    assert "glute_bridge.feet_placement" in picture_only.faults


@pytest.mark.parametrize("yaw", [0, 10, -20])
def test_feet_too_far_in_a_bridge_is_said_with_world_landmarks_and_without(yaw):
    frames, truth = generate(Spec("glute_bridge", reps=1, hold_s=2, noise=0.0, yaw_deg=yaw,
                                  faults={0: "glute_bridge.feet_placement"}), 3)  # fmt: skip
    holds = [f for f, (_, _, phase) in zip(frames, truth.labels, strict=True) if phase == "hold"]
    frame = holds[len(holds) // 2]
    assert frame.world is not None
    for seen in (frame, _without_world(frame)):
        assert "glute_bridge.feet_placement" in run([seen], still=True)[0][0].faults


@pytest.mark.parametrize("yaw", [0, 45, -45])
def test_a_level_camera_sees_no_height_from_depth(yaw):
    frame = _hold_frame("glute_bridge", yaw_deg=abs(yaw), facing=1 if yaw >= 0 else -1)
    assert depth_rise(compute(frame), (11, 12), (29,)) == pytest.approx(0.0, abs=0.02)
    assert depth_rise(compute(_without_world(frame)), (11, 12), (29,)) == 0.0


def test_a_camera_looking_down_shows_the_farther_end_higher():
    # Beside the head (+yaw here) the shoulders are farther than the feet and look higher;
    # beside the feet, lower.
    beside_head = compute(_hold_frame("glute_bridge", yaw_deg=30, pitch_deg=30))
    beside_feet = compute(_hold_frame("glute_bridge", yaw_deg=30, pitch_deg=30, facing=-1))
    assert depth_rise(beside_head, (11, 12), (29,)) > 0.3
    assert depth_rise(beside_feet, (11, 12), (29,)) < -0.3


def test_a_bridge_filmed_from_above_beside_the_head_keeps_its_shoulders_on_the_mat():
    frame = _hold_frame("glute_bridge", yaw_deg=30, pitch_deg=30)
    assert run([_without_world(frame)], still=True)[0][0].faults == ["glute_bridge.shoulders_raised"]
    result = run([frame], still=True)[0][0]
    assert (result.exercise, result.phase, result.faults) == ("glute_bridge", "hold", [])


@pytest.mark.parametrize(("yaw", "pitch"), [(30, 30), (15, 45)])
def test_a_bench_bridge_filmed_from_above_beside_the_feet_is_not_a_clean_hold(yaw, pitch):
    frame = _hold_frame("glute_bridge", variant=("bench",), yaw_deg=yaw, pitch_deg=pitch, facing=-1)
    assert run([_without_world(frame)], still=True)[0][0].faults == []  # the picture alone misses the bench
    result = run([frame], still=True)[0][0]
    assert result.exercise == "glute_bridge"
    assert "glute_bridge.shoulders_raised" in result.faults


@pytest.mark.parametrize(("yaw", "pitch"), [(30, 30), (45, 30)])
def test_a_bridge_filmed_from_above_beside_the_feet_is_named(yaw, pitch):
    # The shoulders are the lowest point in this picture and the feet look raised by their depth.
    frame = _hold_frame("glute_bridge", yaw_deg=yaw, pitch_deg=pitch, facing=-1)
    assert run([_without_world(frame)], still=True)[0][0].exercise is None
    result = run([frame], still=True)[0][0]
    assert (result.exercise, result.phase, result.faults) == ("glute_bridge", "hold", [])


def test_a_slope_steeper_than_any_side_view_is_no_slope():
    # Girdles close in depth with their two sides far apart in height: MediaPipe's depth error,
    # not a camera (that would look down at 70 degrees), so no height is taken off.
    frame = _hold_frame("glute_bridge", yaw_deg=30, pitch_deg=30)
    assert depth_rise(compute(frame), (11, 12), (29,)) > 0.3
    world = frame.world.copy()
    for left, right in ((11, 12), (23, 24)):
        mid = (world[left] + world[right]) / 2
        world[left] = mid + [0.0, 0.1, 0.03]
        world[right] = mid - [0.0, 0.1, 0.03]
    steep = PoseFrame(frame.t, frame.xyz, frame.visibility, frame.aspect, world)
    assert depth_rise(compute(steep), (11, 12), (29,)) == 0.0


@pytest.mark.parametrize(("pitch", "yaw", "facing"), [(30, 60, 1), (30, 60, -1), (45, 45, 1), (45, 45, -1)])
def test_a_half_kneel_filmed_from_above_and_well_round_keeps_its_feet_on_one_floor_line(pitch, yaw, facing):
    # From this high and this far round the front foot is much farther than the back one (or
    # nearer) and the picture shows the level floor between them tilted by some 40 degrees.
    frame = _hold_frame("kneeling_hip_stretch", side="left", yaw_deg=yaw, pitch_deg=pitch, facing=facing)
    assert run([_without_world(frame)], still=True)[0][0].exercise is None
    result = run([frame], still=True)[0][0]
    assert (result.exercise, result.phase, result.faults) == ("kneeling_hip_stretch", "hold", [])


def test_hips_pressed_forward_seen_well_round_from_side_on_are_forward():
    # 60 degrees round, the picture shows the thigh's 20 degrees behind the trunk as about 10,
    # below the fault's limit; the world landmarks say how far round the camera is.
    frame = _hold_frame("kneeling_hip_stretch", side="left", yaw_deg=60, pitch_deg=15)
    assert compute(frame).side_on_cos == pytest.approx(0.5, abs=0.05)
    assert "kneeling_hip_stretch.hips_not_forward" in run([_without_world(frame)], still=True)[0][0].faults
    assert "kneeling_hip_stretch.hips_not_forward" not in run([frame], still=True)[0][0].faults


def test_hips_held_back_are_said_from_every_side_view():
    for yaw in (0, 45, 60):
        frames, truth = generate(Spec("kneeling_hip_stretch", reps=1, hold_s=2, noise=0.0, yaw_deg=yaw, side="left",
                                      faults={0: "kneeling_hip_stretch.hips_not_forward"}), 3)  # fmt: skip
        holds = [f for f, (_, _, phase) in zip(frames, truth.labels, strict=True) if phase == "hold"]
        result = run([holds[len(holds) // 2]], still=True)[0][0]
        assert result.exercise == "kneeling_hip_stretch", yaw
        assert "kneeling_hip_stretch.hips_not_forward" in result.faults, yaw


def test_a_side_on_camera_needs_no_turn_correction():
    frame = _hold_frame("kneeling_hip_stretch", side="left")
    assert compute(frame).side_on_cos == pytest.approx(1.0, abs=0.01)
    assert compute(_without_world(frame)).side_on_cos == 1.0


@pytest.mark.parametrize(("pitch", "yaw", "facing"), [(30, 60, 1), (45, 15, -1), (45, 45, 1)])
def test_an_upward_dog_filmed_from_above_still_has_its_thighs_off_the_floor(pitch, yaw, facing):
    # The picture shows the knees' height shrunk by the camera's elevation (below the fault's
    # limit here); the world landmarks' height above the hands and feet does not shrink.
    frame = _hold_frame("cobra", variant=("upward_dog",), yaw_deg=yaw, pitch_deg=pitch, facing=facing)
    result = run([frame], still=True)[0][0]
    assert result.exercise == "cobra"
    assert "cobra.hips_lifted" in result.faults


@pytest.mark.parametrize(("pitch", "yaw", "facing"), [(0, 0, 1), (45, 0, 1), (45, 45, 1), (30, 60, -1)])
def test_a_cobra_with_the_thighs_on_the_floor_keeps_them_down_in_3d(pitch, yaw, facing):
    frame = _hold_frame("cobra", yaw_deg=yaw, pitch_deg=pitch, facing=facing)
    result = run([frame], still=True)[0][0]
    assert "cobra.hips_lifted" not in result.faults
    assert world_height_above(compute(frame), (25, 26), (15, 16), (31, 32)) == pytest.approx(0.125, abs=0.03)
    assert world_height_above(compute(_without_world(frame)), (25, 26), (15, 16), (31, 32)) is None


@pytest.mark.parametrize(("pitch", "yaw", "facing"), [(30, 60, 1), (45, 60, 1)])
def test_a_cobra_filmed_from_above_and_well_round_has_its_legs_along_the_floor(pitch, yaw, facing):
    # From here the picture shows legs lying on the floor rising by 30 to 40 degrees.
    frame = _hold_frame("cobra", yaw_deg=yaw, pitch_deg=pitch, facing=facing)
    assert run([_without_world(frame)], still=True)[0][0].exercise is None
    result = run([frame], still=True)[0][0]
    assert (result.exercise, result.faults) == ("cobra", [])


@pytest.mark.parametrize(("pitch", "yaw"), [(45, 30), (45, 60)])
def test_a_bridge_filmed_steeply_from_beside_the_feet_keeps_its_knees_raised(pitch, yaw):
    # From 45 degrees up beside the feet the picture shows the raised knee only half as high
    # over the foot; in 3D it is as high as from the side.
    frame = _hold_frame("glute_bridge", yaw_deg=yaw, pitch_deg=pitch, facing=-1)
    assert run([_without_world(frame)], still=True)[0][0].exercise is None
    assert run([frame], still=True)[0][0].exercise == "glute_bridge"


@pytest.mark.parametrize("yaw", [0, -15, -30])
def test_a_cobra_filmed_steeply_from_above_is_face_down_not_on_its_side(yaw):
    # From 45 degrees up the far shoulder is as much higher as it is farther: face down.
    frame = _hold_frame("cobra", variant=("low",), yaw_deg=yaw, pitch_deg=45)
    assert run([frame], still=True)[0][0].exercise == "cobra"


@pytest.mark.parametrize(("pitch", "yaw"), [(30, 45), (30, 60), (45, 60)])
def test_an_upward_dog_filmed_from_above_beside_the_feet_is_not_over_arched(pitch, yaw):
    # Its trunk is some 40 degrees up from the legs; this picture shows 55 to 80.
    frame = _hold_frame("cobra", variant=("upward_dog",), yaw_deg=yaw, pitch_deg=pitch, facing=-1)
    result = run([frame], still=True)[0][0]
    assert result.faults == ["cobra.hips_lifted"]


def test_a_cobra_on_straight_arms_is_over_arched_from_the_side():
    frame = _hold_frame("cobra", variant=("straight_arms",))
    assert "cobra.back_overextended" in run([frame], still=True)[0][0].faults


@pytest.mark.parametrize(("yaw", "facing"), [(30, 1), (45, 1), (45, -1)])
def test_a_low_cobra_filmed_steeply_and_round_from_side_on_has_its_chest_lifted(yaw, facing):
    # From 45 degrees up the picture shows its chest raised 9 degrees or less (and, from beside
    # the head, the shoulders below the hips); as if seen side-on it is raised about 15.
    frame = _hold_frame("cobra", variant=("low",), yaw_deg=yaw, pitch_deg=45, facing=facing)
    assert run([_without_world(frame)], still=True)[0][0].exercise is None
    assert run([frame], still=True)[0][0].exercise == "cobra"
