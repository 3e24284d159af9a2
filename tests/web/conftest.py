"""Fixtures for the web app: the app over this test's store, a browser signed in, change headers."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the web page's packages are not installed (requirements-web.txt)")

from web_helpers import ORIGIN  # noqa: E402


@pytest.fixture
def config(psoas_home, fake_now):  # noqa: ANN001, ANN201
    from psoas.store import open_store
    from psoas.web.app import WebConfig

    return WebConfig.new(port=8765, now=fake_now, open_store=lambda: open_store(now=fake_now), debug=False)


@pytest.fixture
def anonymous(config):  # noqa: ANN001, ANN201
    """A client that has not opened the token address."""
    from starlette.testclient import TestClient

    from psoas.web.app import create_app

    with TestClient(create_app(config), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def client(anonymous, config):  # noqa: ANN001, ANN201
    """A client signed in the way a browser is: the token address, then the cookie it sets."""
    response = anonymous.get(f"/?token={config.secrets.token}", follow_redirects=False)
    assert response.status_code == 303
    return anonymous


@pytest.fixture
def change(config):  # noqa: ANN001, ANN201
    """The headers a page's own scripts send with a change: its origin and its CSRF token."""
    return {"origin": ORIGIN, "x-psoas-csrf": config.secrets.csrf}
