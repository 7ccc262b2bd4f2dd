import asyncio

import asyncpg
import pytest
from alembic import command
from alembic.script import ScriptDirectory

from shop.migrations import seed
from shop.migrations.runner import alembic_config, main, upgrade_to_head
from shop.testing.database import TestDatabase

pytestmark = pytest.mark.integrated


def test_an_empty_database_upgrades_to_head(empty_database: str) -> None:
    upgrade_to_head(empty_database)

    async def current_revision() -> str:
        dsn = empty_database.replace("postgresql+asyncpg://", "postgresql://")
        connection = await asyncpg.connect(dsn, timeout=5)
        try:
            return str(await connection.fetchval("SELECT version_num FROM alembic_version"))
        finally:
            await connection.close()

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert asyncio.run(current_revision()) == head


def test_the_models_and_the_migrations_agree(test_database: TestDatabase) -> None:
    # `alembic check` autogenerates against the migrated database and fails on any difference.
    command.check(alembic_config(test_database.url))


def test_a_database_that_cannot_be_reached_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/shop")
    monkeypatch.delenv("DB_URL", raising=False)

    with pytest.raises(SystemExit) as exit_:
        main(["upgrade", "head"])

    error = capsys.readouterr().err
    assert exit_.value.code == 2
    assert error.startswith("migrations: cannot reach PostgreSQL at 127.0.0.1:1")
    assert "Traceback" not in error


def test_seeding_a_database_that_does_not_exist_is_one_line_not_a_traceback(
    test_database: TestDatabase,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = test_database.url.rsplit("/", 1)[0] + "/no_such_database"
    monkeypatch.setenv("DATABASE_URL", missing)
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.delenv("DB_URL", raising=False)

    with pytest.raises(SystemExit) as exit_:
        seed.main()

    error = capsys.readouterr().err
    assert exit_.value.code == 2
    assert error.startswith("seed: database 'no_such_database' does not exist on ")
    assert "Traceback" not in error
