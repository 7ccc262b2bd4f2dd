"""The one place that turns database settings into an engine."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg  # noqa: F401 - SQLAlchemy loads it by name; this import tells the build
import orjson
from sqlalchemy import event, exc, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from shop.connectors.db.settings import DatabaseSettings


def create_engine(settings: DatabaseSettings, application_name: str = "shop") -> AsyncEngine:
    # The application name shows in pg_stat_activity, so a DBA can tell the apps apart.
    connect_args: dict[str, Any] = {
        "timeout": settings.connect_timeout_seconds,
        "server_settings": settings.server_settings(application_name),
    }
    if settings.pooler:
        # Behind PgBouncer a transaction may run on any server connection: a statement
        # prepared on one must not be looked up on another. No cache, and a fresh name for
        # each statement SQLAlchemy prepares (SQLAlchemy's documented PgBouncer settings).
        connect_args |= {
            "statement_cache_size": 0,
            "prepared_statement_cache_size": 0,
            "prepared_statement_name_func": _unique_statement_name,
        }
    engine = create_async_engine(
        settings.url.get_secret_value(),
        poolclass=CountingQueuePool,
        pool_size=settings.pool_size,
        max_overflow=settings.max_overflow,
        pool_timeout=settings.pool_timeout_seconds,
        pool_pre_ping=settings.pool_pre_ping,
        echo=settings.echo,
        connect_args=connect_args,
        # JSONB read through SQLAlchemy (outbox payloads, the relay's hottest decode): orjson,
        # several times faster than the standard library's, the same values.
        json_deserializer=orjson.loads,
    )
    event.listen(engine.sync_engine, "checkout", _discard_if_closed)
    return engine


def _discard_if_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled connection the server closed (a restart, a failover, a terminated backend)
    is replaced before use, at no round trip: the driver saw the socket close while the
    connection sat in the pool. SQLAlchemy's documented way: DisconnectionError on checkout
    makes the pool discard the connection and hand out a fresh one."""
    if dbapi_connection.driver_connection.is_closed():
        raise exc.DisconnectionError("the server closed this pooled connection")


def _unique_statement_name() -> str:
    return f"__asyncpg_{uuid.uuid4()}__"


class CountingQueuePool(AsyncAdaptedQueuePool):
    """SQLAlchemy's pool for asyncio, counting the callers that wait for a connection (the
    pool itself does not say; the waiting gauge needs it)."""

    waiting = 0

    def _do_get(self) -> Any:
        # Returns at once when a connection is free; otherwise the caller's task waits inside,
        # and a scrape meanwhile counts it.
        self.waiting += 1
        try:
            return super()._do_get()
        finally:
            self.waiting -= 1


class EnginePoolStats:
    """The engine's pool as the pool gauges read it (`shop.connectors.db.telemetry`)."""

    def __init__(self, engine: AsyncEngine, settings: DatabaseSettings) -> None:
        self._engine = engine
        self._limit = settings.pool_size + settings.max_overflow

    def _pool(self) -> CountingQueuePool:
        pool = self._engine.pool  # looked up each time: dispose() replaces it
        assert isinstance(pool, CountingQueuePool)  # noqa: S101 - create_engine made it so
        return pool

    def size(self) -> int:
        pool = self._pool()
        return int(pool.checkedin() + pool.checkedout())

    def in_use(self) -> int:
        return int(self._pool().checkedout())

    def waiting(self) -> int:
        return self._pool().waiting

    def limit(self) -> int:
        return self._limit


class DatabaseProbe:
    """Readiness probe: the database answers a query through the app's own pool."""

    name = "database"

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def check(self) -> None:
        async with self._engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
