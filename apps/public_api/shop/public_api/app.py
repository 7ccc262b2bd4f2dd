"""Composition root of the public API: settings in, a wired FastAPI app out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from shop.connectors.db.engine import DatabaseProbe, create_engine
from shop.core.asgi.request_context import RequestContextMiddleware
from shop.core.health import CheckReadiness
from shop.core.logging import configure_logging
from shop.public_api.interface.health import health_router
from shop.public_api.interface.problems import install_problem_handlers
from shop.public_api.settings import PublicApiSettings


def create_app(settings: PublicApiSettings | None = None) -> FastAPI:
    settings = settings or PublicApiSettings.load()
    configure_logging(settings.log)
    engine = create_engine(settings.database, application_name="shop-public-api")

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    app = FastAPI(
        title="Shop public API",
        version="0.1.0",
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    install_problem_handlers(app)
    app.include_router(health_router(CheckReadiness([DatabaseProbe(engine)])))
    app.add_middleware(RequestContextMiddleware)
    return app
