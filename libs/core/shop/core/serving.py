"""Serving an app with a production ASGI server (uvicorn on uvloop and httptools).

Each API subclasses `ServerSettings` with its own prefix and default port, and its `__main__`
calls `run_main()`: one way of starting every app, in a container, a PEX or `make run`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import uvicorn
from pydantic import Field

from shop.core.http_protocol import DEFAULT_MAX_HEAD_BYTES, PROTOCOL
from shop.core.settings import SettingsFragment, load_or_exit


class ServerSettings(SettingsFragment):
    # Loopback unless told otherwise: a container sets HOST=0.0.0.0 explicitly.
    host: str = "127.0.0.1"
    port: int = Field(ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    reload: bool = False
    # Behind a proxy, trust X-Forwarded-* only from the addresses given here.
    forwarded_allow_ips: str = "127.0.0.1"
    # Browser origins allowed to call the API (CORS); none unless configured.
    cors_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1_000_000, ge=1_024)
    # Request line plus headers; larger heads are refused with 431 before they are buffered.
    max_header_bytes: int = Field(default=DEFAULT_MAX_HEAD_BYTES, ge=4_096, le=1_048_576)


def serve(app_factory: str, settings: ServerSettings) -> None:
    """Run `module:factory` until SIGTERM/SIGINT; uvicorn drains requests before exiting."""
    uvicorn.run(
        app_factory,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=None if settings.reload else settings.workers,
        reload=settings.reload,
        reload_dirs=["apps", "libs"] if settings.reload else None,
        loop="uvloop",
        http=PROTOCOL,
        h11_max_incomplete_event_size=settings.max_header_bytes,  # read by PROTOCOL
        access_log=False,  # EdgeMiddleware writes one structured line per request
        log_config=None,  # logging is configured by the app (shop.core.logging)
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        server_header=False,
    )


class ServedAppSettings(Protocol):
    @property
    def server(self) -> ServerSettings: ...


def run_main(load_settings: Callable[[], ServedAppSettings], app_factory: str) -> None:
    """Entry point of an API's `__main__`: its settings, then the server."""
    serve(app_factory, load_or_exit(load_settings).server)
