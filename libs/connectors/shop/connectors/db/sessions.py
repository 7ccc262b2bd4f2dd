"""Sessions and the unit of work: one transaction per use case, rolled back unless committed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Protocol, Self

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from shop.connectors.db.errors import translate, translated_errors
from shop.connectors.db.repositories import (
    AuditLog,
    Customers,
    IdempotencyRecords,
    OrderPlacements,
    Orders,
    Outbox,
    Products,
    Projections,
    Retention,
    Staff,
    StockLedger,
    Webhooks,
)
from shop.core.errors import ShopError, UnavailableError
from shop.core.logging import get_logger
from shop.core.tracing import trace_carrier
from shop.entities.records import RecordsEvents

_log = get_logger(__name__)


class Transaction(Protocol):
    """What every app's unit-of-work port shares; each adds the repositories it uses."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    async def flush(self) -> None: ...

    async def commit(self) -> None: ...


class RecordingSession(Session):
    """A session that writes the events its aggregates recorded to the outbox, in the flush
    that writes the changes that produced them (see `RecordsEvents`), with the trace context
    of the request that made them (when it is traced)."""


@event.listens_for(RecordingSession, "before_flush")
def _write_recorded_events(session: Session, flush_context: object, instances: object) -> None:
    del flush_context, instances
    for aggregate in [*session.new, *session.dirty]:
        if isinstance(aggregate, RecordsEvents):
            events = aggregate.collect_events()
            if events and (carrier := trace_carrier()) is not None:
                for recorded in events:
                    recorded.trace_context = carrier
            session.add_all(events)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: a use case may read what it wrote after committing.
    return async_sessionmaker(
        engine, expire_on_commit=False, autoflush=False, sync_session_class=RecordingSession
    )


class UnitOfWork:
    """`async with uow: ... await uow.commit()`. Leaving the block without commit rolls back.

    Database errors raised inside the block or by commit come out as the shared errors
    (conflict, validation failed, unavailable...), never as driver exceptions.
    """

    session: AsyncSession
    products: Products
    stock: StockLedger
    customers: Customers
    staff: Staff
    orders: Orders
    placements: OrderPlacements
    idempotency: IdempotencyRecords
    audit: AuditLog
    outbox: Outbox
    webhooks: Webhooks
    projections: Projections
    retention: Retention

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def __aenter__(self) -> Self:
        self.session = self._session_factory()
        session = self.session
        self.products = Products(session)
        self.stock = StockLedger(session)
        self.customers = Customers(session)
        self.staff = Staff(session)
        self.orders = Orders(session, self.stock)
        self.placements = OrderPlacements(session)
        self.idempotency = IdempotencyRecords(session)
        self.audit = AuditLog(session)
        self.outbox = Outbox(session)
        self.webhooks = Webhooks(session)
        self.projections = Projections(session)
        self.retention = Retention(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Closing ends the transaction: without a commit the database rolls it back. Unlike
        # rollback(), close() does not expire what was loaded, so a read-only use case can
        # still map the entities it read after the block.
        try:
            await self.session.close()
        except Exception as close_error:
            # The rollback failed: the connection broke (a database restart mid-query) and the
            # pool discards it. The caller hears of the first failure if there was one.
            if exc is None:
                raise UnavailableError("The database connection was lost.") from close_error
            _log.warning("rollback on a broken connection failed", error=repr(close_error))
        if isinstance(exc, Exception) and not isinstance(exc, ShopError):
            shared = translate(exc)
            if shared is not None:
                raise shared from exc

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """A nested transaction: an error inside undoes only what the block did."""
        async with self.session.begin_nested():
            yield

    async def flush(self) -> None:
        with translated_errors():
            await self.session.flush()

    async def commit(self) -> None:
        with translated_errors():
            await self.session.commit()
