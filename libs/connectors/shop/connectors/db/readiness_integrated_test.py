import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shop.connectors.db.readiness import SchemaProbe, report_schema
from shop.core.health import NotReadyError
from shop.entities.schema import SCHEMA_HISTORY

pytestmark = pytest.mark.integrated


async def test_a_migrated_database_is_ready(engine: AsyncEngine) -> None:
    await SchemaProbe(engine).check()


async def test_an_unmigrated_or_older_database_is_not_and_says_so_at_start_up(
    empty_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = create_async_engine(empty_database)
    try:
        with pytest.raises(NotReadyError, match="never migrated"):
            await SchemaProbe(engine).check()
        await report_schema(engine)
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE alembic_version (version_num text)"))
            await connection.execute(
                text("INSERT INTO alembic_version VALUES (:old)"), {"old": SCHEMA_HISTORY[1]}
            )
        with pytest.raises(NotReadyError, match=SCHEMA_HISTORY[1]):
            await SchemaProbe(engine).check()
    finally:
        await engine.dispose()

    logged = capsys.readouterr()
    assert "database schema not ready" in logged.out + logged.err
