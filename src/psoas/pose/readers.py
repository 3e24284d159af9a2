"""Landmark-file readers: CSV (132 values a row, optional header, optional first column t)
and JSON Lines ({"t": seconds, "landmarks": [[x, y, z, visibility] x 33]}, optionally with
"world": [[x, y, z] x 33], MediaPipe's world landmarks in metres).

Both yield PoseFrame objects lazily and raise LandmarkFileError (a UserError: one line, exit 2)
naming the line that is wrong.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
from collections.abc import Iterator
from pathlib import Path

from psoas.errors import UserError
from psoas.pose.frame import NUM_LANDMARKS, PoseFrame

N_VALUES = NUM_LANDMARKS * 4
LANDMARK_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
TIME_NAMES = {"t", "time", "timestamp"}  # header names of an optional first column of seconds
SNIFF_BYTES = 4096


class LandmarkFileError(UserError):
    """A landmark file that cannot be read as one."""


def head_bytes(path: Path, size: int = SNIFF_BYTES) -> bytes:
    """The first `size` bytes of a file, without reading the rest."""
    with path.open("rb") as handle:
        return handle.read(size)


def decodes_as_text(data: bytes) -> bool:
    """True when `data` (the head of a file) is UTF-8 text: no NUL bytes, and it decodes, but
    for a character the cut at the end of the head may have split."""
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.reason == "unexpected end of data" and error.start >= len(data) - 3
    return True


def _not_text(name: str, why: str) -> LandmarkFileError:
    return LandmarkFileError(
        f"{name}: not readable text ({why}); give a CSV or JSON Lines landmark file saved as UTF-8 text"
    )


def _undecodable(name: str, error: UnicodeDecodeError) -> LandmarkFileError:
    byte = error.object[error.start] if error.start < len(error.object) else None
    what = f"byte 0x{byte:02x}" if byte is not None else "a cut character"
    return _not_text(name, f"not UTF-8: {what} at offset {error.start}")


def _text_sample(path: Path) -> str:
    """The start of a landmark file as text; LandmarkFileError if it is binary or not UTF-8."""
    head = head_bytes(path)
    if b"\x00" in head:
        raise _not_text(path.name, "binary data: a video or photo renamed?")
    if not decodes_as_text(head):
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _undecodable(path.name, error) from None
    return head.decode("utf-8-sig", "ignore")


def sniff_landmark_kind(path: Path) -> str:
    """'jsonl' when the first non-blank character is `{`, else 'csv'."""
    text = head_bytes(path).decode("utf-8-sig", "replace")
    return "jsonl" if text.lstrip().startswith("{") else "csv"


def _floats(cells: list[str]) -> list[float] | None:
    try:
        return [float(c) for c in cells]
    except ValueError:
        return None


def _is_header(cells: list[str]) -> bool:
    values = _floats(cells)
    if values is None:
        return True
    # A header of column numbers (0, 1, ..., n-1), as PosePilot's files have.
    return len(values) in (N_VALUES, N_VALUES + 1) and values == [float(i) for i in range(len(values))]


ASPECT_SAMPLE = 300  # frames read ahead to estimate the picture's aspect when the file does not give it


def with_aspect(frames: Iterator[PoseFrame], aspect: float | None) -> Iterator[PoseFrame]:
    """The frames with the picture aspect set: as given, or estimated from body proportions over
    the first ASPECT_SAMPLE frames (psoas.pose.aspect) when None. Still lazy after the sample."""
    if aspect is not None:
        for frame in frames:
            yield frame if frame.aspect == aspect else _reaspect(frame, aspect)
        return
    from psoas.pose.aspect import estimate_aspect

    head: list[PoseFrame] = []
    for frame in frames:
        head.append(frame)
        if len(head) >= ASPECT_SAMPLE:
            break
    estimate = estimate_aspect(head)
    for frame in head:
        yield _reaspect(frame, estimate)
    for frame in frames:
        yield _reaspect(frame, estimate)


def _reaspect(frame: PoseFrame, aspect: float) -> PoseFrame:
    return frame.with_aspect(aspect)


def read_csv(path: Path, fps: float = 30.0, aspect: float | None = None) -> Iterator[PoseFrame]:
    """Frames of a CSV landmark file; without a `t` column, frames are 1/fps s apart. A CSV does
    not say the picture's aspect: unless given, it is estimated from the body's proportions."""
    return with_aspect(_read_csv(path, fps), aspect)


def _delimiter(name: str, sample: str) -> str:
    """',' or a tab; LandmarkFileError for a file separated by semicolons (as spreadsheets set
    to a decimal comma save 'CSV')."""
    if sample.count("\t") > sample.count(","):
        return "\t"
    first = next((line for line in sample.splitlines() if line.strip()), "")
    semicolons = first.count(";")
    if semicolons and (semicolons > first.count(",") or semicolons >= N_VALUES - 1):
        raise LandmarkFileError(
            f"{name}: not comma-separated (found semicolons); "
            "save it as comma-separated CSV, with decimal points, 132 values a row"
        )
    return ","


def _read_csv(path: Path, fps: float) -> Iterator[PoseFrame]:
    name = path.name
    delimiter = _delimiter(name, _text_sample(path))
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        has_t: bool | None = None
        t_from_header = False
        index = 0
        last_t = -math.inf
        try:
            rows = list(enumerate(reader, start=1))
        except UnicodeDecodeError as error:
            raise _undecodable(name, error) from None
        except csv.Error as error:
            raise LandmarkFileError(
                f"{name}: not a readable CSV file ({error}); give a CSV of 132 numbers a row"
            ) from None
        for lineno, cells in rows:
            cells = [c.strip() for c in cells]
            if not cells or all(c == "" for c in cells):
                continue
            if index == 0 and has_t is None and _is_header(cells):
                if len(cells) not in (N_VALUES, N_VALUES + 1):
                    raise LandmarkFileError(
                        f"{name}: header has {len(cells)} columns; "
                        "expected 132 landmark values, optionally after a first column t"
                    )
                has_t = len(cells) == N_VALUES + 1
                if has_t and cells[0].lower() not in TIME_NAMES:
                    label = repr(cells[0]) if cells[0] else "'' (an index column?)"
                    raise LandmarkFileError(
                        f"{name}: the first of 133 columns is named {label}, not t (seconds); "
                        "rename it to t if it holds seconds, or remove it (then --fps sets the timing)"
                    )
                t_from_header = has_t
                continue
            if has_t is None:
                has_t = len(cells) == N_VALUES + 1
            want = N_VALUES + (1 if has_t else 0)
            if len(cells) != want:
                raise LandmarkFileError(
                    f"{name}: line {lineno} has {len(cells)} values, expected {want} "
                    f"(33 landmarks x (x, y, z, visibility){' after t' if has_t else ''})"
                )
            values = _floats(cells)
            if values is None or not all(math.isfinite(v) for v in values):
                raise LandmarkFileError(f"{name}: line {lineno} holds something that is not a finite number")
            t = values[0] if has_t else index / fps
            if t < last_t:
                if has_t and not t_from_header:
                    raise LandmarkFileError(
                        f"{name}: line {lineno}: time {t} goes backwards; a 133-value row is read as t plus "
                        "132 values, and the first column is not increasing time: remove it if it is not "
                        "seconds (then --fps sets the timing), or sort the rows by t"
                    )
                raise LandmarkFileError(f"{name}: line {lineno}: time {t} goes backwards; sort the rows by t")
            last_t = t
            yield PoseFrame.from_flat(t, values[1:] if has_t else values)
            index += 1
        if index == 0:
            raise LandmarkFileError(f"{name}: no landmark rows found; expected rows of 132 numbers")


def read_jsonl(path: Path, aspect: float | None = None) -> Iterator[PoseFrame]:
    """Frames of a JSON Lines landmark file; `"landmarks": null` is a frame with nobody in it.
    An optional `"world"` (33 x [x, y, z] in metres, or null) gives the frame's world landmarks.
    An optional `"aspect"` (picture width / height) on the first line holds for the file; without
    it the aspect is estimated from the body's proportions."""
    frames = _read_jsonl(path)
    first = next(frames, None)
    if first is None:
        return iter(())
    given = aspect if aspect is not None else (first.aspect if _says_aspect(path) else None)
    return with_aspect(itertools.chain([first], frames), given)


def _says_aspect(path: Path) -> bool:
    with path.open(encoding="utf-8-sig", errors="replace") as handle:
        for line in handle:
            if line.strip():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    return False
                return isinstance(record, dict) and "aspect" in record
    return False


def _read_jsonl(path: Path) -> Iterator[PoseFrame]:
    name = path.name
    count = 0
    last_t = -math.inf
    _text_sample(path)
    with path.open(encoding="utf-8-sig") as handle:
        try:
            lines = list(enumerate(handle, start=1))
        except UnicodeDecodeError as error:
            raise _undecodable(name, error) from None
        for lineno, line in lines:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                raise LandmarkFileError(f"{name}: line {lineno} is not valid JSON") from None
            if not isinstance(record, dict) or "t" not in record or "landmarks" not in record:
                raise LandmarkFileError(f'{name}: line {lineno} needs an object with "t" and "landmarks"')
            t = record["t"]
            if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t):
                raise LandmarkFileError(f'{name}: line {lineno}: "t" must be a number of seconds')
            if t < last_t:
                raise LandmarkFileError(f"{name}: line {lineno}: time {t} goes backwards; sort the lines by t")
            last_t = float(t)
            landmarks = record["landmarks"]
            frame_aspect = record.get("aspect", 1.0)
            if isinstance(frame_aspect, bool) or not isinstance(frame_aspect, int | float) or not frame_aspect > 0:
                raise LandmarkFileError(f'{name}: line {lineno}: "aspect" must be a positive number (width / height)')
            count += 1
            if landmarks is None or landmarks == []:
                yield PoseFrame.empty(float(t), aspect=frame_aspect)
                continue
            if not isinstance(landmarks, list) or len(landmarks) != NUM_LANDMARKS:
                got = len(landmarks) if isinstance(landmarks, list) else type(landmarks).__name__
                raise LandmarkFileError(
                    f"{name}: line {lineno} has {got} landmarks, expected 33 of [x, y, z, visibility]"
                )
            flat: list[float] = []
            for point in landmarks:
                if not isinstance(point, list) or len(point) not in (3, 4):
                    raise LandmarkFileError(f"{name}: line {lineno}: each landmark must be [x, y, z, visibility]")
                if not all(_finite_number(v) for v in point):
                    raise LandmarkFileError(f"{name}: line {lineno}: landmark values must be finite numbers")
                flat.extend(point if len(point) == 4 else [*point, 1.0])
            frame = PoseFrame.from_flat(float(t), flat, aspect=frame_aspect)
            world = _world(record.get("world"), name, lineno)
            # PoseFrame turns the world lists into its (33, 3) array and checks them
            yield frame if world is None else PoseFrame(frame.t, frame.xyz, frame.visibility, frame.aspect, world)  # type: ignore[arg-type]
    if count == 0:
        raise LandmarkFileError(f"{name}: no landmark lines found")


def _finite_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _world(world: object, name: str, lineno: int) -> list[list[float]] | None:
    """A JSON line's "world" landmarks (33 x [x, y, z], metres), None when absent or null."""
    if world is None:
        return None
    if (
        not isinstance(world, list)
        or len(world) != NUM_LANDMARKS
        or not all(isinstance(p, list) and len(p) == 3 and all(_finite_number(v) for v in p) for p in world)
    ):
        raise LandmarkFileError(f'{name}: line {lineno}: "world" must be 33 landmarks of [x, y, z] in metres')
    return world


def read_landmarks(path: Path, fps: float = 30.0) -> Iterator[PoseFrame]:
    """Frames of a landmark file: the reader chosen by the name's extension, or for another or
    no extension by content (JSON Lines when the first non-blank character is `{`)."""
    kind = LANDMARK_SUFFIXES.get(path.suffix.lower()) or sniff_landmark_kind(path)
    if kind == "jsonl":
        return read_jsonl(path)
    return read_csv(path, fps=fps)


def write_jsonl(frames, path: Path) -> None:
    """Write frames as JSON Lines (the format read_jsonl reads); "world" only for frames that have it."""
    with path.open("w", encoding="utf-8") as handle:
        for frame in frames:
            landmarks = None
            if frame.present:
                landmarks = [[round(float(v), 6) for v in row] for row in frame.to_flat().reshape(NUM_LANDMARKS, 4)]
            record = {"t": round(frame.t, 6), "landmarks": landmarks, "aspect": round(frame.aspect, 6)}
            if frame.world is not None:
                record["world"] = [[round(float(v), 6) for v in row] for row in frame.world]
            handle.write(json.dumps(record) + "\n")


def write_csv(frames, path: Path, with_t: bool = True) -> None:
    """Write frames with a person as CSV rows (header `t,0..131` when with_t)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow((["t"] if with_t else []) + [str(i) for i in range(N_VALUES)])
        for frame in frames:
            if frame.present:
                values = [f"{v:.6f}" for v in frame.to_flat()]
                writer.writerow(([f"{frame.t:.6f}"] if with_t else []) + values)
