"""Composition root of the public API: settings in, a wired FastAPI app out.

Everything the app uses is built here, once, and handed to the routers: engine, unit of work
factory, security primitives, use cases. Nothing else in the app constructs a collaborator.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from shop.connectors.db.connections import Connections
from shop.connectors.db.notifications import OrderStatusFeed
from shop.connectors.db.readiness import report_schema
from shop.connectors.db.reads.products import ProductReads
from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.core.asgi.edge import EdgeMiddleware
from shop.core.heap import settle_heap
from shop.core.openapi import ApiContract
from shop.core.operations import lazily
from shop.core.security.passwords import PasswordHashing, PasswordHashingPool
from shop.core.security.rate_limits import RateLimiter, SignInThrottle, SignUpThrottle
from shop.core.security.tokens import PUBLIC_AUDIENCE, TokenIssuer
from shop.core.serving import MetricsListener
from shop.core.telemetry import start_telemetry
from shop.core.tracing import traced_asgi
from shop.docs_ui import DocsUI
from shop.public_api.interface.accounts import accounts_router
from shop.public_api.interface.auth import (
    current_customer_dependency,
    signed_customer_id_dependency,
)
from shop.public_api.interface.health import health_router
from shop.public_api.interface.openapi import CONTRACT, contract_document
from shop.public_api.interface.orders import orders_router
from shop.public_api.interface.problems import install_problem_handlers
from shop.public_api.interface.products import products_router
from shop.public_api.release import SERVICE, build
from shop.public_api.services.accounts import Authenticate, SignIn, SignUp
from shop.public_api.services.order_events import WatchOrder
from shop.public_api.services.orders import CancelOrder, CustomerOrders, PlaceOrder
from shop.public_api.settings import PublicApiSettings

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter


def create_app(
    settings: PublicApiSettings | None = None,
    hashing: PasswordHashing | None = None,
    contract: ApiContract = CONTRACT,
    span_exporter: SpanExporter | None = None,
) -> FastAPI:
    """`hashing`: argon2 parameters other than the defaults (cheaper ones in tests).
    `contract`: what the document says beyond the routes (tests deprecate operations with it).
    `span_exporter`: where spans go instead of the configured exporter (tests)."""
    settings = settings or PublicApiSettings.load()
    telemetry = start_telemetry(build(), settings.log, settings.tracing, span_exporter)
    database = Connections.open(settings.database, SERVICE, telemetry)
    sessions = create_session_factory(database.engine)

    def unit_of_work() -> UnitOfWork:
        return UnitOfWork(sessions)

    passwords = PasswordHashingPool(settings.passwords, hashing)
    tokens = TokenIssuer(settings.tokens, PUBLIC_AUDIENCE)
    limiter = RateLimiter(settings.rate_limits)
    authenticate = Authenticate(unit_of_work, tokens)
    current_customer = current_customer_dependency(authenticate)

    order_statuses = OrderStatusFeed(settings.database.session_url)
    metrics = MetricsListener(
        telemetry.registry, settings.server.host, settings.server.metrics_port
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        settle_heap()
        await report_schema(database.engine)
        await metrics.start()
        yield
        await metrics.stop()
        await order_statuses.close()
        await database.close()
        passwords.close()
        telemetry.close()

    app = FastAPI(
        title=contract.title,
        version=contract.version,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        # The docs page is served at the edge from assets shipped in the app (FastAPI's own
        # loads Swagger UI from a CDN: blank without internet).
        docs_url=None,
        redoc_url=None,
        # Metrics, logs and traces are the app's own (shop.core.telemetry): FastAPI's would
        # look the three OpenTelemetry providers up on every request, to report what ours do.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    install_problem_handlers(app)
    app.openapi = contract_document(app, contract)  # type: ignore[method-assign]
    # The catalogue first: routes are tried in the order they were included, and product reads
    # are most of a shop's traffic.
    app.include_router(products_router(ProductReads(database.replica)))
    app.include_router(health_router(database.readiness(), telemetry.build))
    app.include_router(
        accounts_router(
            SignUp(
                unit_of_work,
                passwords,
                SignUpThrottle(limiter, settings.rate_limits, PUBLIC_AUDIENCE),
            ),
            SignIn(
                unit_of_work,
                passwords,
                tokens,
                SignInThrottle(limiter, settings.rate_limits, PUBLIC_AUDIENCE),
            ),
            current_customer,
        )
    )
    app.include_router(
        orders_router(
            PlaceOrder(unit_of_work),
            CancelOrder(unit_of_work),
            CustomerOrders(unit_of_work),
            WatchOrder(unit_of_work, order_statuses),
            current_customer=current_customer,
            signed_customer_id=signed_customer_id_dependency(authenticate),
        )
    )
    if settings.server.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.server.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"],
            expose_headers=["X-Request-ID"],
        )
    # Made from the app's own document on first use: what Allow (405), 415 and the deprecation
    # headers go by.
    app.state.operations = lazily(app.openapi)
    app.add_middleware(
        EdgeMiddleware,
        metrics=telemetry.http,
        max_body_bytes=settings.server.max_body_bytes,
        operations=app.state.operations,
        pages=[DocsUI(contract.title, "/openapi.json")],
    )
    # Outermost, around the edge: the access line and the edge's refusals are in the span.
    app.add_middleware(traced_asgi)
    return app
