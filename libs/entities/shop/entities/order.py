"""Orders and their lines: placed, then fulfilled or cancelled, never anything else."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.core.errors import ConflictError, ValidationFailedError
from shop.entities.accounts import Customer
from shop.entities.base import Base, HasId, HasTimestamps, new_id, utc_now
from shop.entities.product import Product
from shop.entities.records import EventType, RecordsEvents
from shop.entities.snapshots import order_event


class OrderStatus(StrEnum):
    PLACED = "placed"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class StockMovement:
    """Stock that a change takes from (negative) or gives back to (positive) a product."""

    product_id: uuid.UUID
    delta: int


class OrderLine(HasId, Base):
    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price_minor >= 0", name="unit_price_not_negative"),
    )

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)
    quantity: Mapped[int]
    unit_price_minor: Mapped[int]

    @property
    def subtotal_minor(self) -> int:
        return self.quantity * self.unit_price_minor


class Order(RecordsEvents, HasId, HasTimestamps, Base):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("status IN ('placed', 'fulfilled', 'cancelled')", name="status_known"),
        CheckConstraint("total_minor >= 0", name="total_not_negative"),
        CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_iso_4217"),
        # Listings and exports walk orders by (created_at, id), newest or oldest first.
        Index(None, "created_at", "id"),
    )

    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=OrderStatus.PLACED)
    total_minor: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    lines: Mapped[list[OrderLine]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by=OrderLine.id
    )
    # Whom the order's events tell (their `customer`): read-only here, the account is not the
    # order's to change. Loaded by the repositories that move an order on.
    customer: Mapped[Customer] = relationship(lazy="raise", viewonly=True)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own protocol

    @classmethod
    def place(cls, customer: Customer, items: Sequence[tuple[Product, int]]) -> Order:
        """A new order at today's prices. Taking the stock is the repository's (atomic) job."""
        if not items:
            raise ValidationFailedError("An order needs at least one line.")
        seen: set[uuid.UUID] = set()
        currencies = {product.currency for product, _ in items}
        if len(currencies) > 1:
            raise ValidationFailedError("All products of an order must share one currency.")
        lines = []
        for product, quantity in items:
            if quantity <= 0:
                raise ValidationFailedError(f"Quantity of {product.sku} must be at least 1.")
            if product.id in seen:
                raise ValidationFailedError(f"Product {product.sku} appears twice.")
            seen.add(product.id)
            product.ensure_orderable()
            lines.append(
                OrderLine(
                    id=new_id(),
                    product_id=product.id,
                    quantity=quantity,
                    unit_price_minor=product.price_minor,
                )
            )
        order = cls(
            id=new_id(),
            created_at=utc_now(),  # placed now: its event carries the time before any flush
            customer_id=customer.id,
            customer=customer,
            status=OrderStatus.PLACED,
            currency=currencies.pop(),
            total_minor=sum(line.subtotal_minor for line in lines),
            lines=lines,
        )
        order.record_event(order_event(EventType.ORDER_PLACED, order))
        return order

    def stock_taken(self) -> list[StockMovement]:
        return [StockMovement(line.product_id, -line.quantity) for line in self.lines]

    def fulfil(self) -> None:
        self._leave_placed(OrderStatus.FULFILLED)
        self.record_event(order_event(EventType.ORDER_FULFILLED, self))

    def cancel(self) -> list[StockMovement]:
        """Cancel the order; returns the stock to give back."""
        self._leave_placed(OrderStatus.CANCELLED)
        self.record_event(order_event(EventType.ORDER_CANCELLED, self))
        return [StockMovement(line.product_id, line.quantity) for line in self.lines]

    def _leave_placed(self, target: OrderStatus) -> None:
        if self.status != OrderStatus.PLACED:
            raise ConflictError(
                f"Order {self.id} is {self.status}; only a placed order can become {target}.",
                order_id=str(self.id),
                order_status=str(self.status),
            )
        self.status = target
