"""An asyncpg pool for the read side's hottest queries.

No ORM, no SQLAlchemy statement building, no greenlet hop per query, and asyncpg prepares each
statement once per connection: what the catalogue's per-request cost is made of. Created on first
use (inside the server's event loop), closed by the app's shutdown.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from shop.connectors.db.errors import translated_errors
from shop.connectors.db.settings import DatabaseSettings, plain_dsn


class ReadPool:
    """`url`: another server's (a replica's); the settings' own by default."""

    def __init__(
        self, settings: DatabaseSettings, application_name: str, url: str | None = None
    ) -> None:
        self._settings = settings
        self._application_name = application_name
        self._url = url or settings.url.get_secret_value()
        self._pool: asyncpg.Pool | None = None
        self._lock = asyncio.Lock()
        self._waiting = 0

    async def fetchrow(self, query: str, *args: Any) -> asyncpg.Record | None:
        pool = await self._ensure_pool()
        with translated_errors():
            connection = await self._acquire(pool)
            try:
                return await connection.fetchrow(query, *args)
            finally:
                await pool.release(connection)

    async def fetch(self, query: str, *args: Any) -> list[asyncpg.Record]:
        pool = await self._ensure_pool()
        with translated_errors():
            connection = await self._acquire(pool)
            try:
                return await connection.fetch(query, *args)
            finally:
                await pool.release(connection)

    async def _acquire(self, pool: asyncpg.Pool) -> PoolConnectionProxy:
        """A connection, counting the wait for it (asyncpg's pool does not say who waits)."""
        self._waiting += 1
        try:
            return await pool.acquire()
        finally:
            self._waiting -= 1

    # The pool's state, as the pool gauges read it (shop.connectors.db.telemetry).
    def size(self) -> int:
        return self._pool.get_size() if self._pool is not None else 0

    def in_use(self) -> int:
        return self.size() - (self._pool.get_idle_size() if self._pool is not None else 0)

    def waiting(self) -> int:
        return self._waiting

    def limit(self) -> int:
        return self._settings.pool_size

    async def stream(self, query: str, *args: Any, prefetch: int = 1_000) -> AsyncIterator[Any]:
        """The rows of a query through a server-side cursor: at most `prefetch` rows in memory,
        however many the query matches. Holds one connection until the iteration ends."""
        pool = await self._ensure_pool()
        with translated_errors():
            connection = await self._acquire(pool)
            try:
                async with connection.transaction(readonly=True):
                    async for record in connection.cursor(query, *args, prefetch=prefetch):
                        yield record
            finally:
                await pool.release(connection)

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    async def _ensure_pool(self) -> asyncpg.Pool:
        if self._pool is not None:
            return self._pool
        async with self._lock:
            if self._pool is None:
                settings = self._settings
                with translated_errors():
                    self._pool = await asyncpg.create_pool(
                        plain_dsn(self._url),
                        min_size=1,
                        max_size=settings.pool_size,
                        timeout=settings.connect_timeout_seconds,
                        reset=_keep_session,
                        server_settings=settings.server_settings(self._application_name),
                        # Behind a transaction pooler a prepared statement must not outlive
                        # its query (the next may run on another server connection).
                        statement_cache_size=0 if settings.pooler else 100,
                    )
        return self._pool


async def _keep_session(_: asyncpg.Connection) -> None:
    """Replaces asyncpg's reset query (RESET ALL, UNLISTEN, CLOSE ALL...) on every release.

    Readers on this pool change no session state, so that query would be a wasted round trip
    per read (measured: about 6 % of a product lookup's time). asyncpg still rolls back a
    transaction left open.
    """


def replica_or(primary: ReadPool, settings: DatabaseSettings, application_name: str) -> ReadPool:
    """The pool of the reads a replica may serve: the replica's (DB_READ_URL), or the primary's
    own read pool when there is none (no second pool to the same server)."""
    if settings.read_url is None:
        return primary
    return ReadPool(settings, application_name, settings.read_url.get_secret_value())
