from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.testing.fixtures import engine, process_database, test_database
from shop.worker.services.ports import UnitOfWorkFactory

__all__ = ["engine", "process_database", "test_database"]


class RecordingMetrics:
    """The worker's metrics port, counting into dicts."""

    def __init__(self) -> None:
        self.relayed: dict[str, int] = {}
        self.failed: dict[str, int] = {}
        self.attempts: dict[str, int] = {}
        self.lag: float | None = None

    def event_relayed(self, event_type: str) -> None:
        self.relayed[event_type] = self.relayed.get(event_type, 0) + 1

    def event_failed(self, event_type: str) -> None:
        self.failed[event_type] = self.failed.get(event_type, 0) + 1

    def webhook_attempted(self, outcome: str, latency: timedelta) -> None:
        del latency
        self.attempts[outcome] = self.attempts.get(outcome, 0) + 1

    def outbox_lag(self, seconds: float) -> None:
        self.lag = seconds


def unit_of_work_factory(engine: AsyncEngine) -> UnitOfWorkFactory:
    """The production unit of work on the test's engine, as the use cases take it."""
    sessions = create_session_factory(engine)
    return lambda: UnitOfWork(sessions)
