"""An API's connections to its database, made and watched in one place.

The engine (the ORM's writes and reads that must see them), the primary's read pool (raw
asyncpg, for hot reads and for what must be current, as staff access), and the replica's
(DB_READ_URL: the catalogue and the admin listings; the primary's read pool when there is no
replica). Both APIs open them alike, report them alike, close them alike.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.engine import EnginePoolStats, create_engine
from shop.connectors.db.read_pool import ReadPool, replica_or
from shop.connectors.db.readiness import database_readiness
from shop.connectors.db.settings import DatabaseSettings
from shop.connectors.db.telemetry import PoolStats, watch_database
from shop.core.health import CheckReadiness
from shop.core.telemetry import Telemetry


@dataclasses.dataclass(frozen=True)
class Connections:
    settings: DatabaseSettings
    engine: AsyncEngine
    reads: ReadPool
    replica: ReadPool

    @classmethod
    def open(cls, settings: DatabaseSettings, service: str, telemetry: Telemetry) -> Connections:
        """Nothing connects yet: pools open on first use, inside the server's event loop."""
        engine = create_engine(settings, application_name=service)
        reads = ReadPool(settings, application_name=f"{service}-reads")
        replica = replica_or(reads, settings, application_name=f"{service}-replica")
        pools: dict[str, PoolStats] = {"primary": EnginePoolStats(engine, settings), "reads": reads}
        if replica is not reads:
            pools["replica"] = replica
        watch_database(telemetry, pools)
        return cls(settings, engine, reads, replica)

    def readiness(self) -> CheckReadiness:
        return database_readiness(
            self.engine, self.reads, self.replica, self.settings.max_replica_lag_seconds
        )

    async def close(self) -> None:
        if self.replica is not self.reads:
            await self.replica.close()
        await self.reads.close()
        await self.engine.dispose()
