"""`psoas serve` underneath: bind the port, run the app under uvicorn, say the address once ready."""

from __future__ import annotations

import errno
import socket
import sys
from collections.abc import Callable
from typing import Any

from psoas.errors import UserError
from psoas.web.app import WebConfig, create_app
from psoas.web.security import allowed_hosts

LOOPBACK = ("127.0.0.1", "localhost", "::1")
GRACEFUL_S = 3  # Ctrl-C: open pages and sockets get this long to finish, then the server stops


def address(host: str, port: int, token: str) -> str:
    """The address to open: the loopback name when listening on every interface."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/?token={token}"


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound now so that a port in use is one line naming --port."""
    if not 0 <= port <= 65535:
        raise UserError(f"--port must be from 0 (any free port) to 65535, got {port}")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise UserError(f"cannot listen on --host {host}: {error.strerror}") from None
    family, _, _, _, where = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a port in TIME_WAIT, not one in use
    try:
        sock.bind(where)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise UserError(
                f"port {port} is already in use on {host}; choose another with --port N (--port 0: any free port)"
            ) from None
        raise UserError(f"cannot listen on --host {host} --port {port}: {error.strerror or error}") from None
    sock.set_inheritable(True)
    return sock


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    open_browser: bool = True,
    say: Callable[[str], None] = print,
    warn: Callable[[str], None] | None = None,
    config: WebConfig | None = None,
) -> None:
    """Run until Ctrl-C. Prints one line on stdout, the address with its token, once ready."""
    import uvicorn

    warn = warn or (lambda text: print(f"psoas: warning: {text}", file=sys.stderr))
    if host not in LOOPBACK:
        warn(
            f"listening on {host}, not only on this computer: other machines that can reach it see the page's "
            "sign-in prompt (the token in the address is still needed)"
        )
    sock = bind(host, port)
    port = sock.getsockname()[1]
    if config is None:
        from psoas.web.session_host import SessionHost

        config = WebConfig.new(port=port, hosts=allowed_hosts(host, port))
        config.live = SessionHost(config.store, config.now)  # the guided session, run by the coach
    url = address(host, port, config.secrets.token)

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if not self.should_exit:
                say(url)
                sys.stdout.flush()
                if open_browser:
                    _open(url)

    server = Server(
        uvicorn.Config(
            create_app(config),
            log_level="warning",
            access_log=False,
            lifespan="on",
            ws="wsproto",
            ws_max_size=64 * 1024,  # the page's messages are small (psoas.web.live.MAX_FRAME_MESSAGE at most)
            timeout_graceful_shutdown=GRACEFUL_S,
            server_header=False,
        )
    )
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shuts down first, then passes the Ctrl-C on
        pass
    finally:
        sock.close()
    print("psoas serve stopped.", file=sys.stderr)


def _open(url: str) -> None:
    """Open the browser without waiting for it (a missing browser is no error: the address is printed)."""
    import threading
    import webbrowser

    def run() -> Any:
        try:
            return webbrowser.open(url)
        except Exception:
            return False

    threading.Thread(target=run, daemon=True).start()
