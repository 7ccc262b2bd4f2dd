"""Composition root of the admin API: settings in, a wired Litestar app out.

Everything the app uses is built here, once, and handed to the routers: engine, read pool,
unit of work factory, security primitives, use cases. Nothing else constructs a collaborator.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme

from shop.admin_api.interface.audit import audit_router
from shop.admin_api.interface.auth import ACTOR_DEPENDENCY, BEARER, auth_router, role_check
from shop.admin_api.interface.customers import customers_router
from shop.admin_api.interface.health import health_router
from shop.admin_api.interface.hooks import answer_options, in_turn
from shop.admin_api.interface.openapi import CONTRACT, ContractJson, contract_document
from shop.admin_api.interface.orders import orders_router
from shop.admin_api.interface.problems import PROBLEM_HANDLERS, html_errors_as_problems
from shop.admin_api.interface.products import products_router
from shop.admin_api.interface.requests import StrictJSONRequest
from shop.admin_api.interface.staff import staff_router
from shop.admin_api.interface.stats import stats_router
from shop.admin_api.interface.timestamps import TIMESTAMP_DECODERS, TimestampSchema
from shop.admin_api.interface.webhooks import webhooks_router
from shop.admin_api.release import SERVICE, build
from shop.admin_api.services.access import AuthorizeStaff, SignInStaff
from shop.admin_api.services.audit_log import ReadAuditLog
from shop.admin_api.services.catalogue import (
    AdjustStock,
    CreateProduct,
    SetProductArchived,
    UpdateProduct,
)
from shop.admin_api.services.customers import CustomerDirectory, SetCustomerSuspended
from shop.admin_api.services.orders import CancelOrder, FulfilOrder
from shop.admin_api.services.staff import (
    ChangeStaffRole,
    CreateStaffUser,
    DeactivateStaffUser,
    StaffDirectory,
)
from shop.admin_api.services.webhooks import (
    DeactivateWebhook,
    Redeliver,
    RegisterWebhook,
    WebhookDirectory,
)
from shop.admin_api.settings import AdminApiSettings
from shop.connectors.db.connections import Connections
from shop.connectors.db.readiness import report_schema
from shop.connectors.db.reads.orders import OrderReads
from shop.connectors.db.reads.products import ProductReads
from shop.connectors.db.reads.staff import StaffReads
from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.connectors.http.targets import WebhookTargets
from shop.core.asgi.edge import EdgeMiddleware
from shop.core.asgi.types import ASGIApp
from shop.core.heap import settle_heap
from shop.core.openapi import ApiContract
from shop.core.operations import lazily
from shop.core.security.passwords import PasswordHashing, PasswordHashingPool
from shop.core.security.rate_limits import RateLimiter, SignInThrottle
from shop.core.security.tokens import ADMIN_AUDIENCE, TokenIssuer
from shop.core.serving import MetricsListener
from shop.core.telemetry import start_telemetry
from shop.core.tracing import traced_asgi
from shop.docs_ui import DocsUI

if TYPE_CHECKING:
    from opentelemetry.sdk.trace.export import SpanExporter


def create_litestar(
    settings: AdminApiSettings,
    hashing: PasswordHashing | None = None,
    contract: ApiContract = CONTRACT,
    span_exporter: SpanExporter | None = None,
) -> Litestar:
    """`hashing`: argon2 parameters other than the defaults (cheaper ones in tests).
    `contract`: what the document says beyond the routes (tests deprecate operations with it).
    `span_exporter`: where spans go instead of the configured exporter (tests)."""
    telemetry = start_telemetry(build(), settings.log, settings.tracing, span_exporter)
    database = Connections.open(settings.database, SERVICE, telemetry)
    sessions = create_session_factory(database.engine)
    metrics = MetricsListener(
        telemetry.registry, settings.server.host, settings.server.metrics_port
    )

    def unit_of_work() -> UnitOfWork:
        return UnitOfWork(sessions)

    passwords = PasswordHashingPool(settings.passwords, hashing)
    tokens = TokenIssuer(settings.tokens, ADMIN_AUDIENCE)
    sign_in_throttle = SignInThrottle(
        RateLimiter(settings.rate_limits), settings.rate_limits, ADMIN_AUDIENCE
    )
    # Listings, stats and exports may lag behind on a replica; who may do what may not.
    orders = OrderReads(database.replica)
    staff = StaffReads(database.reads, cache_seconds=settings.server.staff_access_cache_seconds)

    async def close_connections() -> None:
        await metrics.stop()
        await database.close()
        passwords.close()
        telemetry.close()

    app = Litestar(
        route_handlers=[
            health_router(database.readiness(), telemetry.build),
            auth_router(SignInStaff(unit_of_work, passwords, tokens, sign_in_throttle)),
            products_router(
                ProductReads(database.replica),
                CreateProduct(unit_of_work),
                UpdateProduct(unit_of_work),
                SetProductArchived(unit_of_work),
                AdjustStock(unit_of_work),
            ),
            orders_router(orders, FulfilOrder(unit_of_work), CancelOrder(unit_of_work)),
            customers_router(CustomerDirectory(unit_of_work), SetCustomerSuspended(unit_of_work)),
            staff_router(
                StaffDirectory(unit_of_work),
                CreateStaffUser(unit_of_work, passwords),
                ChangeStaffRole(unit_of_work),
                DeactivateStaffUser(unit_of_work),
            ),
            audit_router(ReadAuditLog(unit_of_work)),
            stats_router(orders),
            webhooks_router(
                WebhookDirectory(unit_of_work),
                RegisterWebhook(unit_of_work, WebhookTargets(settings.webhook_targets)),
                DeactivateWebhook(unit_of_work),
                Redeliver(unit_of_work),
            ),
        ],
        before_request=in_turn(answer_options(), role_check(AuthorizeStaff(staff, tokens))),
        dependencies=ACTOR_DEPENDENCY,
        exception_handlers=PROBLEM_HANDLERS,
        after_request=html_errors_as_problems,
        request_class=StrictJSONRequest,
        type_decoders=TIMESTAMP_DECODERS,
        plugins=[TimestampSchema()],
        on_startup=[settle_heap, partial(report_schema, database.engine), metrics.start],
        on_shutdown=[close_connections],
        openapi_config=OpenAPIConfig(
            title=contract.title,
            version=contract.version,
            path="/schema",
            # The document only (no docs UI of Litestar's: theirs load scripts from CDNs).
            render_plugins=[ContractJson()],
            components=Components(
                security_schemes={
                    BEARER: SecurityScheme(
                        type="http",
                        scheme="bearer",
                        bearer_format="JWT",
                        description="From POST /admin/v1/auth/token",
                    )
                }
            ),
        ),
        cors_config=_cors(settings),
        logging_config=None,
    )
    app.state.contract = contract
    app.state.telemetry = telemetry
    # Made from the app's own document on first use: what Allow (OPTIONS), 415 and the
    # deprecation headers go by.
    app.state.operations = lazily(lambda: contract_document(app))
    return app


def _cors(settings: AdminApiSettings) -> CORSConfig | None:
    """Browser origins allowed to call the admin API (a back-office UI); none unless set."""
    origins = settings.server.cors_origins
    if not origins:
        return None
    return CORSConfig(
        allow_origins=origins,
        allow_methods=["GET", "POST", "PATCH"],
        allow_headers=["Authorization", "Content-Type", "If-Match", "X-Request-ID"],
        expose_headers=["ETag", "X-Request-ID"],
    )


def with_edge(app: Litestar, settings: AdminApiSettings) -> ASGIApp:
    # Wrapped outside Litestar: its own middleware does not see requests that match no route.
    # (Litestar types its ASGI callable more narrowly than the spec; it is one all the same.)
    # The request's span outside the edge: the access line and the edge's refusals are in it.
    return traced_asgi(
        EdgeMiddleware(
            cast(ASGIApp, app),
            app.state.telemetry.http,
            settings.server.max_body_bytes,
            operations=app.state.operations,
            pages=[DocsUI(app.state.contract.title, "/schema/openapi.json")],
        )
    )


def create_app(settings: AdminApiSettings | None = None) -> ASGIApp:
    settings = settings or AdminApiSettings.load()
    return with_edge(create_litestar(settings), settings)
