"""The guard around every request and WebSocket (OWASP ASVS level 1 for a local app).

- A random token is made at each start (`Secrets.new`). The address `psoas serve` opens carries
  it (`/?token=...`); the first request with it is answered with a redirect to the same page
  without it and an HttpOnly, SameSite=Strict cookie holding a second secret. Every request and
  WebSocket needs that cookie; without it: 401, and the WebSocket is refused.
- Only the Host names of this server are accepted when it listens on the loopback (a page on
  another site that rebinds its name to 127.0.0.1 is refused).
- A request that changes something (POST, PUT, PATCH, DELETE) must come from this origin (its
  Origin header, or Sec-Fetch-Site: same-origin) and carry the page's CSRF token in
  X-Psoas-CSRF; the WebSocket's Origin must be this origin.
- Every response gets a strict Content-Security-Policy (no inline script or style, nothing from
  elsewhere) and the usual hardening headers.
- A body larger than `max_body` is refused with 413 before it is read.
- An error inside the app is one line on the server's stderr (the traceback only with
  PSOAS_DEBUG=1); the browser gets a short message and no traceback.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_HEADER = "x-psoas-csrf"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
INTERNAL_ERROR = "Internal error in psoas; nothing saved was lost."


@dataclass(frozen=True)
class Secrets:
    """Made anew at each start; never written anywhere but the printed address and the cookie."""

    token: str  # in the opened address, exchanged once per browser for the cookie
    session: str  # the cookie's value
    csrf: str  # in each page, sent back by the page's scripts with every change

    @classmethod
    def new(cls) -> Secrets:
        return cls(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(32))


def allowed_hosts(host: str, port: int) -> frozenset[str] | None:
    """The Host header values accepted: this server's loopback names when it listens on the
    loopback; None (any) when it listens elsewhere, where the token alone guards it."""
    if host in ("127.0.0.1", "localhost", "::1"):
        return frozenset(f"{name}:{port}" for name in LOOPBACK_NAMES)
    return None


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode(), b.encode())


def content_security_policy(host: str) -> str:
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self' 'wasm-unsafe-eval'",  # WebAssembly (the camera's pose model), not eval
            "worker-src 'self'",  # the camera's pose model in a module Worker from this server
            "style-src 'self'",
            "img-src 'self'",
            "font-src 'self'",
            "media-src 'self'",
            f"connect-src 'self' ws://{host}",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        )
    )


def security_headers(host: str) -> list[tuple[bytes, bytes]]:
    headers = {
        "content-security-policy": content_security_policy(host),
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        "referrer-policy": "no-referrer",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-resource-policy": "same-origin",
        "permissions-policy": "camera=(self), microphone=(), geolocation=(), payment=(), usb=()",
    }
    return [(k.encode(), v.encode()) for k, v in headers.items()]


class Guard:
    """ASGI middleware: the checks above, for HTTP and WebSocket alike."""

    def __init__(
        self,
        app: ASGIApp,
        secrets_: Secrets,
        cookie_name: str,
        hosts: frozenset[str] | None,
        max_body: int,
        debug: bool | None = None,
    ) -> None:
        self.app = app
        self.secrets = secrets_
        self.cookie_name = cookie_name
        self.hosts = hosts
        self.max_body = max_body
        self.debug = bool(os.environ.get("PSOAS_DEBUG")) if debug is None else debug

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await self._websocket(scope, receive, send)
        else:  # lifespan
            await self.app(scope, receive, send)

    # --- what a request carries ------------------------------------------------------
    @staticmethod
    def _headers(scope: Scope) -> dict[str, str]:
        return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}

    def _has_cookie(self, headers: dict[str, str]) -> bool:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no cookie
            return False
        morsel = jar.get(self.cookie_name)
        return _same(morsel.value if morsel else None, self.secrets.session)

    def _host_ok(self, headers: dict[str, str]) -> bool:
        return self.hosts is None or headers.get("host", "") in self.hosts

    @staticmethod
    def _origin(headers: dict[str, str]) -> str:
        return f"http://{headers.get('host', '')}"

    # --- HTTP ---------------------------------------------------------------------------
    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = self._headers(scope)
        host = headers.get("host", "")
        extra = security_headers(host)
        if not self._host_ok(headers):
            await _plain(send, 400, "Unknown host name: open the address psoas serve printed.", extra)
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
        if "token" in query:
            if not _same(query["token"], self.secrets.token):
                await _plain(send, 403, "This address's token is not the one psoas serve printed at its start.", extra)
                return
            rest = urlencode({k: v for k, v in query.items() if k != "token"})
            location = scope.get("path", "/") + (f"?{rest}" if rest else "")
            cookie = f"{self.cookie_name}={self.secrets.session}; Path=/; HttpOnly; SameSite=Strict"
            await send(
                {
                    "type": "http.response.start",
                    "status": 303,
                    "headers": [(b"location", location.encode()), (b"set-cookie", cookie.encode())]
                    + [(b"cache-control", b"no-store")]
                    + extra,
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        if not self._has_cookie(headers):
            text = "Not signed in: open the address psoas serve printed (with its token) in this browser."
            await _plain(send, 401, text, extra)
            return
        if scope["method"] in UNSAFE_METHODS:
            origin = headers.get("origin")
            same_site = headers.get("sec-fetch-site")
            from_here = origin == self._origin(headers) if origin is not None else same_site == "same-origin"
            if not from_here or not _same(headers.get(CSRF_HEADER), self.secrets.csrf):
                await _plain(send, 403, "Refused: a change must come from this psoas page.", extra)
                return
            length = headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > self.max_body):
                await _plain(send, 413, f"Too large: at most {self.max_body // (1024 * 1024)} MiB.", extra)
                return
            receive = self._limited(receive)

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except _TooLarge:
            if not started:
                await _plain(send, 413, f"Too large: at most {self.max_body // (1024 * 1024)} MiB.", extra)
        except Exception as error:  # a bug: one line here, a short message there
            self._report(error)
            if not started:
                await _plain(send, 500, INTERNAL_ERROR, extra)

    def _limited(self, receive: Receive) -> Receive:
        """A body without Content-Length (chunked) is counted as it comes."""
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge
            return message

        return counted

    def _report(self, error: Exception) -> None:
        if self.debug:
            import traceback

            traceback.print_exception(error, file=sys.stderr)
        else:
            print(
                f"psoas serve: internal error ({type(error).__name__}: {error}); "
                "run again with PSOAS_DEBUG=1 to see the details",
                file=sys.stderr,
            )

    # --- WebSocket ------------------------------------------------------------------------
    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = self._headers(scope)
        ok = (
            self._host_ok(headers)
            and self._has_cookie(headers)
            and headers.get("origin") == self._origin(headers)  # a page of this server, nothing else
        )
        if not ok:
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 1008})  # refused before the handshake: HTTP 403
            return
        try:
            await self.app(scope, receive, send)
        except Exception as error:
            self._report(error)


class _TooLarge(Exception):
    pass


async def _plain(send: Send, status: int, text: str, extra: list[tuple[bytes, bytes]]) -> None:
    """A short answer: JSON {"error": text} (the page's scripts show it; a person reads it too)."""
    body = json.dumps({"error": text}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
