"""Serving an app with a production ASGI server (uvicorn on uvloop and httptools).

Each API subclasses `ServerSettings` with its own prefix and default ports, and its `__main__`
calls `run_main()`: one way of starting every app, in a container, a PEX or `make run`.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
import sys
from collections.abc import Callable, Iterator
from typing import Protocol, Self

import uvicorn
from prometheus_client import CollectorRegistry
from pydantic import Field, model_validator

from shop.core.http_protocol import DEFAULT_MAX_HEAD_BYTES, PROTOCOL
from shop.core.metrics import metrics_app
from shop.core.settings import SettingsFragment, load_or_exit


class ServerSettings(SettingsFragment):
    host: str = "127.0.0.1"
    """The address to listen on: loopback unless told otherwise (images set 0.0.0.0)."""
    port: int = Field(ge=1, le=65535)
    metrics_port: int = Field(ge=0, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    """Server processes. Keep 1 with a metrics port and scale with replicas."""
    reload: bool = False
    """Run the app again when its code or a lib it uses changes (`make run` turns it on)."""
    forwarded_allow_ips: str = "127.0.0.1"
    """Behind a proxy, trust X-Forwarded-* only from the addresses given here."""
    cors_origins: list[str] = Field(default_factory=list)
    """Browser origins allowed to call the API (CORS); none unless configured."""
    max_body_bytes: int = Field(default=1_000_000, ge=1_024)
    """Largest request body; larger ones are refused with 413 before they are read whole."""
    max_header_bytes: int = Field(default=DEFAULT_MAX_HEAD_BYTES, ge=4_096, le=1_048_576)
    """Request line plus headers; larger heads are refused with 431 before they are buffered."""

    @model_validator(mode="after")
    def _one_process_per_metrics_port(self) -> Self:
        # Each worker process has its own counters and would need the port to itself.
        metrics = self.variable("metrics_port")
        if self.workers > 1 and self.metrics_port:
            raise ValueError(
                f"{self.variable('workers')}={self.workers} cannot share one metrics port: run "
                f"one process per container and scale with replicas, or set {metrics}=0"
            )
        if self.metrics_port == self.port:
            raise ValueError(f"{metrics} must differ from {self.variable('port')}")
        return self

    def variable(self, field: str) -> str:
        return f"{self.model_config.get('env_prefix', '')}{field}".upper()


def exit_if_port_taken(app_name: str, host: str, port: int, variable: str) -> None:
    """One line naming the app, the address and the variable to change when something already
    listens there (uvicorn's own `[Errno 98] Address already in use` names neither)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            print(  # noqa: T201 - before logging is configured
                f"{app_name} cannot listen on {host}:{port}: the port is in use by another "
                f"process (`ss -ltnp 'sport = :{port}'` shows which); stop it or set {variable}",
                file=sys.stderr,
            )
            sys.exit(2)


def serve(app_name: str, app_factory: str, settings: ServerSettings) -> None:
    """Run `module:factory` until SIGTERM/SIGINT; uvicorn drains requests before exiting."""
    exit_if_port_taken(app_name, settings.host, settings.port, settings.variable("port"))
    if settings.metrics_port:
        exit_if_port_taken(
            app_name, settings.host, settings.metrics_port, settings.variable("metrics_port")
        )
    uvicorn.run(
        app_factory,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        loop="uvloop",
        http=PROTOCOL,
        h11_max_incomplete_event_size=settings.max_header_bytes,  # read by PROTOCOL
        access_log=False,  # EdgeMiddleware writes one structured line per request
        log_config=None,  # logging is configured by the app (shop.core.logging)
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        server_header=False,
    )


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server run as a task inside a process that handles SIGTERM/SIGINT itself (the
    worker; an API's metrics port): it must not capture and re-raise them."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class MetricsListener:
    """An API's /metrics on its own port, started and stopped by the app's lifespan."""

    def __init__(self, registry: CollectorRegistry, host: str, port: int) -> None:
        config = uvicorn.Config(
            metrics_app(registry),
            host=host,
            port=port,
            log_config=None,
            access_log=False,
            lifespan="off",
            http=PROTOCOL,
        )
        self._server = EmbeddedServer(config)
        self._task: asyncio.Task[None] | None = None
        self._port = port

    async def start(self) -> None:
        if self._port:
            self._task = asyncio.create_task(self._server.serve())

    async def stop(self) -> None:
        if self._task is not None:
            self._server.should_exit = True
            await self._task


class ServedAppSettings(Protocol):
    @property
    def server(self) -> ServerSettings: ...


def run_main(
    app_name: str, load_settings: Callable[[], ServedAppSettings], app_factory: str
) -> None:
    """Entry point of an API's `__main__`: its settings, then the server."""
    serve(app_name, app_factory, load_or_exit(load_settings).server)
