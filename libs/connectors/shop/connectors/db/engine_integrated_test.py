import asyncio

import pytest
from sqlalchemy import text

from shop.connectors.db.engine import DatabaseProbe, create_engine
from shop.connectors.db.settings import DatabaseSettings
from shop.testing.database import TestDatabase

pytestmark = pytest.mark.integrated


async def test_the_engine_applies_the_statement_timeout(test_database: TestDatabase) -> None:
    engine = create_engine(DatabaseSettings(url=test_database.url, statement_timeout_ms=1234))
    try:
        async with engine.connect() as connection:
            timeout = await connection.scalar(text("SHOW statement_timeout"))
            name = await connection.scalar(text("SHOW application_name"))
    finally:
        await engine.dispose()

    assert timeout == "1234ms"
    assert name == "shop"


async def test_the_probe_passes_against_a_live_database(test_database: TestDatabase) -> None:
    engine = create_engine(DatabaseSettings(url=test_database.url))
    try:
        await DatabaseProbe(engine).check()
    finally:
        await engine.dispose()


async def test_the_probe_fails_fast_when_nothing_listens() -> None:
    settings = DatabaseSettings(
        url="postgresql://postgres@127.0.0.1:1/shop", connect_timeout_seconds=1
    )
    engine = create_engine(settings)
    try:
        with pytest.raises(OSError):  # noqa: PT011 - refused connection, whatever its errno
            await DatabaseProbe(engine).check()
    finally:
        await engine.dispose()


async def test_a_pooled_connection_the_server_closed_is_replaced_before_use(
    test_database: TestDatabase,
) -> None:
    engine = create_engine(DatabaseSettings(url=test_database.url, pool_size=1, max_overflow=0))
    try:
        async with engine.connect() as connection:
            first = await connection.scalar(text("SELECT pg_backend_pid()"))
        async with engine.connect() as connection:  # the same pooled connection
            assert await connection.scalar(text("SELECT pg_backend_pid()")) == first
        await terminate(test_database, first)
        await asyncio.sleep(0.2)  # the server's goodbye reaches the idle connection

        async with engine.connect() as connection:
            second = await connection.scalar(text("SELECT pg_backend_pid()"))
    finally:
        await engine.dispose()

    assert second != first


async def terminate(test_database: TestDatabase, backend_pid: int) -> None:
    """End a server process, as a restart or an operator would."""
    engine = create_engine(DatabaseSettings(url=test_database.url))
    try:
        async with engine.connect() as connection:
            await connection.execute(
                text("SELECT pg_terminate_backend(:pid)"), {"pid": backend_pid}
            )
    finally:
        await engine.dispose()
