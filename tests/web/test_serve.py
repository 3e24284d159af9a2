"""`psoas serve` as a real process: the ready line, the port in use, Ctrl-C, --host; a light --help."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

import pytest
from web_helpers import ADDRESS, READY_S, _env, start, stop


@pytest.mark.slow
def test_serve_prints_the_address_with_its_token_and_stops_on_ctrl_c(tmp_path) -> None:
    process, line = start(tmp_path / "home")
    try:
        match = ADDRESS.match(line)
        assert match, line
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(line, timeout=READY_S) as page:  # the token, the redirect, the cookie
            assert page.status == 200 and 'data-page="today"' in page.read().decode()
        with opener.open(f"http://127.0.0.1:{match[1]}/api/today", timeout=READY_S) as answer:
            assert json.load(answer)["screening"] == "missing"
        with pytest.raises(urllib.error.HTTPError) as refused:  # another browser, without the token
            urllib.request.urlopen(f"http://127.0.0.1:{match[1]}/api/today", timeout=READY_S)
        assert refused.value.code == 401
        refused.value.close()
    finally:
        code, out, err = stop(process)
    assert code == 0 and out == "" and err.strip() == "psoas serve stopped."


@pytest.mark.slow
def test_a_port_in_use_is_one_line_naming_port(tmp_path) -> None:
    process, line = start(tmp_path / "home")
    try:
        port = ADDRESS.match(line)[1]  # type: ignore[index]
        second = subprocess.run(
            [sys.executable, "-m", "psoas", "serve", "--port", port, "--no-open"],
            capture_output=True, text=True, env=_env(tmp_path / "home"), timeout=READY_S,
        )  # fmt: skip
    finally:
        stop(process)
    assert second.returncode == 2 and second.stdout == ""
    assert second.stderr == (
        f"psoas: error: port {port} is already in use on 127.0.0.1; "
        "choose another with --port N (--port 0: any free port)\n"
    )


@pytest.mark.slow
def test_another_host_is_warned_about(tmp_path) -> None:
    process, line = start(tmp_path / "home", "--host", "0.0.0.0")
    code, out, err = stop(process)
    assert ADDRESS.match(line) and code == 0
    assert err.startswith("psoas: warning: listening on 0.0.0.0, not only on this computer")


def test_a_bad_port_is_exit_2(run_cli) -> None:
    result = run_cli("serve", "--port", "70000", "--no-open")
    assert result.code == 2 and "--port must be from 0 (any free port) to 65535, got 70000" in result.err


def test_the_address_names_the_loopback_for_every_interface() -> None:
    from psoas.web.server import address

    assert address("0.0.0.0", 9000, "t") == "http://127.0.0.1:9000/?token=t"
    assert address("::1", 9000, "t") == "http://[::1]:9000/?token=t"


def test_help_and_other_commands_do_not_import_the_web_packages() -> None:
    code = (
        "import sys\nfrom psoas.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "web = ('fastapi', 'uvicorn', 'starlette', 'multipart', 'python_multipart')\n"
        "print(sorted(m for m in web if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=READY_S)
    assert result.returncode == 0 and result.stdout.strip().splitlines()[-1] == "[]"
    assert "serve" in result.stdout
