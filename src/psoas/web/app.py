"""The app factory: `create_app(WebConfig.new())` gives the whole web app, guard included.

Tests call it directly (starlette's TestClient); `psoas serve` hands it to uvicorn. The store is
opened on the first request that needs it, once, and closed when the app stops.
"""

from __future__ import annotations

import contextlib
import html
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from psoas.errors import Refused, UserError
from psoas.web.live import LiveHost
from psoas.web.security import INTERNAL_ERROR, Guard, Secrets

# An export of a long history: about 1 KB a session (sessions, reps, plan), so 16 MiB holds
# decades of daily sessions; anything larger is not a psoas export.
MAX_UPLOAD = 16 * 1024 * 1024

# Each page: (path, nav label, title). The scripts fill the page from the JSON endpoints.
PAGES = (
    ("/", "Today", "Today"),
    ("/plan", "Plan", "Today's plan"),
    ("/history", "History", "History and progress"),
    ("/exercises", "Exercises", "The exercises"),
    ("/settings", "Settings", "Settings"),
    ("/data", "Data", "Your data"),
)
EXTRA_PAGES = {"/screening": "Safety screening"}


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _open_store() -> Any:
    from psoas.store import open_store

    return open_store()


@dataclass
class WebConfig:
    secrets: Secrets
    port: int = 8765
    hosts: frozenset[str] | None = None  # accepted Host headers (None: any)
    open_store: Callable[[], Any] = _open_store
    now: Callable[[], datetime] = _utc_now
    live: LiveHost | None = None  # the coach's host of guided sessions (psoas.web.live)
    max_upload: int = MAX_UPLOAD
    debug: bool | None = None  # tracebacks on stderr (default: PSOAS_DEBUG)
    _store: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def new(cls, **kwargs: Any) -> WebConfig:
        return cls(Secrets.new(), **kwargs)

    @property
    def cookie_name(self) -> str:
        return f"psoas_{self.port}"  # cookies are not kept per port: one name per server

    def store(self) -> Any:
        with self._lock:
            if self._store is None:
                self._store = self.open_store()
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def _shell() -> str:
    return (resources.files("psoas.web") / "shell.html").read_text(encoding="utf-8")


def render_page(config: WebConfig, path: str, title: str, exercise: str = "") -> str:
    from psoas.safety import load_screening

    current = ' aria-current="page"'
    nav = "\n".join(
        f'<li><a href="{href}"{current if href == path else ""}>{html.escape(label)}</a></li>'
        for href, label, _ in PAGES
    )
    values = {
        "title": html.escape(title),
        "page": html.escape(path.strip("/").split("/")[0] or "today"),
        "exercise": html.escape(exercise),
        "csrf": html.escape(config.secrets.csrf),
        "nav": nav,
        "disclaimer": html.escape(load_screening().messages.disclaimer),
    }
    text = _shell()
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={"cache-control": "no-store"})


def create_app(config: WebConfig) -> Any:
    """The ASGI app: the guard around FastAPI (pages, JSON, pictures, static files, /ws)."""
    from psoas.web import api, models_route
    from psoas.web.live import serve_socket

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        close = getattr(config.live, "close", None)  # sessions still running are stopped and saved
        if close is not None:
            await close()
        config.close()

    app = FastAPI(title="psoas", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.psoas = config

    @app.exception_handler(UserError)
    async def _user_error(request: Request, error: UserError) -> JSONResponse:
        text = str(error)
        return _error(404 if text.startswith(("unknown exercise", "no picture")) else 400, text)

    @app.exception_handler(Refused)
    async def _refused(request: Request, error: Refused) -> JSONResponse:
        return _error(409, str(error))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "bad request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return _error(422, f"bad request: {where + ': ' if where else ''}{first.get('msg', '')}")

    @app.exception_handler(Exception)
    async def _bug(request: Request, error: Exception) -> JSONResponse:  # the guard reports it on stderr
        return _error(500, INTERNAL_ERROR)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, error: HTTPException) -> JSONResponse:
        return _error(error.status_code, "not found" if error.status_code == 404 else str(error.detail))

    def page(path: str, title: str) -> Callable[[], HTMLResponse]:
        def show() -> HTMLResponse:
            return HTMLResponse(render_page(config, path, title), headers={"cache-control": "no-store"})

        return show

    for path, _label, title in PAGES:
        app.get(path, response_class=HTMLResponse)(page(path, title))
    for path, title in EXTRA_PAGES.items():
        app.get(path, response_class=HTMLResponse)(page(path, title))

    @app.get("/exercises/{exercise_id}", response_class=HTMLResponse)
    def exercise_page(exercise_id: str) -> HTMLResponse:
        from psoas.library import get_exercise

        found = get_exercise(exercise_id)
        text = render_page(config, "/exercises", found.name, exercise=found.id)
        return HTMLResponse(text, headers={"cache-control": "no-store"})

    app.include_router(api.router)
    app.include_router(models_route.router)  # the pose .task bundles for the page's camera

    @app.websocket("/ws")
    async def socket(websocket: WebSocket) -> None:
        await serve_socket(websocket, config.live)

    static = resources.files("psoas.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return Guard(app, config.secrets, config.cookie_name, config.hosts, config.max_upload, config.debug)
