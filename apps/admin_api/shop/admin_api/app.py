"""Composition root of the admin API: settings in, a wired Litestar app out."""

from __future__ import annotations

from typing import cast

from litestar import Litestar
from litestar.openapi import OpenAPIConfig

from shop.admin_api.interface.health import health_handlers
from shop.admin_api.interface.problems import PROBLEM_HANDLERS
from shop.admin_api.settings import AdminApiSettings
from shop.connectors.db.engine import DatabaseProbe, create_engine
from shop.core.asgi.body_limit import BodySizeLimitMiddleware
from shop.core.asgi.metrics import HttpMetrics, MetricsMiddleware
from shop.core.asgi.request_context import RequestContextMiddleware
from shop.core.asgi.types import ASGIApp
from shop.core.health import CheckReadiness
from shop.core.logging import configure_logging


def create_litestar(settings: AdminApiSettings) -> Litestar:
    configure_logging(settings.log)
    engine = create_engine(settings.database, application_name="shop-admin-api")

    async def dispose_engine() -> None:
        await engine.dispose()

    return Litestar(
        route_handlers=health_handlers(CheckReadiness([DatabaseProbe(engine)])),
        exception_handlers=PROBLEM_HANDLERS,
        on_shutdown=[dispose_engine],
        openapi_config=OpenAPIConfig(title="Shop admin API", version="0.1.0", path="/schema"),
        logging_config=None,
    )


def with_request_context(app: Litestar, settings: AdminApiSettings) -> ASGIApp:
    # Wrapped outside Litestar: its own middleware does not see requests that match no route.
    # (Litestar types its ASGI callable more narrowly than the spec; it is one all the same.)
    inner = BodySizeLimitMiddleware(cast(ASGIApp, app), settings.server.max_body_bytes)
    return RequestContextMiddleware(MetricsMiddleware(inner, HttpMetrics()))


def create_app(settings: AdminApiSettings | None = None) -> ASGIApp:
    settings = settings or AdminApiSettings.load()
    return with_request_context(create_litestar(settings), settings)
