"""The learned second opinion (psoas.pose.classifier): asked only when the rules are unsure, its
committed weights load with numpy alone and fit the inputs the code builds."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from psoas.pose import classifier
from psoas.pose.classifier import CLASSES, ENTER, UNSURE_LOW, Network, second_opinion, using, vector
from psoas.pose.engine import Analyzer
from psoas.pose.features import compute
from psoas.pose.recognize import score_all
from psoas.pose.synthetic import Spec, generate


def fixed_network(probs: dict[str, float], measures: list[str]) -> Network:
    """A network whose answer is `probs` whatever it is shown (zero hidden weights)."""
    d = len(classifier.geometry(_features())) + len(measures)
    logits = [np.log(probs[c]) for c in CLASSES]
    return Network({"mean": [0.0] * d, "std": [1.0] * d, "w1": np.zeros((d, 2)), "b1": [0.0, 0.0],
                    "w2": np.zeros((2, len(CLASSES))), "b2": logits, "classes": CLASSES,
                    "measures": measures})  # fmt: skip


def _features():
    frames, _ = generate(Spec("cobra", reps=1, hold_s=2), 3)
    return compute(next(f for f in frames if f.present))


def _unsure_and_sure():
    f = _features()
    postures = score_all(f, second=False)
    postures["cobra"].score = 0.9  # the rules accept
    postures["kneeling_hip_stretch"].score = 0.3  # unsure
    postures["glute_bridge"].score = UNSURE_LOW / 2  # clearly not
    return f, postures


def test_only_fits_in_the_unsure_band_change_and_become_the_mean_with_the_network():
    f, postures = _unsure_and_sure()
    names = classifier.measure_names(postures)
    net = fixed_network({"none": 0.01, "cobra": 0.01, "kneeling_hip_stretch": 0.9, "glute_bridge": 0.08}, names)
    out = second_opinion(f, postures, net)
    assert out["cobra"].score == 0.9
    assert out["glute_bridge"].score == UNSURE_LOW / 2
    assert out["kneeling_hip_stretch"].score == pytest.approx((0.3 + 0.9) / 2)
    assert out["kneeling_hip_stretch"].score >= ENTER  # a confident network carries a near miss over


def test_a_doubtful_network_leaves_an_unsure_fit_below_the_line():
    f, postures = _unsure_and_sure()
    names = classifier.measure_names(postures)
    net = fixed_network({"none": 0.9, "cobra": 0.04, "kneeling_hip_stretch": 0.02, "glute_bridge": 0.04}, names)
    assert second_opinion(f, postures, net)["kneeling_hip_stretch"].score < ENTER


def test_the_network_alone_never_names_a_pose_no_rule_fits():
    f, postures = _unsure_and_sure()
    names = classifier.measure_names(postures)
    net = fixed_network({"none": 0.001, "cobra": 0.001, "kneeling_hip_stretch": 0.001, "glute_bridge": 0.997}, names)
    assert second_opinion(f, postures, net)["glute_bridge"].score == UNSURE_LOW / 2


def test_off_by_default_until_it_measurably_helps():
    f, postures = _unsure_and_sure()
    assert not classifier.ENABLED and classifier.network() is None
    assert second_opinion(f, postures)["kneeling_hip_stretch"].score == 0.3


def test_using_none_is_the_rules_alone():
    f, postures = _unsure_and_sure()
    with using(None):
        assert second_opinion(f, postures)["kneeling_hip_stretch"].score == 0.3


def test_committed_weights_fit_the_inputs_and_are_small():
    net = classifier.committed()
    assert net is not None, "src/psoas/pose/classifier_weights.json is missing: run tools/train_recognizer.py"
    f = _features()
    postures = score_all(f, second=False)
    x = net.inputs(f, postures)
    assert x.shape == net.mean.shape == net.std.shape
    assert x.tolist() == vector(f, postures, net.measures, net.world)
    assert net.w1.shape[0] == x.shape[0] and net.w2.shape[1] == len(CLASSES)
    assert set(net.measures) <= set(classifier.measure_names(postures))  # every input is still computed
    probs = net.probabilities(x)
    assert probs.shape == (len(CLASSES),) and abs(probs.sum() - 1.0) < 1e-9
    from importlib import resources

    size = len(resources.files("psoas.pose").joinpath(classifier.WEIGHTS_FILE).read_bytes())
    assert size < 200_000


def test_no_heavy_dependency_at_run_time():
    code = (
        "import sys; from psoas.pose import classifier; assert classifier.committed() is not None; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'sklearn', 'tensorflow', 'scipy', 'jax'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_recognition_on_a_synthetic_recording_is_the_same_with_and_without_it_when_the_rules_are_sure():
    frames, truth = generate(Spec("glute_bridge", reps=2, hold_s=3, noise=0.002), 8)
    runs = []
    for net in (None, classifier.committed()):
        with using(net):
            analyzer = Analyzer()
            for frame in frames:
                analyzer.update(frame)
            runs.append([(s.exercise, len(s.reps)) for s in analyzer.finish().segments])
    assert runs[0] == runs[1] == [("glute_bridge", 2)]


def _trainer():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "tools" / "train_recognizer.py"
    spec = importlib.util.spec_from_file_location("train_recognizer", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    saved = list(sys.path)
    try:
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    finally:
        sys.path[:] = saved  # the script puts src/ and benchmarks/ first for its own imports
    return module


def test_the_training_script_learns_poses_it_was_not_shown():
    trainer = _trainer()

    def samples(seed: int):
        out = trainer.Samples()
        for spec in (Spec("cobra", reps=1, hold_s=3), Spec("glute_bridge", reps=2, hold_s=2),
                     Spec("kneeling_hip_stretch", reps=1, hold_s=3, side="left"), Spec("plank", reps=1, hold_s=3),
                     Spec("standing", reps=1, hold_s=3)):  # fmt: skip
            frames, truth = generate(spec, seed)
            for frame in frames[::6]:
                out.add(frame, truth.exercise or "none", "synthetic")
        return out

    train, test = samples(1), samples(2)
    cfg = {"hidden": 8, "epochs": 150, "learning_rate": 0.02, "weight_decay": 1e-4, "seed": 0}
    for world in (False, True):
        n_world = len(train.world_rows[0]) if world else 0
        net = Network(trainer.fit(*train.arrays(world=world), cfg, train.names, n_world))
        assert net.world == world
        x, y, _ = test.arrays(world=world)
        right = (net.probabilities(x).argmax(axis=1) == y).mean()
        assert right > 0.9


def _present(spec: Spec, seed: int):
    frames, _ = generate(spec, seed)
    return [f for f in frames if f.present]


def test_synthetic_frames_carry_world_landmarks_in_metres_around_the_hips():
    for frame in _present(Spec("kneeling_hip_stretch", reps=1, hold_s=2, side="left", yaw_deg=20), 4)[::20]:
        assert frame.world is not None and frame.world.shape == (33, 3)
        hips = frame.world[[23, 24]].mean(axis=0)
        assert np.abs(hips).max() < 0.05  # origin halfway between the hips
        trunk = np.linalg.norm(frame.world[[11, 12]].mean(axis=0) - hips)
        assert 0.35 < trunk < 0.65  # an adult's hip-to-shoulder length in metres


def test_world_axes_are_the_cameras_as_mediapipe_gives_them():
    """x right and y down as in the picture, z larger farther from the camera, as image z."""
    frame = _present(Spec("glute_bridge", reps=1, hold_s=2, noise=0.0, yaw_deg=25, pitch_deg=10), 5)[30]
    img = frame.xyz * [frame.aspect, 1.0, frame.aspect]
    img = img - img[[23, 24]].mean(axis=0)
    for axis in range(3):
        assert np.corrcoef(img[:, axis], frame.world[:, axis])[0, 1] > 0.99


def test_world_geometry_ignores_left_right_labels_and_flags_a_missing_world():
    from psoas.pose.frame import PoseFrame

    frame = _present(Spec("cobra", reps=1, hold_s=2, noise=0.0), 6)[40]
    with_world = classifier.world_geometry(compute(frame))
    assert with_world[0] == 1.0
    assert classifier.world_geometry(compute(frame.swapped())) == pytest.approx(with_world, abs=1e-9)
    without = classifier.world_geometry(compute(PoseFrame(frame.t, frame.xyz, frame.visibility, frame.aspect)))
    assert without[0] == 0.0 and len(without) == len(with_world)
    assert all(np.isfinite(without))


def test_world_geometry_reads_the_knee_angle_the_camera_foreshortens():
    """Seen at 60 degrees from the side, the picture flattens the bent front knee; the world
    landmarks keep its angle near the one seen side-on."""
    from psoas.pose.features import angle_deg

    def knee(yaw: float) -> tuple[float, float]:
        frame = _present(Spec("kneeling_hip_stretch", reps=1, hold_s=2, side="left", noise=0.0, yaw_deg=yaw), 7)[60]
        f = compute(frame)
        front = f.right  # the left leg is the stretched back leg
        i = 1 if sorted((f.left, f.right), key=lambda leg: leg.h_knee)[0] is f.left else 0
        world_knee = classifier.world_geometry(f)[1 + 11 * i] * 180
        return world_knee, angle_deg(front.hip, front.knee, front.ankle)

    side_world, side_picture = knee(0.0)
    turned_world, turned_picture = knee(60.0)
    assert abs(turned_world - side_world) < 1.0
    assert abs(turned_picture - side_picture) > 5.0


def test_committed_weights_with_world_inputs_accept_frames_with_and_without_world():
    from psoas.pose.frame import PoseFrame

    net = classifier.committed()
    assert net is not None
    frame = _present(Spec("glute_bridge", reps=1, hold_s=2), 9)[30]
    for fr in (frame, PoseFrame(frame.t, frame.xyz, frame.visibility, frame.aspect)):
        f = compute(fr)
        x = net.inputs(f, score_all(f, second=False))
        assert x.shape == net.mean.shape
        assert abs(net.probabilities(x).sum() - 1.0) < 1e-9
