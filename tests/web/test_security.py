"""The guard: token and cookie, Host, Origin and CSRF, CSP, upload limit, no tracebacks."""

from __future__ import annotations

import pytest
from starlette.websockets import WebSocketDisconnect
from web_helpers import ORIGIN

PAGES = ["/", "/plan", "/history", "/exercises", "/exercises/cobra", "/settings", "/data", "/screening"]
ENDPOINTS = ["/api/today", "/api/plan", "/api/history", "/api/settings", "/api/exercises", "/api/exercises/cobra",
             "/api/screening", "/api/export", "/charts/report.svg", "/pictures/cobra/hold.svg", "/static/app.css",
             "/static/js/app.js"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES + ENDPOINTS)
def test_without_the_token_every_page_and_endpoint_is_refused(anonymous, path) -> None:
    response = anonymous.get(path)
    assert response.status_code == 401
    assert "open the address psoas serve printed" in response.json()["error"]


def test_a_wrong_token_is_refused_and_sets_no_cookie(anonymous) -> None:
    response = anonymous.get("/?token=guessed", follow_redirects=False)
    assert response.status_code == 403 and "set-cookie" not in response.headers
    assert anonymous.get("/").status_code == 401


def test_the_token_becomes_an_httponly_strict_cookie_and_leaves_the_address(anonymous, config) -> None:
    response = anonymous.get(f"/history?token={config.secrets.token}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/history"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{config.cookie_name}={config.secrets.session};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and config.secrets.token not in cookie
    assert anonymous.get("/history").status_code == 200


def test_a_forged_cookie_is_refused(anonymous, config) -> None:
    anonymous.cookies.set(config.cookie_name, config.secrets.token)  # the token is not the cookie's value
    assert anonymous.get("/api/today").status_code == 401


def test_each_start_makes_new_secrets() -> None:
    from psoas.web.security import Secrets

    first, second = Secrets.new(), Secrets.new()
    assert len({first.token, first.session, first.csrf, second.token}) == 4
    assert len(first.token) >= 40  # 32 random bytes, base64


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no Origin, no CSRF token
        {"origin": ORIGIN},  # no CSRF token: a plain form from anywhere
        {"origin": "http://evil.example", "x-psoas-csrf": "*"},  # another site
        {"origin": ORIGIN, "x-psoas-csrf": "wrong"},
    ],
)
def test_a_change_without_this_pages_origin_and_csrf_token_is_refused(client, config, headers) -> None:
    if headers.get("x-psoas-csrf") == "*":
        headers = {**headers, "x-psoas-csrf": config.secrets.csrf}
    response = client.post("/api/settings", json={"values": {"sitting_interval": "45"}}, headers=headers)
    assert response.status_code == 403
    assert client.get("/api/settings").json()["settings"][2] == {
        "key": "sitting_interval", "value": 30, "default": True,
        "description": "Minutes of sitting before a break reminder (20-60).",
    }  # fmt: skip


def test_a_same_origin_fetch_without_origin_header_is_taken(client, change) -> None:
    headers = {"sec-fetch-site": "same-origin", "x-psoas-csrf": change["x-psoas-csrf"]}
    assert client.post("/api/settings", json={"values": {"snooze": "15"}}, headers=headers).status_code == 200


def test_every_response_has_a_strict_content_security_policy(client) -> None:
    for path in ("/", "/api/today", "/static/js/app.js"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy  # 'wasm-unsafe-eval' is not eval
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client) -> None:
    import re

    for path in PAGES:
        text = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert "<style" not in text and " style=" not in text and " on" + "click=" not in text


def test_another_host_name_is_refused_on_the_loopback(psoas_home, fake_now) -> None:
    from starlette.testclient import TestClient

    from psoas.web.app import WebConfig, create_app
    from psoas.web.security import allowed_hosts

    config = WebConfig.new(port=8765, hosts=allowed_hosts("127.0.0.1", 8765), now=fake_now)
    with TestClient(create_app(config), base_url="http://rebound.example:8765") as client:
        assert client.get(f"/?token={config.secrets.token}", follow_redirects=False).status_code == 400
    with TestClient(create_app(config), base_url="http://localhost:8765") as client:
        assert client.get(f"/?token={config.secrets.token}", follow_redirects=False).status_code == 303


def test_the_websocket_needs_the_cookie(anonymous) -> None:
    with pytest.raises(WebSocketDisconnect), anonymous.websocket_connect("/ws", headers={"origin": ORIGIN}):
        pass


@pytest.mark.parametrize("origin", [None, "http://evil.example", "null"])
def test_the_websocket_checks_origin(client, origin) -> None:
    headers = {"origin": origin} if origin else {}
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/ws", headers=headers):
        pass


def test_an_upload_over_the_limit_is_refused_before_it_is_read(client, change, config) -> None:
    before = client.get("/api/export").json()
    body = b" " * (config.max_upload + 1)
    response = client.post("/api/import", files={"file": ("big.json", body)}, headers=change)
    assert response.status_code == 413
    assert client.get("/api/export").json()["sessions"] == before["sessions"]


def test_an_internal_error_shows_no_traceback(psoas_home, fake_now, capsys) -> None:
    from starlette.testclient import TestClient

    from psoas.web.app import WebConfig, create_app

    def broken():  # noqa: ANN202
        raise RuntimeError("disk on fire")

    config = WebConfig.new(port=8765, open_store=broken, now=fake_now, debug=False)
    with TestClient(create_app(config), raise_server_exceptions=False) as client:
        client.get(f"/?token={config.secrets.token}", follow_redirects=False)
        response = client.get("/api/history")
    assert response.status_code == 500
    assert response.json() == {"error": "Internal error in psoas; nothing saved was lost."}
    err = capsys.readouterr().err
    assert "RuntimeError: disk on fire" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
