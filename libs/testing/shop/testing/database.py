"""A migrated database per test process, cloned from a template that migrations built once.

The server is `TEST_DATABASE_URL` when set, otherwise a throwaway server from the local binaries
(`pg_server`). The template's name carries a fingerprint of the migrations, so a new revision
builds a new template and an unchanged history reuses the old one across runs. Each test process
(keyed by the Pants execution slot or the xdist worker) gets its own fresh clone, so runs in
parallel do not see each other and a second run against the same server starts clean.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Final
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from shop.migrations import runner as migrations
from shop.testing import pg_server

CONNECT_TIMEOUT_SECONDS: Final = 3.0
# Serialises template builds and clones across every process on the same server.
_LOCK_KEY: Final = 0x5_40_9_7E_57


class TestDatabaseUnavailableError(RuntimeError):
    """No server could be reached or started; the message says what to do."""


def server_url() -> str:
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        return configured
    try:
        return pg_server.start()
    except pg_server.PostgresUnavailableError as error:
        raise TestDatabaseUnavailableError(str(error)) from None


def process_key() -> str:
    slot = os.environ.get("PANTS_EXECUTION_SLOT")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if slot is None and worker is None:
        return f"p{os.getpid()}"
    return f"s{slot or 0}_{worker or 'main'}"


def template_name() -> str:
    digest = hashlib.sha256()
    for path in migrations.revision_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"shop_template_{digest.hexdigest()[:12]}"


def with_database(url: str, database: str, driver: str = "postgresql") -> str:
    parts = urlsplit(url)
    return urlunsplit((driver, parts.netloc, f"/{database}", parts.query, ""))


async def _connect(url: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(
            with_database(url, urlsplit(url).path.lstrip("/") or "postgres"),
            timeout=CONNECT_TIMEOUT_SECONDS,
        )
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        safe = urlsplit(url)._replace(netloc=urlsplit(url).hostname or "")
        raise TestDatabaseUnavailableError(
            f"cannot connect to the test PostgreSQL at {urlunsplit(safe)} "
            f"({type(error).__name__}: {error}). Check TEST_DATABASE_URL, or unset it to let "
            "the tests start a throwaway server from the local PostgreSQL binaries."
        ) from None


async def _create_database(server: str, name: str) -> None:
    admin = await _connect(server)
    try:
        await admin.execute("SELECT pg_advisory_lock($1)", _LOCK_KEY)
        try:
            template = template_name()
            ready = await admin.fetchval(
                "SELECT datistemplate FROM pg_database WHERE datname = $1", template
            )
            if not ready:
                await _build_template(admin, server, template)
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            await admin.execute("SELECT pg_advisory_unlock($1)", _LOCK_KEY)
    finally:
        await admin.close()


async def _build_template(admin: asyncpg.Connection, server: str, template: str) -> None:
    # A template left half-built by an interrupted run is not marked; start it over.
    await admin.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{template}"')
    await asyncio.to_thread(
        migrations.upgrade_to_head, with_database(server, template, "postgresql+asyncpg")
    )
    # Nobody may connect to a template: a connection would block every clone.
    await admin.execute(
        f'ALTER DATABASE "{template}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false'
    )


async def _drop_database(server: str, name: str) -> None:
    admin = await _connect(server)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


class TestDatabase:
    """This process's database: created on `create()`, dropped on `drop()`."""

    __test__ = False  # not a test class, whatever pytest's name pattern says

    def __init__(self) -> None:
        self.server = server_url()
        self.name = f"shop_test_{process_key()}"

    @property
    def url(self) -> str:
        """SQLAlchemy URL (asyncpg driver) of this process's database."""
        return with_database(self.server, self.name, "postgresql+asyncpg")

    @property
    def dsn(self) -> str:
        """Plain libpq/asyncpg DSN of this process's database."""
        return with_database(self.server, self.name)

    def create(self) -> None:
        # Own thread and loop: callers may be inside a running event loop (pytest-asyncio).
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, _create_database(self.server, self.name)).result()

    def drop(self) -> None:
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, _drop_database(self.server, self.name)).result()
