"""Readiness of an app's database: it answers through both pools, and its schema is the one
the entities model (shop.entities.schema), so a data endpoint will not fail on a missing table.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.engine import DatabaseProbe
from shop.connectors.db.reachability import unreachable_database
from shop.connectors.db.read_pool import ReadPool
from shop.core.health import CheckReadiness, NotReadyError, Probe
from shop.core.logging import get_logger
from shop.entities.schema import SCHEMA_HISTORY, SCHEMA_REVISION

_log = get_logger(__name__)
# Two statements: PostgreSQL resolves a table name when it plans, even in a branch not taken.
_MIGRATED = text("SELECT to_regclass('alembic_version') IS NOT NULL")
_REVISION = text("SELECT version_num FROM alembic_version LIMIT 1")


def schema_problem(revision: str | None) -> str | None:
    """What keeps a database at `revision` from serving this app, if anything."""
    if revision is None:
        return "the database was never migrated; run the migrations (make migrate)"
    if revision in SCHEMA_HISTORY[:-1]:
        return (
            f"the database is at revision {revision}, this app needs {SCHEMA_REVISION}; "
            "run the migrations (make migrate)"
        )
    return None  # this app's revision, or a later one a newer release migrated to


class SchemaProbe:
    name = "schema"

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def check(self) -> None:
        async with self._engine.connect() as connection:
            migrated = await connection.scalar(_MIGRATED)
            revision = await connection.scalar(_REVISION) if migrated else None
        problem = schema_problem(revision)
        if problem is not None:
            raise NotReadyError(problem)


class ReadPoolProbe:
    name = "read pool"

    def __init__(self, read_pool: ReadPool) -> None:
        self._read_pool = read_pool

    async def check(self) -> None:
        await self._read_pool.fetchrow("SELECT 1")


def database_readiness(engine: AsyncEngine, read_pool: ReadPool | None = None) -> CheckReadiness:
    """Every app's readiness: its pools answer and its schema is there."""
    probes: list[Probe] = [DatabaseProbe(engine), SchemaProbe(engine)]
    if read_pool is not None:
        probes.append(ReadPoolProbe(read_pool))
    return CheckReadiness(probes)


async def report_schema(engine: AsyncEngine) -> None:
    """One log line at start-up when the database cannot serve this app yet (readiness says the
    same until it can); never stops the start: the migrations may run next."""
    try:
        await SchemaProbe(engine).check()
    except NotReadyError as problem:
        _log.error("database schema not ready", reason=str(problem), needs=SCHEMA_REVISION)
    except Exception as error:  # noqa: BLE001 - unreachable now; readiness will say so
        url = engine.url.render_as_string(hide_password=True)
        reason = unreachable_database(error, url) or type(error).__name__
        _log.warning("database schema not checked at start-up", reason=reason)
