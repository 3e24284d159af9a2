"""The JSON endpoints behind the pages: thin calls into the same code the terminal commands use."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from psoas.errors import Refused, UserError

router = APIRouter()
HISTORY_LIMIT = 30  # sessions listed, as `psoas history` lists in text
WEEKS_SHOWN = 8  # the weekly table below the sessions, as `psoas history` shows it
# The settings the page changes (the others, such as `cleared`, are for the terminal and the screening).
WEB_SETTINGS = ("voice", "reminder_time", "sitting_interval", "snooze", "quiet_hours")


def _store(request: Request) -> Any:
    return request.app.state.psoas.store()


def _now(request: Request) -> datetime:
    now: datetime = request.app.state.psoas.now()
    return now


# --- exercises ---------------------------------------------------------------------------------
def _exercise_summary(exercise: Any) -> dict[str, Any]:
    from psoas.cli.library_commands import dose_text, exercise_json
    from psoas.pictures import alt_text

    data = exercise_json(exercise)
    data["dose_text"] = dose_text(exercise.dose)
    data["pictures"] = {view: f"/pictures/{exercise.id}/{view}.svg" for view in ("both", "start", "hold")}
    data["alt"] = {view: alt_text(exercise.id, view) for view in ("both", "start", "hold")}
    return data


@router.get("/api/exercises")
def exercises() -> list[dict[str, Any]]:
    from psoas.library import load_library

    return [_exercise_summary(e) for e in load_library()]


@router.get("/api/exercises/{exercise_id}")
def exercise(exercise_id: str) -> dict[str, Any]:
    from psoas.cli.library_commands import exercise_json
    from psoas.library import get_exercise

    found = get_exercise(exercise_id)  # unknown: UserError, answered 404 by the app
    data = exercise_json(found, full=True) | _exercise_summary(found)
    data["start_position"], data["hold_position"] = found.start_position, found.hold_position
    data["side_setup"] = found.side_setup
    return data


# --- today: the gate's questions, before the coach takes over ---------------------------------
@router.get("/api/today")
def today(request: Request) -> dict[str, Any]:
    from psoas.library import load_library
    from psoas.safety import load_screening
    from psoas.safety.gate import decide, needed, on_record

    store = _store(request)
    screening = load_screening()
    record = on_record(store)
    need = needed(record, _now(request), screening)
    decision = decide(record, list(load_library()), store.settings.load().cleared, screening)
    check = screening.of_kind("session_check")[0]
    return {
        "screening": need.full,  # "missing" or "stale": the full screening comes first
        "stale_text": screening.messages.stale.format(days=screening.valid_days) if need.full == "stale" else None,
        "session_check": {"id": check.id, "text": check.text} if need.session_check else None,
        "hold": decision.hold.message if decision.hold else None,
        "lines": decision.lines,
        "exercises": [_exercise_summary(e) for e in decision.exercises],
        "live": request.app.state.psoas.live is not None,
        "hurt_text": screening.messages.hurt,
        "stop_rule": {e.id: e.cautions[0] for e in decision.exercises},
    }


# --- the screening ---------------------------------------------------------------------------
class ScreeningAnswers(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answers: dict[str, Any]


@router.get("/api/screening")
def screening_on_record(request: Request) -> dict[str, Any]:
    """The result in force, as `psoas screen --json` gives it (null when none is on record)."""
    from psoas.safety.gate import current_screening
    from psoas.safety.screening import message_for

    store = _store(request)
    result, taken_at = current_screening(store)
    if result is None:
        return {"result": None, "message": None}
    return {"result": result.to_json(taken_at, store.settings.load().cleared), "message": message_for(result)}


@router.post("/api/screening")
def screening_step(body: ScreeningAnswers, request: Request) -> dict[str, Any]:
    """The answers so far: the next question, or (all answered) the result, recorded."""
    from psoas.safety import load_screening
    from psoas.safety.screening import evaluate, message_for
    from psoas.web.screening import Step, next_step, read_answers, result_lines

    screening = load_screening()
    step = next_step(read_answers(body.answers, screening), screening)
    if isinstance(step, Step):
        return step.to_json()
    result = evaluate(step, screening)
    store = _store(request)
    store.screenings.add("full", dict(step), result.stored())
    taken = store.screenings.latest("full")
    cleared = store.settings.load().cleared
    lines = result_lines(result, cleared)
    return {
        "done": True,
        "status": result.status,
        "message": message_for(result, screening),
        "details": lines[1:],  # the first line is the message
        "result": result.to_json(taken.taken_at if taken else None, cleared),
    }


# --- pain after, without the socket ---------------------------------------------------------------
class PainAfterAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    session: int
    pain: Annotated[int, Field(ge=0, le=10)] | None = None


@router.post("/api/pain-after")
async def pain_after(body: PainAfterAnswer, request: Request) -> dict[str, Any]:
    """The pain rating after a session whose page lost its socket for longer than the host waits
    (the socket's pain_after is the usual way): for the latest session, once, and only after its
    end. Answers as the socket's "ended" message does."""
    from psoas.web.session_host import ended_words

    config = request.app.state.psoas
    give = getattr(config.live, "pain_after", None)
    taken = await give(body.session, body.pain) if give is not None else None
    if taken == "running":
        raise Refused("the session is still running; pain after comes at its end")
    store = config.store()
    if taken is None:
        sessions = store.sessions.all()
        latest = max(sessions, key=lambda r: r.id) if sessions else None
        if latest is None or latest.id != body.session:
            raise Refused("pain after can be given only for the latest session")
        if latest.pain_after is not None:
            raise Refused("this session's pain after is already saved")
        if body.pain is not None:
            store.sessions.set_pain_after(body.session, body.pain)
    record = store.sessions.get(body.session)
    return {"session": record.to_json(), **ended_words(record)}


# --- plan -------------------------------------------------------------------------------------
@router.get("/api/plan")
def plan(request: Request) -> dict[str, Any]:
    """`psoas plan --json`, with each dose and left-out reason in words."""
    from psoas.cli.library_commands import dose_text
    from psoas.cli.plan_commands import todays_plan
    from psoas.safety.gate import in_force

    store = _store(request)
    result = todays_plan(store, now=_now(request))
    safety = in_force(store)
    data = result.to_json()
    data["excluded"] = [{"id": key, "reasons": value} for key, value in safety.left_out.items()]
    data["screening"] = safety.result.status if safety.result else None
    data["on_hold"] = safety.hold is not None
    data["hold"] = safety.hold
    data["entries"] = [
        {
            "id": entry.exercise.id,
            "name": entry.exercise.name,
            "dose_text": dose_text(entry.dose),
            "reason": entry.reason,
            "left_out": safety.left_out.get(entry.exercise.id),
        }
        for entry in result.exercises
    ]
    return data


# --- history ------------------------------------------------------------------------------------
@router.get("/api/history")
def history(request: Request) -> dict[str, Any]:
    from psoas.cli.output import done_text
    from psoas.progress.stats import streak_days, totals
    from psoas.progress.weekly import weekly_summary

    sessions = _store(request).sessions.all()
    today = _now(request).astimezone().date()
    listed = []
    for s in sessions[:HISTORY_LIMIT]:
        data = s.to_json()
        data["local_start"] = s.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        data["done_text"] = done_text(s.exercises()) or "-"
        listed.append(data)
    return {
        "sessions": listed,
        "count": len(sessions),
        "weekly": [w.to_json() for w in weekly_summary(sessions)[:WEEKS_SHOWN]],
        "streak": streak_days(sessions, today),
        "totals": totals(sessions),
    }


@router.get("/charts/report.svg")
def report_svg(request: Request) -> Response:
    """The progress report's charts (psoas.progress.report), as SVG."""
    import io

    from matplotlib import rc_context

    from psoas.library import load_library
    from psoas.progress.report import build_report

    sessions = _store(request).sessions.all()
    names = {e.id: e.name for e in load_library()}
    built = build_report(sessions, _now(request).astimezone().date(), names)
    buffer = io.BytesIO()
    with rc_context({"svg.fonttype": "path"}):
        built.figure.savefig(buffer, format="svg", metadata={"Date": None})
    return Response(buffer.getvalue(), media_type="image/svg+xml", headers={"cache-control": "no-store"})


# --- pictures ----------------------------------------------------------------------------------
@router.get("/pictures/{exercise_id}/{name}")
def picture(exercise_id: str, name: str) -> Response:
    from psoas.library import get_exercise
    from psoas.pictures import VIEWS, picture_bytes

    view, _, fmt = name.partition(".")
    if view not in VIEWS or fmt not in ("svg", "png"):
        raise UserError(f"no picture {name!r}: use one of {', '.join(VIEWS)} with .svg or .png")
    found = get_exercise(exercise_id)
    data = picture_bytes(found.id, "svg" if fmt == "svg" else "png", view)  # type: ignore[arg-type]
    media = "image/svg+xml" if fmt == "svg" else "image/png"
    return Response(data, media_type=media, headers={"cache-control": "private, max-age=3600"})


# --- settings -----------------------------------------------------------------------------------
class SettingsChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    values: dict[str, str]  # as typed: "on", "18:30", "off", "45"


def _settings_json(store: Any) -> dict[str, Any]:
    from psoas.store.settings import UserSettings

    values = store.settings.load().model_dump()
    stored = store.settings.stored()
    return {
        "settings": [
            {
                "key": key,
                "value": values[key],
                "default": key not in stored,
                "description": UserSettings.model_fields[key].description,
            }
            for key in WEB_SETTINGS
        ]
    }


@router.get("/api/settings")
def settings(request: Request) -> dict[str, Any]:
    return _settings_json(_store(request))


@router.post("/api/settings")
def change_settings(body: SettingsChange, request: Request) -> dict[str, Any]:
    """Every value is checked as `psoas config set` checks it before any is saved."""
    from psoas.store.settings import parse_setting

    unknown = [key for key in body.values if key not in WEB_SETTINGS]
    if unknown:
        raise UserError(f"this page does not change {', '.join(unknown)}; settings here: {', '.join(WEB_SETTINGS)}")
    parsed = {key: parse_setting(key, text) for key, text in body.values.items()}
    store = _store(request)
    for key, value in parsed.items():
        store.settings.set(key, value)
    return _settings_json(store)


# --- data ----------------------------------------------------------------------------------------
@router.get("/api/export")
def export(request: Request) -> Response:
    """Everything, as `psoas export` writes it (JSON), as a download."""
    from psoas.cli.output import json_text
    from psoas.cli.plan_commands import todays_plan
    from psoas.store.transfer import export_data

    store = _store(request)
    sessions = store.sessions.all()
    data = export_data(store, todays_plan(store, now=_now(request), sessions=sessions).to_json(), sessions)
    name = f"psoas-export-{_now(request).astimezone().date().isoformat()}.json"
    return Response(
        json_text(data) + "\n",
        media_type="application/json",
        headers={"content-disposition": f'attachment; filename="{name}"', "cache-control": "no-store"},
    )


@router.post("/api/import")
def import_file(file: UploadFile, request: Request) -> dict[str, Any]:
    """An export file, checked whole as `psoas import` checks it before anything is written."""
    from psoas.store.transfer import import_data, read_export

    shown = Path(file.filename or "upload.json").name or "upload.json"
    with tempfile.TemporaryDirectory(prefix="psoas-import-") as folder:
        path = Path(folder) / "upload.json"
        path.write_bytes(file.file.read())
        try:
            data = read_export(path, now=_now(request))
        except UserError as error:
            raise UserError(str(error).replace(str(path), shown)) from None
    counts = import_data(_store(request), data)
    return {"text": counts.text(), "counts": vars(counts)}
