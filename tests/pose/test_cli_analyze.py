"""`psoas analyze` end to end: a landmark file, a photo and a short video the tests make,
and every error path (one line on stderr, exit code 2, no traceback)."""

import json
import subprocess
import sys

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from psoas.cli import analyze as analyze_cli
from psoas.errors import UserError
from psoas.pose.readers import write_csv, write_jsonl
from psoas.pose.synthetic import Spec, generate

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::UserWarning")


@pytest.fixture(scope="module")
def app():
    application = typer.Typer()
    analyze_cli.register(application)

    @application.command("noop")
    def _noop() -> None:  # a second command keeps typer from flattening the app
        pass

    return application


def invoke(app, *args):
    return CliRunner().invoke(app, ["analyze", *map(str, args)])


@pytest.fixture(scope="module")
def bridge_file(tmp_path_factory):
    frames, truth = generate(Spec("glute_bridge", reps=4, hold_s=3, noise=0.003), seed=21)
    path = tmp_path_factory.mktemp("lm") / "bridge.jsonl"
    write_jsonl(frames, path)
    return path, truth


def test_landmark_file_json_contract(app, bridge_file):
    path, truth = bridge_file
    result = invoke(app, path, "--json", "--frames")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "landmarks" and data["source"] == str(path)
    assert set(data) == {
        "source",
        "kind",
        "frames",
        "frames_with_person",
        "duration_s",
        "segments",
        "faults",
        "frames_detail",
    }
    assert data["frames"] == len(data["frames_detail"]) and data["duration_s"] == pytest.approx(
        truth.duration_s, abs=0.1
    )
    (segment,) = data["segments"]
    assert segment["exercise"] == "glute_bridge" and segment["side"] is None
    assert len(segment["reps"]) == 4
    for rep, true in zip(segment["reps"], truth.reps, strict=True):
        assert set(rep) == {"start_s", "end_s", "hold_s", "faults"}
        assert rep["hold_s"] == pytest.approx(true.hold_s, abs=0.6)
    detail = data["frames_detail"][len(data["frames_detail"]) // 3]
    assert set(detail) == {"t", "exercise", "phase", "confidence", "faults"}
    assert {d["phase"] for d in data["frames_detail"]} >= {"rest", "moving", "hold"}


def test_landmark_csv_without_t_uses_fps(app, tmp_path):
    frames, _ = generate(Spec("cobra", reps=2, hold_s=4, noise=0.003), seed=5)
    path = tmp_path / "cobra.csv"
    write_csv([f for f in frames if f.present], path, with_t=False)
    slow = json.loads(invoke(app, path, "--json", "--fps", "15").output)
    fast = json.loads(invoke(app, path, "--json").output)
    assert slow["duration_s"] == pytest.approx(2 * fast["duration_s"], rel=0.02)
    assert [len(s["reps"]) for s in fast["segments"]] == [2]


def test_text_output_names_the_exercise(app, bridge_file):
    result = invoke(app, bridge_file[0])
    assert result.exit_code == 0
    assert "Glute Bridge" in result.output and "4 rep(s)" in result.output


def test_text_output_speaks_plain_words(app, tmp_path):
    # a leaning torso on the second rep, and the recording stops in the middle of the third hold
    frames, truth = generate(Spec("kneeling_hip_stretch", reps=3, hold_s=6, side="right", noise=0.003,
                                  faults={1: "kneeling_hip_stretch.torso_leaning"}), seed=4)  # fmt: skip
    cut = truth.reps[2].hold_start_s + 3.0
    path = tmp_path / "kneel.jsonl"
    write_jsonl([f for f in frames if f.t < cut], path)
    out = invoke(app, path).output
    assert "Kneeling Hip Stretch, right hip" in out and "3 rep(s)" in out
    rep_lines = [line for line in out.splitlines() if line.startswith("  rep ")]
    assert "Torso leaning" in rep_lines[1] and "kneeling_hip_stretch." not in out
    assert "the recording ends" in rep_lines[2] and "the recording ends" not in rep_lines[0]
    assert "Form:" in out and "Sit up tall" in out


def _blank_video(path, n=12, fourcc="MJPG", size=(640, 480)):
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), 10.0, size)
    for i in range(n):
        img = np.full((size[1], size[0], 3), (40 + 10 * i) % 256, dtype=np.uint8)
        cv2.circle(img, (100 + 20 * i, 240), 30, (255, 255, 255), -1)
        writer.write(img)
    writer.release()


@pytest.mark.slow
def test_video_with_nobody_is_not_an_error(app, tmp_path):
    video = tmp_path / "empty.avi"
    _blank_video(video)
    out = tmp_path / "annotated.avi"
    result = invoke(app, video, "--json", "--frames", "--annotate", out)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "video" and data["frames"] == 12 and data["frames_with_person"] == 0
    assert data["segments"] == [] and data["faults"] == []
    times = [d["t"] for d in data["frames_detail"]]
    assert times == sorted(times) and times[1] - times[0] == pytest.approx(0.1, abs=0.01)  # real 10 fps times
    assert data["duration_s"] == pytest.approx(1.2, abs=0.05)
    import cv2

    cap = cv2.VideoCapture(str(out))
    assert int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) == 12
    cap.release()


@pytest.mark.slow
def test_photo_has_one_frame_detail_and_annotation(app, tmp_path):
    import cv2

    photo = tmp_path / "room.png"
    img = np.full((240, 320, 3), 200, dtype=np.uint8)
    cv2.rectangle(img, (100, 60), (220, 200), (50, 80, 120), -1)
    cv2.imwrite(str(photo), img)
    out = tmp_path / "room_annotated.jpg"
    result = invoke(app, photo, "--json", "--annotate", out)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "image" and data["frames"] == 1 and len(data["frames_detail"]) == 1
    assert data["frames_detail"][0]["exercise"] is None and data["duration_s"] == 0
    assert cv2.imread(str(out)).shape == (240, 320, 3)


@pytest.mark.slow
def test_real_photo_is_recognised(app, shared_data):
    photo = shared_data / "images" / "cobra" / "ws_bhujangasana_orig.png"
    data = json.loads(invoke(app, photo, "--json").output)
    assert data["frames_detail"][0]["exercise"] == "cobra"


def _broken_inputs(tmp_path):
    cases = {}
    cases["missing"] = (tmp_path / "nope.mp4", "no such file")
    text = tmp_path / "notes.txt"
    text.write_text("just some words\nnot landmarks\n")
    cases["text"] = (text, "neither")
    short = tmp_path / "short.csv"
    short.write_text(",".join(["0.5"] * 132) + "\n" + ",".join(["0.5"] * 100) + "\n")
    cases["row length"] = (short, "line 2 has 100 values")
    video = tmp_path / "cut.mp4"
    _blank_video(tmp_path / "whole.mp4", n=30, fourcc="mp4v")
    data = (tmp_path / "whole.mp4").read_bytes()
    video.write_bytes(data[: len(data) // 3])
    cases["truncated video"] = (video, "cannot be read")
    junk = tmp_path / "junk.mov"
    junk.write_bytes(bytes(range(256)) * 20)
    cases["junk"] = (junk, "")
    bad_image = tmp_path / "broken.jpg"
    bad_image.write_bytes(b"\xff\xd8\xff\xe0not really a jpeg")
    cases["bad image"] = (bad_image, "not a readable image")
    return cases


def test_error_paths_raise_user_errors(app, tmp_path):
    for name, (path, message) in _broken_inputs(tmp_path).items():
        result = invoke(app, path)
        assert result.exit_code != 0, name
        assert isinstance(result.exception, UserError), (name, result.exception)
        assert message in str(result.exception), (name, str(result.exception))
        assert "\n" not in str(result.exception)


@pytest.mark.slow
def test_error_paths_through_the_real_command(tmp_path):
    """The installed entry point turns them into one line on stderr and exit code 2."""
    cases = _broken_inputs(tmp_path)
    for name in ("missing", "row length", "truncated video"):
        path, message = cases[name]
        proc = subprocess.run([sys.executable, "-m", "psoas", "analyze", str(path)], capture_output=True, text=True)
        assert proc.returncode == 2, (name, proc.stderr)
        assert proc.stderr.startswith("psoas: error: ") and proc.stderr.count("\n") == 1, (name, proc.stderr)
        assert "Traceback" not in proc.stderr and message in proc.stderr


def test_help_does_not_import_heavy_libraries():
    code = (
        "import sys; import psoas.cli; print(sorted(m for m in ('cv2', 'mediapipe', 'matplotlib') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize("fps", ["0", "-3", "nan", "inf"])
def test_bad_fps_is_one_line_exit_2(tmp_path, fps):
    path = tmp_path / "one.csv"
    path.write_text(",".join(["0.5"] * 132) + "\n")
    proc = subprocess.run(
        [sys.executable, "-m", "psoas", "analyze", str(path), "--fps", fps], capture_output=True, text=True
    )
    assert proc.returncode == 2 and "--fps must be a positive number" in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_annotate_never_overwrites_the_input(app, tmp_path):
    frames, _ = generate(Spec("cobra", reps=1, hold_s=2, noise=0.003), seed=2)
    path = tmp_path / "cobra.csv"
    write_csv(frames, path)
    before = path.read_bytes()
    result = invoke(app, path, "--annotate", tmp_path / "." / "cobra.csv")
    assert isinstance(result.exception, UserError) and "that is the input file" in str(result.exception)
    assert path.read_bytes() == before


def test_a_failed_run_leaves_no_annotated_file_behind(app, tmp_path):
    frames, _ = generate(Spec("cobra", reps=1, hold_s=2, noise=0.003), seed=2)
    path = tmp_path / "cobra.csv"
    write_csv(frames, path)
    with path.open("a") as handle:
        handle.write(",".join(["0.5"] * 20) + "\n")  # a broken last row: the run fails at the end
    out = tmp_path / "cobra_annotated.avi"
    result = invoke(app, path, "--annotate", out)
    assert isinstance(result.exception, UserError)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cobra.csv"]


@pytest.mark.slow
def test_annotated_landmark_video_keeps_the_files_timeline(app, tmp_path):
    import cv2

    frames, _ = generate(Spec("cobra", reps=1, hold_s=2, noise=0.003, fps=10), seed=2)
    frames = [f for i, f in enumerate(frames) if not 20 <= i < 30]  # a 1 s gap in the recording
    path = tmp_path / "cobra10.csv"
    write_csv(frames, path)
    out = tmp_path / "cobra10.avi"
    assert invoke(app, path, "--annotate", out).exit_code == 0
    video = cv2.VideoCapture(str(out))
    count, fps = video.get(cv2.CAP_PROP_FRAME_COUNT), video.get(cv2.CAP_PROP_FPS)
    video.release()
    span = frames[-1].t - frames[0].t
    assert count / fps == pytest.approx(span, abs=0.1)  # plays as long as the recording lasted


@pytest.mark.slow
def test_mediapipe_start_up_notes_stay_off_stderr(tmp_path):
    # MediaPipe's graph threads log set-up notes ("Created TensorFlow Lite XNNPACK delegate")
    # whenever they get to it; the user sees only psoas's own output.
    video = tmp_path / "room.avi"
    _blank_video(video, n=20)
    for _ in range(2):  # the notes come from other threads, so look more than once
        proc = subprocess.run([sys.executable, "-m", "psoas", "analyze", str(video)], capture_output=True, text=True)
        assert proc.returncode == 0 and proc.stderr == ""
        assert "No person found: step back so your whole body is in the picture" in proc.stdout


def test_annotate_names_every_accepted_ending_and_refuses_a_folder(app, tmp_path):
    frames, _ = generate(Spec("cobra", reps=1, hold_s=2, noise=0.003), seed=2)
    path = tmp_path / "cobra.csv"
    write_csv(frames, path)
    wrong = invoke(app, path, "--annotate", tmp_path / "out.txt")
    assert isinstance(wrong.exception, UserError) and ".avi" in str(wrong.exception)
    assert ".mp4" in str(wrong.exception) and ".mkv" in str(wrong.exception)
    folder = invoke(app, path, "--annotate", tmp_path)
    assert isinstance(folder.exception, UserError) and "is a folder" in str(folder.exception)


def test_fps_is_only_checked_where_it_is_used(app, tmp_path):
    video = tmp_path / "room.avi"
    _blank_video(video, n=6)
    result = invoke(app, video, "--fps", "0", "--json")  # a video has its own frame times
    assert result.exit_code == 0 and json.loads(result.output)["kind"] == "video"


def test_unknown_model_is_a_user_error(app, tmp_path):
    photo = tmp_path / "p.png"
    photo.write_bytes(b"never decoded: the model name is checked first")
    result = invoke(app, photo, "--model", "medium")
    assert isinstance(result.exception, UserError)
    assert str(result.exception) == "--model medium: choose one of lite, full, heavy"
    proc = subprocess.run(
        [sys.executable, "-m", "psoas", "analyze", str(photo), "--model", "medium"], capture_output=True, text=True
    )
    assert proc.returncode == 2 and proc.stderr == "psoas: error: --model medium: choose one of lite, full, heavy\n"


@pytest.mark.slow
@pytest.mark.parametrize("model", ["lite", "heavy"])
def test_model_option_reaches_the_estimator(app, shared_data, model, monkeypatch):
    from psoas.pose import mediapipe_adapter

    used = []
    real = mediapipe_adapter.PoseEstimator

    def spy(*args, **kwargs):
        estimator = real(*args, **kwargs)
        used.append((estimator.mode, estimator.model))
        return estimator

    monkeypatch.setattr(mediapipe_adapter, "PoseEstimator", spy)
    photo = shared_data / "images" / "cobra" / "ws_bhujangasana_orig.png"
    data = json.loads(invoke(app, photo, "--json", "--model", model).output)
    assert used == [("image", model)] and data["frames_with_person"] == 1


def test_analyze_keeps_no_frame_results_unless_frames_are_asked_for(tmp_path):
    from psoas.pose.run import analyze_path
    from psoas.pose.synthetic import Spec, generate

    path = tmp_path / "bridge.jsonl"
    write_jsonl(generate(Spec("glute_bridge", reps=2))[0], path)
    _, lean = analyze_path(path, keep_frames=False)
    _, full = analyze_path(path)
    assert lean.frames_detail == [] and len(full.frames_detail) == full.frames > 0
    lean_json, full_json = lean.to_dict("x", "landmarks", False), full.to_dict("x", "landmarks", False)
    assert lean_json == full_json and lean_json["segments"][0]["exercise"] == "glute_bridge"


def test_a_body_in_no_exercise_is_told_what_to_change():
    from psoas.cli.analyze import NOT_RECOGNISED_HINT, render_text

    seen = {"source": "p.jpg", "kind": "image", "frames": 1, "frames_with_person": 1, "duration_s": 0.0,
            "segments": [], "faults": [], "frames_detail": []}  # fmt: skip
    text = render_text(seen)
    assert "No exercise recognised" in text and NOT_RECOGNISED_HINT in text and "side-on" in NOT_RECOGNISED_HINT
    nobody = render_text({**seen, "frames_with_person": 0})
    assert "No person found" in nobody and NOT_RECOGNISED_HINT not in nobody
