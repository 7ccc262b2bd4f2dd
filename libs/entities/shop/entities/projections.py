"""Read models the worker keeps up to date from events, each event counted once per listener."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, String, func
from sqlalchemy.orm import Mapped, mapped_column

from shop.entities.base import Base, utc_now


class ProcessedEvent(Base):
    """A listener handled an event: the key that makes every consumer idempotent."""

    __tablename__ = "processed_events"

    listener: Mapped[str] = mapped_column(String(100), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # Retention: the worker prunes old keys, once their event is delivered (index below).
    processed_at: Mapped[datetime] = mapped_column(
        default=utc_now, server_default=func.now(), index=True
    )


class ProductSales(Base):
    __tablename__ = "product_sales"

    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    units_sold: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    orders: Mapped[int] = mapped_column(default=0, server_default="0")


class CustomerOrderSummary(Base):
    __tablename__ = "customer_order_summaries"

    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    orders_placed: Mapped[int] = mapped_column(default=0, server_default="0")
    orders_cancelled: Mapped[int] = mapped_column(default=0, server_default="0")
    # Placed minus cancelled, in minor units of the orders' currency.
    net_spent_minor: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
