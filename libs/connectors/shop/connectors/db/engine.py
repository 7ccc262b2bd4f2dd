"""The one place that turns database settings into an engine."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shop.connectors.db.settings import DatabaseSettings


def create_engine(settings: DatabaseSettings, application_name: str = "shop") -> AsyncEngine:
    # The application name shows in pg_stat_activity, so a DBA can tell the apps apart.
    return create_async_engine(
        settings.url.get_secret_value(),
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        pool_timeout=settings.pool_timeout_seconds,
        pool_pre_ping=settings.pool_pre_ping,
        echo=settings.echo,
        connect_args={
            "timeout": settings.connect_timeout_seconds,
            "server_settings": {
                "statement_timeout": str(settings.statement_timeout_ms),
                "application_name": application_name,
            },
        },
    )


class DatabaseProbe:
    """Readiness probe: the database answers a query through the app's own pool."""

    name = "database"

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def check(self) -> None:
        async with self._engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
