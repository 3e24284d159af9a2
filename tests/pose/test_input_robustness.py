"""Inputs `psoas analyze` gets in the wild: CSVs with an index column, files that are not UTF-8
text, JSON Lines without its extension, semicolon CSVs, big and truncated videos. Each is either
read right or refused with one line (a UserError, exit code 2), never a traceback."""

import json
import tracemalloc

import numpy as np
import pytest

from psoas.cli import main
from psoas.errors import UserError
from psoas.pose.media import VideoSource, kind_of
from psoas.pose.readers import LandmarkFileError, read_csv, read_landmarks, write_csv, write_jsonl
from psoas.pose.run import analyze_path
from psoas.pose.synthetic import Spec, generate

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::UserWarning")


@pytest.fixture(scope="module")
def cobra():
    frames, truth = generate(Spec("cobra", reps=2, hold_s=4, noise=0.003), seed=5)
    return [f for f in frames if f.present], truth


def _csv_lines(tmp_path, frames):
    """Header `0..131` and rows of 132 values, no t column (frames 1/30 s apart)."""
    path = tmp_path / "plain.csv"
    write_csv(frames, path, with_t=False)
    return path.read_text().splitlines()


def _cli_error(path, capsys):
    """Run `psoas analyze PATH` in-process: (exit code, stderr)."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as stop:
        main(["analyze", str(path)])
    return stop.value.code, capsys.readouterr().err


def _assert_one_line(code, err, fragment):
    assert code == 2, err
    assert err.startswith("psoas: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "internal error" not in err and fragment in err, err


# 1. A first column that is not t ------------------------------------------------------------


@pytest.mark.parametrize(("first", "shown"), [("", "''"), ("frame", "'frame'"), ("index", "'index'")])
def test_header_first_column_not_t_is_refused(tmp_path, cobra, first, shown):
    lines = _csv_lines(tmp_path, cobra[0])
    path = tmp_path / "indexed.csv"
    path.write_text("\n".join([f"{first},{lines[0]}"] + [f"{i},{row}" for i, row in enumerate(lines[1:])]) + "\n")
    with pytest.raises(LandmarkFileError, match=f"named {shown}.*not t \\(seconds\\)") as error:
        analyze_path(path)
    message = str(error.value)
    assert "rename it to t" in message and "remove it" in message and "--fps" in message
    assert "\n" not in message


@pytest.mark.parametrize("name", ["t", "T", "time", "Timestamp"])
def test_header_time_column_names_are_seconds(tmp_path, cobra, name):
    lines = _csv_lines(tmp_path, cobra[0][:5])
    path = tmp_path / "timed.csv"
    rows = [f"{0.5 * i},{row}" for i, row in enumerate(lines[1:])]
    path.write_text("\n".join([f"{name},{lines[0]}", *rows]) + "\n")
    assert [f.t for f in read_csv(path)] == pytest.approx([0.0, 0.5, 1.0, 1.5, 2.0])


def test_header_index_column_duration_is_never_frame_numbers(tmp_path, cobra, capsys):
    """The reviewer's case: pandas' to_csv() index read as seconds gave 690 s instead of 23 s."""
    lines = _csv_lines(tmp_path, cobra[0])
    path = tmp_path / "pandas.csv"
    path.write_text("\n".join([f",{lines[0]}"] + [f"{i},{row}" for i, row in enumerate(lines[1:])]) + "\n")
    _assert_one_line(*_cli_error(path, capsys), "not t (seconds)")


def test_no_header_first_column_not_time_says_how_it_was_read(tmp_path, cobra):
    lines = _csv_lines(tmp_path, cobra[0][:6])
    path = tmp_path / "ids.csv"
    path.write_text("\n".join(f"{n},{row}" for n, row in zip([3, 7, 2, 9, 1, 4], lines[1:], strict=True)) + "\n")
    with pytest.raises(LandmarkFileError, match="a 133-value row is read as t plus 132 values") as error:
        list(read_csv(path))
    assert "first column is not increasing time" in str(error.value) and "line 3" in str(error.value)


# 2. Not UTF-8 text ------------------------------------------------------------------------


def test_latin1_csv_is_a_user_error(tmp_path, cobra, capsys):
    lines = _csv_lines(tmp_path, cobra[0][:3])
    path = tmp_path / "latin.csv"
    path.write_bytes(("# café\n" + "\n".join(lines) + "\n").encode("latin-1"))
    with pytest.raises(LandmarkFileError, match="not readable text.*CSV or JSON Lines landmark file"):
        analyze_path(path)
    _assert_one_line(*_cli_error(path, capsys), "not readable text")


def test_latin1_late_in_a_big_csv_is_a_user_error(tmp_path, cobra):
    lines = _csv_lines(tmp_path, cobra[0][:60])  # far past the first 4 KB
    path = tmp_path / "late.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode() + "é\n".encode("latin-1"))
    with pytest.raises(LandmarkFileError, match="not readable text"):
        analyze_path(path)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_video_renamed_as_landmarks_is_a_user_error(tmp_path, suffix, capsys):
    path = tmp_path / f"clip{suffix}"
    path.write_bytes(b"\x00\x00\x00\x1cftypisom\x00\x00\x02\x00" + bytes(range(256)) * 40)
    with pytest.raises(LandmarkFileError, match="not readable text"):
        analyze_path(path)
    _assert_one_line(*_cli_error(path, capsys), "not readable text")


def test_latin1_jsonl_is_a_user_error(tmp_path):
    path = tmp_path / "latin.jsonl"
    path.write_bytes(
        json.dumps({"t": 0, "landmarks": None, "note": "NOTE"}).replace("NOTE", "caf\xe9").encode("latin-1")
    )
    with pytest.raises(LandmarkFileError, match="not readable text"):
        analyze_path(path)


# 3. JSON Lines under another or no extension --------------------------------------------------


@pytest.mark.parametrize("name", ["cobra.txt", "cobra", "cobra.log"])
def test_jsonl_content_is_read_as_jsonl_whatever_the_name(tmp_path, cobra, name):
    frames, truth = cobra
    path = tmp_path / name
    write_jsonl(frames, path)
    kind, analysis = analyze_path(path)
    assert kind == "landmarks"
    assert analysis.duration_s == pytest.approx(frames[-1].t - frames[0].t, abs=0.1)
    assert len(list(read_landmarks(path))) == len(frames)


def test_csv_content_without_extension_is_still_csv(tmp_path, cobra):
    path = tmp_path / "cobra"
    write_csv(cobra[0][:4], path)
    assert len(list(read_landmarks(path))) == 4


# 4. Sniffing a big file reads only its head ---------------------------------------------------


def test_kind_of_reads_only_the_head(tmp_path):
    path = tmp_path / "big.mp4"
    with path.open("wb") as handle:
        handle.write(b"\x00\x00\x00\x1cftypisom")
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MB on paper, nothing on disk
    tracemalloc.start()
    try:
        assert kind_of(path) == "video"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024, f"kind_of used {peak} bytes to sniff a 64 MB file"


def test_kind_of_text_head_cut_inside_a_character_is_still_text(tmp_path, cobra):
    path = tmp_path / "accents"
    lines = _csv_lines(tmp_path, cobra[0][:3])
    text = "\n".join(lines) + "\n"
    pad = 4095 - len(text.encode())  # put a two-byte 'é' across the 4096-byte boundary
    path.write_text(text + "#" * pad + "é\n", encoding="utf-8")
    assert kind_of(path) == "landmarks"


# 5. Truncated videos --------------------------------------------------------------------------


def _write_video(path, n, fourcc):
    import cv2

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), 10.0, (160, 120))
    assert writer.isOpened()
    for i in range(n):
        img = np.full((120, 160, 3), (30 + 2 * i) % 255, dtype=np.uint8)
        cv2.circle(img, (10 + i % 140, 60), 12, (255, 255, 255), -1)
        writer.write(img)
    writer.release()


def _decode(path):
    source = VideoSource(path)
    try:
        return sum(1 for _ in source), source.expected
    finally:
        source.close()


VIDEOS = [(".avi", "MJPG"), (".mp4", "mp4v")]


@pytest.mark.parametrize(("suffix", "fourcc"), VIDEOS)
@pytest.mark.parametrize("n", [30, 120])
def test_complete_videos_pass_exactly(tmp_path, suffix, fourcc, n):
    path = tmp_path / f"whole{suffix}"
    _write_video(path, n, fourcc)
    assert _decode(path) == (n, n)


@pytest.mark.parametrize(("suffix", "fourcc"), VIDEOS)
@pytest.mark.parametrize("n", [30, 120])
@pytest.mark.parametrize("cut", [0.3, 0.7])
def test_truncated_videos_are_refused(tmp_path, suffix, fourcc, n, cut):
    whole = tmp_path / f"whole{suffix}"
    _write_video(whole, n, fourcc)
    data = whole.read_bytes()
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(data[: int(len(data) * (1 - cut))])
    with pytest.raises(UserError, match="truncated") as error:
        _decode(path)
    assert "\n" not in str(error.value)


def test_truncated_avi_message_counts_frames(tmp_path, capsys):
    whole = tmp_path / "whole.avi"
    _write_video(whole, 30, "MJPG")
    data = whole.read_bytes()
    path = tmp_path / "cut.avi"
    path.write_bytes(data[: int(len(data) * 0.7)])
    with pytest.raises(UserError, match=r"stops after \d+ of 30 frames \(truncated\?\); re-export it"):
        _decode(path)


# 6. Semicolon-separated CSV -------------------------------------------------------------------


@pytest.mark.parametrize("decimal_comma", [False, True])
def test_semicolon_csv_is_refused_with_the_fix(tmp_path, cobra, decimal_comma, capsys):
    lines = _csv_lines(tmp_path, cobra[0][:3])
    converted = [line.replace(",", ";") for line in lines]
    if decimal_comma:
        converted = [converted[0]] + [line.replace(".", ",") for line in converted[1:]]
    path = tmp_path / "excel.csv"
    path.write_text("\n".join(converted) + "\n")
    with pytest.raises(LandmarkFileError, match=r"not comma-separated \(found semicolons\)") as error:
        analyze_path(path)
    assert "save it as comma-separated CSV" in str(error.value)
    _assert_one_line(*_cli_error(path, capsys), "found semicolons")
