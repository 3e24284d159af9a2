"""The one-page progress report: matplotlib charts written as PDF, PNG or HTML.

`build_report` returns the figure, the named axes and the data plotted, so tests can check
that what is drawn equals what is stored. Uses matplotlib's object API (no pyplot state).
"""

from __future__ import annotations

import base64
import html
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import Any

from psoas.errors import UserError
from psoas.progress.report_data import FormSeries, ReportData, build_report_data
from psoas.store.sessions import SessionRecord
from psoas.words import number, plural

FORMATS = {".pdf": "pdf", ".png": "png", ".html": "html", ".htm": "html"}
A4 = (8.27, 11.69)
COLOURS = {"before": "#1f77b4", "after": "#d62728", "band": "#9ecae1"}


@dataclass
class Report:
    figure: Any  # matplotlib.figure.Figure
    axes: dict[str, Any]  # "pain", "calendar", "holds", "reps"; "form" once the camera watched a session
    data: ReportData
    names: dict[str, str]


def _stats_text(data: ReportData) -> str:
    return (
        f"Streak: {plural(data.streak, 'day')} in a row    "
        f"Adherence: {data.days_done} of the last {plural(data.adherence_window, 'day')} ({data.adherence:.0%})    "
        f"Sessions: {data.sessions} ({data.completed} completed)"
    )


def build_report(
    sessions: Iterable[SessionRecord],
    today: date,
    names: dict[str, str] | None = None,
    tz: tzinfo | None = None,
    dpi: int = 100,
) -> Report:

    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    data = build_report_data(sessions, today, tz)
    names = names or {}
    fig = Figure(figsize=A4, dpi=dpi, layout="constrained")
    form = data.form
    ratios = [0.35, 1.2, 0.9, 1.0] + ([0.9] if form else [])
    grid = fig.add_gridspec(len(ratios), 2, height_ratios=ratios)
    fig.suptitle(f"psoas progress report - {today.isoformat()}", fontsize=15, fontweight="bold")
    head = fig.add_subplot(grid[0, :])
    head.axis("off")
    head.text(0, 0.65, _stats_text(data), fontsize=10, va="center")
    head.text(
        0,
        0.15,
        "psoas supports self-management of mobility; it does not diagnose or treat.",
        fontsize=8,
        color="0.35",
        va="center",
    )

    pain = fig.add_subplot(grid[1, :])
    if data.band:
        pain.axhspan(
            *data.band,
            color=COLOURS["band"],
            alpha=0.35,
            label=f"starting pain ±{data.change_points:g}: changes inside are not meaningful",
        )
    # matplotlib plots datetimes; its type stubs only know numbers
    pain.plot(data.pain_times, data.pain_before, "o-", color=COLOURS["before"], label="pain before")  # type: ignore[arg-type]
    pain.plot(data.pain_times, data.pain_after, "s--", color=COLOURS["after"], label="pain after")  # type: ignore[arg-type]
    pain.set_ylim(-0.3, 10.3)
    pain.set_ylabel("pain 0-10")
    pain.set_title("Pain before and after sessions", loc="left")
    pain.grid(alpha=0.3)
    if not data.pain_times:
        pain.text(0.5, 0.5, "No pain answers recorded yet", transform=pain.transAxes, ha="center", color="0.4")
        pain.set_xticks([])  # no dates to show (matplotlib would number an empty axis)
    else:
        pain.legend(loc="upper right", fontsize=8)
        _days_axis(pain, data.pain_times)

    cal = fig.add_subplot(grid[2, :])
    cal.imshow(data.calendar, cmap=ListedColormap(["white", "#e6e6e6", "#2ca02c"]), vmin=-1, vmax=1, aspect="equal")
    cal.set_yticks(range(7), ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], fontsize=8)
    weeks = len(data.calendar[0])
    cal.set_xticks(
        range(weeks),
        [(data.calendar_start + timedelta(weeks=w)).strftime("%d %b") for w in range(weeks)],
        fontsize=7,
        rotation=45,
    )
    cal.set_xticks([x - 0.5 for x in range(weeks + 1)], minor=True)
    cal.set_yticks([y - 0.5 for y in range(8)], minor=True)
    cal.grid(which="minor", color="white", linewidth=1.5)
    cal.tick_params(which="minor", length=0)
    cal.set_title(f"Days done (green), last {weeks} weeks", loc="left")

    holds = fig.add_subplot(grid[3, 0])
    reps = fig.add_subplot(grid[3, 1])
    for exercise_id, series in data.exercises.items():
        label = names.get(exercise_id, exercise_id)
        holds.plot(series.times, series.mean_hold_s, "o-", label=label)  # type: ignore[arg-type]
        each = f"{label}, each side" if series.per_side else label
        reps.plot(series.times, series.reps, "o-", label=each)  # type: ignore[arg-type]
    for ax, title, ylabel in ((holds, "Hold time per rep", "seconds"), (reps, "Reps per session", "reps")):
        ax.set_title(title, loc="left")
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        if data.exercises:
            ax.legend(fontsize=7)
            _days_axis(ax, [t for series in data.exercises.values() for t in series.times])
        else:
            ax.text(0.5, 0.5, "No sessions yet", transform=ax.transAxes, ha="center", color="0.4")
            ax.set_xticks([])
            ax.set_yticks([])
    axes = {"pain": pain, "calendar": cal, "holds": holds, "reps": reps}
    if form:
        axes["form"] = _form_chart(fig.add_subplot(grid[4, :]), form)
    return Report(fig, axes, data, names)


MAX_DATE_LABELS = 12


def _form_chart(ax, form: FormSeries):  # noqa: ANN001, ANN202
    """Faults per session the camera watched: one bar per session, stacked by fault code, with the
    reps it confirmed written above (a fault is counted once per rep it was seen in)."""
    positions = list(range(len(form.times)))
    bottom = [0] * len(positions)
    for code, counts in form.faults.items():
        ax.bar(positions, counts, bottom=bottom, label=code.replace("_", " "), width=0.6)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    for x, (total, reps) in enumerate(zip(bottom, form.camera_reps, strict=True)):
        ax.annotate(f"{reps} rep{'s' if reps != 1 else ''}", (x, total), xytext=(0, 2),
                    textcoords="offset points", ha="center", fontsize=6, color="0.35")  # fmt: skip
    step = max(1, -(-len(positions) // MAX_DATE_LABELS))  # every n-th date, at most 12 labels
    ax.set_xticks(positions[::step], [t.strftime("%d %b") for t in form.times[::step]], fontsize=7)
    ax.set_xlim(-0.6, len(positions) - 0.4)
    ax.set_ylim(0, max(max(bottom, default=0), 1) * 1.25)
    ax.set_ylabel("faults")
    ax.set_title("Form: faults the camera saw per session (reps it confirmed above)", loc="left")
    ax.grid(axis="y", alpha=0.3)
    if form.faults:
        ax.legend(fontsize=7, loc="upper right")
    else:
        ax.text(0.5, 0.5, "No faults seen", transform=ax.transAxes, ha="center", color="0.4")
    return ax


def report_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise UserError(f"cannot tell the report format from {path.name!r}; use a name ending in .pdf, .png or .html")
    return fmt


def _html(report: Report) -> str:
    buffer = io.BytesIO()
    report.figure.savefig(buffer, format="png")
    image = base64.b64encode(buffer.getvalue()).decode("ascii")
    data = report.data
    rows = "".join(
        f"<tr><td>{html.escape(report.names.get(i, i))}</td><td>{len(s.times)}</td>"
        f"<td>{number(s.reps[-1])}{' each side' if s.per_side else ''}</td><td>{s.mean_hold_s[-1]:g} s</td></tr>"
        for i, s in data.exercises.items()
    )
    alt = "Charts: pain before and after sessions, days done, hold times and reps"
    alt += ", faults per session" if data.form else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>psoas progress report {data.today}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}}img{{width:100%}}
td,th{{border-bottom:1px solid #ccc;padding:.3em .8em;text-align:left}}</style></head>
<body><h1>psoas progress report - {data.today}</h1>
<p>{html.escape(_stats_text(data))}</p>
<table><tr><th>exercise</th><th>sessions</th><th>last reps</th><th>last mean hold</th></tr>{rows}</table>
<img alt="{alt}" src="data:image/png;base64,{image}">
<p><small>psoas supports self-management of mobility; it does not diagnose or treat.</small></p>
</body></html>
"""


def write_report(report: Report, path: Path) -> Path:
    """Write atomically (a temporary file, then rename): a failure leaves no half-written report."""
    fmt = report_format(path)
    if not path.parent.is_dir():
        raise UserError(f"folder does not exist: {path.parent}")
    temp = path.with_name(f".{path.name}.tmp")
    try:
        if fmt == "html":
            temp.write_text(_html(report), encoding="utf-8")
        else:
            report.figure.savefig(temp, format=fmt)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    return path


MIN_SPAN = timedelta(days=6)


def _days_axis(ax, times) -> None:  # noqa: ANN001
    """Dates on the x axis in days, even when every session fell on one day (a first report)."""
    from matplotlib import dates as mdates

    if times:
        low, high = min(times), max(times)
        if high - low < MIN_SPAN:
            pad = (MIN_SPAN - (high - low)) / 2
            ax.set_xlim(low - pad, high + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    locator.intervald[mdates.HOURLY] = []  # never hours or minutes: sessions are counted in days
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
