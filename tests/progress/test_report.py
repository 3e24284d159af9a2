"""The progress report: plotted series equal the stored data; PDF, PNG and HTML files open."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from PIL import Image

from builders import START, session
from psoas.progress.report import A4, build_report
from psoas.progress.schema import load_progression

TODAY = (START + timedelta(days=20)).date()
REPORT = load_progression().report


@pytest.fixture
def history(store):  # noqa: ANN001, ANN201
    records = [
        session(0, 5, 4),
        session(1, None, 3),
        session(3, 4, None),
        session(4),
        session(7, 3, 2),
        session(8, 2, 2, status="stopped", reps_done=4),
        session(12, 2, 1),
    ]
    for record in records:
        store.sessions.add(record)
    return store.sessions.all()


def same(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all((math.isnan(x) and math.isnan(y)) or x == y for x, y in zip(a, b, strict=True))


def test_pain_lines_equal_the_stored_pain(history):
    report = build_report(history, TODAY, tz=UTC)
    stored = sorted(
        (s for s in history if s.pain_before is not None or s.pain_after is not None), key=lambda s: s.started_at
    )
    before, after = report.axes["pain"].lines[:2]
    nan = float("nan")
    assert same(list(before.get_ydata()), [nan if s.pain_before is None else s.pain_before for s in stored])
    assert same(list(after.get_ydata()), [nan if s.pain_after is None else s.pain_after for s in stored])
    assert list(before.get_xdata()) == [s.started_at.replace(tzinfo=None) for s in stored]


def test_meaningful_change_band_is_drawn_around_the_starting_pain(history):
    report = build_report(history, TODAY, tz=UTC)
    first = [s for s in sorted(history, key=lambda s: s.started_at) if s.pain_before or s.pain_after][:3]
    baseline = sum(s.pain_before if s.pain_before is not None else s.pain_after for s in first) / 3
    band = report.axes["pain"].patches[0].get_extents()  # pixel box; compare in data space instead
    assert band.height > 0
    assert report.data.band == (
        pytest.approx(baseline - REPORT.meaningful_change_points),
        pytest.approx(baseline + REPORT.meaningful_change_points),
    )


def test_holds_and_reps_lines_equal_the_stored_reps(history):
    report = build_report(history, TODAY, tz=UTC)
    by_label = {line.get_label(): line for line in report.axes["reps"].lines}
    holds = {line.get_label(): line for line in report.axes["holds"].lines}
    for exercise_id in ("cobra", "kneeling_hip_stretch", "glute_bridge"):
        done = [
            s for s in sorted(history, key=lambda s: s.started_at) if any(r.exercise_id == exercise_id for r in s.reps)
        ]
        reps = [[r for r in s.reps if r.exercise_id == exercise_id] for s in done]
        per_side = exercise_id == "kneeling_hip_stretch"  # counted per side, as its dose: 3 each side is 3
        label = f"{exercise_id}, each side" if per_side else exercise_id
        assert list(by_label[label].get_ydata()) == [len(r) / 2 if per_side else len(r) for r in reps]
        assert list(holds[exercise_id].get_ydata()) == pytest.approx([sum(x.hold_s for x in r) / len(r) for r in reps])


def test_calendar_marks_exactly_the_days_done(history):
    report = build_report(history, TODAY, tz=UTC)
    grid = report.data.calendar
    marked = {
        report.data.calendar_start + timedelta(weeks=w, days=d)
        for d in range(7)
        for w in range(len(grid[0]))
        if grid[d][w] == 1
    }
    assert marked == {s.started_at.date() for s in history if s.reps}
    assert report.axes["calendar"].images[0].get_array().tolist() == grid


def test_streak_and_adherence(history):
    data = build_report(history, TODAY, tz=UTC).data
    days = {s.started_at.date() for s in history if s.reps}
    window = (TODAY - START.date()).days + 1
    assert data.adherence == pytest.approx(len(days) / window)
    assert data.streak == 0  # last day done was 8 days before TODAY
    assert build_report(history, (START + timedelta(days=12)).date(), tz=UTC).data.streak == 1


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_report_cli_writes_a_one_page_pdf(run, store, tmp_path):
    store.sessions.add(session(0, 4, 3, start=datetime.now(UTC) - timedelta(days=2)))
    result = run("report", "--out", str(tmp_path / "r.pdf"))
    assert result.code == 0, result.err
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and page_count(pdf) == 1


def test_report_cli_writes_a_png_of_the_page_size(run, store, tmp_path):
    store.sessions.add(session(0, 4, 3, start=datetime.now(UTC) - timedelta(days=2)))
    assert run("report", "--out", str(tmp_path / "r.png")).code == 0
    with Image.open(tmp_path / "r.png") as image:
        assert image.format == "PNG"
        assert image.size == (round(A4[0] * 100), round(A4[1] * 100))


def test_report_cli_writes_html_with_the_chart_inside(run, tmp_path):
    assert run("report", "--out", str(tmp_path / "r.html")).code == 0  # an empty history works too
    text = (tmp_path / "r.html").read_text()
    assert "<img" in text and "data:image/png;base64," in text and "does not diagnose" in text


@pytest.mark.parametrize("name", ["r.docx", "missing/r.pdf"])
def test_report_bad_output_is_exit_2_and_writes_nothing(run, tmp_path, name):
    result = run("report", "--out", str(tmp_path / name))
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert [p.name for p in tmp_path.iterdir()] == []  # not even the data folder: it failed first


def test_report_data_with_no_sessions():
    report = build_report([], date(2026, 5, 1))
    data = report.data
    assert (data.sessions, data.streak, data.days_done, data.band) == (0, 0, 0, None)
    # empty charts say so, without made-up axis numbers
    for name in ("pain", "holds", "reps"):
        assert list(report.axes[name].get_xticks()) == [], name
    assert list(report.axes["holds"].get_yticks()) == [] and list(report.axes["reps"].get_yticks()) == []


def test_a_first_report_with_sessions_on_one_day_labels_days_not_minutes(store):
    store.sessions.add(session(0, 3, 2))
    store.sessions.add(session(0.01, 2, 2))  # about a quarter of an hour later
    report = build_report(store.sessions.all(), START.date(), tz=UTC)
    report.figure.canvas.draw()
    for name in ("pain", "holds", "reps"):
        axis = report.axes[name]
        labels = [t.get_text() for t in axis.get_xticklabels() if t.get_text()]
        assert len(labels) >= 3, name
        assert not any(":" in label or "." in label for label in labels), (name, labels)
        low, high = axis.get_xlim()
        assert high - low >= 5  # matplotlib dates are in days


def test_html_table_counts_the_kneeling_stretch_per_side_and_says_so(run, store, tmp_path):
    store.sessions.add(session(0, 4, 3, start=datetime.now(UTC) - timedelta(days=1)))  # 3 left + 3 right
    result = run("report", "--out", str(tmp_path / "r.html"))
    assert result.code == 0 and "(1 session)" in result.out  # not "1 sessions"
    text = (tmp_path / "r.html").read_text()
    assert "<td>Kneeling Hip Stretch</td><td>1</td><td>3 each side</td>" in text
    assert "<td>Cobra</td><td>1</td><td>3</td>" in text
    assert "Streak: 1 day in a row" in text


def test_a_session_stopped_with_nothing_done_is_not_on_the_pain_chart(store):
    store.sessions.add(session(0, 6, 5))
    store.sessions.add(session(1, 9, 9, status="stopped", reps_done=0))
    store.sessions.add(session(2, 4, 3))
    data = build_report(store.sessions.all(), TODAY, tz=UTC).data
    assert data.pain_before == [6.0, 4.0] and data.pain_after == [5.0, 3.0]
    assert data.baseline == pytest.approx((6 + 4) / 2)


# ---- the form chart: faults per session, once the camera has watched a session ----
def _watched(day: int, faults_by_rep: list[tuple[str, ...] | None]):  # noqa: ANN202
    """A cobra session on `day` whose n-th rep the camera confirmed with those faults (None: not confirmed)."""
    from dataclasses import replace

    record = session(day, 3, 2, exercises={"cobra": (15.0, len(faults_by_rep), False)})
    reps = tuple(
        r if faults is None else r._replace(camera=True, camera_hold_s=14.0, faults=faults)
        for r, faults in zip(record.reps, faults_by_rep, strict=True)
    )
    return replace(record, reps=reps)


def test_no_form_chart_without_a_camera_session(history):
    report = build_report(history, TODAY, tz=UTC)
    assert report.data.form is None and "form" not in report.axes
    assert len(report.figure.axes) == 5  # the head, pain, calendar, holds, reps


def test_the_form_chart_shows_the_stored_faults_per_camera_session(store, tmp_path):
    store.sessions.add(session(0, 4, 3))  # timer only: not on the form chart
    store.sessions.add(_watched(1, [("hips_lifted",), ("hips_lifted", "shoulders_shrugged"), (), None]))
    store.sessions.add(_watched(2, [(), (), ()]))  # watched, nothing wrong
    store.sessions.add(_watched(3, [None, ("shoulders_shrugged",)]))
    history = store.sessions.all()
    report = build_report(history, TODAY, tz=UTC)
    form = report.data.form
    assert form is not None
    assert [t.day for t in form.times] == [(START + timedelta(days=d)).day for d in (1, 2, 3)]
    assert form.camera_reps == [3, 3, 1]
    assert form.faults == {"hips_lifted": [2, 0, 0], "shoulders_shrugged": [1, 0, 1]}
    assert form.per_session() == [3, 0, 1]
    bars = report.axes["form"].containers
    assert [c.get_label() for c in bars] == ["hips lifted", "shoulders shrugged"]
    assert [[b.get_height() for b in c] for c in bars] == [[2, 0, 0], [1, 0, 1]]
    tops = [max(b.get_y() + b.get_height() for b in column) for column in zip(*bars, strict=True)]
    assert tops == form.per_session()
    path = tmp_path / "r.pdf"
    report.figure.savefig(path, format="pdf")
    assert page_count(path.read_bytes()) == 1  # still one page


def test_a_camera_session_with_no_faults_still_draws_the_chart(store):
    store.sessions.add(_watched(0, [(), ()]))
    report = build_report(store.sessions.all(), TODAY, tz=UTC)
    assert report.data.form is not None and report.data.form.per_session() == [0]
    assert any(t.get_text() == "No faults seen" for t in report.axes["form"].texts)
