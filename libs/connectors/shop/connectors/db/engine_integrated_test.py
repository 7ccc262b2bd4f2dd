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
