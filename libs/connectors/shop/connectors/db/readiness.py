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


# How far the replica is behind: 0 when it has replayed all it received (an idle primary writes
# nothing, so the time since the last replayed transaction alone would read as lag).
_REPLICA_LAG = """
    SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)
           END::float8
"""


class ReplicaProbe:
    name = "replica"

    def __init__(self, replica: ReadPool, max_lag_seconds: float) -> None:
        self._replica = replica
        self._max_lag = max_lag_seconds

    async def check(self) -> None:
        row = await self._replica.fetchrow(_REPLICA_LAG)
        lag = float(row[0]) if row is not None else 0.0
        if lag > self._max_lag:
            raise NotReadyError(
                f"the replica is {lag:.1f} s behind the primary (DB_MAX_REPLICA_LAG_SECONDS "
                f"is {self._max_lag:g})"
            )


def database_readiness(
    engine: AsyncEngine,
    read_pool: ReadPool | None = None,
    replica: ReadPool | None = None,
    max_replica_lag_seconds: float = 5.0,
) -> CheckReadiness:
    """Every app's readiness: its pools answer and its schema is there; a replica (when it
    has one of its own) is not too far behind."""
    probes: list[Probe] = [DatabaseProbe(engine), SchemaProbe(engine)]
    if read_pool is not None:
        probes.append(ReadPoolProbe(read_pool))
    if replica is not None and replica is not read_pool:
        probes.append(ReplicaProbe(replica, max_replica_lag_seconds))
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
