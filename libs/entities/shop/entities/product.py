"""A product in the catalogue, with its stock on hand."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Computed, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shop.core.errors import ConflictError, ValidationFailedError
from shop.entities.base import Base, HasId, HasTimestamps, new_id
from shop.entities.money import validated_amount, validated_currency


class Product(HasId, HasTimestamps, Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("price_minor >= 0", name="price_not_negative"),
        CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency_iso_4217"),
        CheckConstraint("length(sku) > 0", name="sku_not_empty"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
        # The catalogue's keyset order: by name, then id.
        Index(None, "name", "id"),
    )

    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    price_minor: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3))
    stock: Mapped[int] = mapped_column(default=0, server_default="0")
    active: Mapped[bool] = mapped_column(default=True, server_default="true")
    # Optimistic locking: SQLAlchemy adds `WHERE version = :seen` to every UPDATE.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    # The product as API clients see it, as JSON text, kept by PostgreSQL from the columns
    # above (function `product_client_json`, migration 526d0163b3af) so that reads hand it on
    # as is. Never loaded with the entity: the domain has no use for it.
    client_json: Mapped[str] = mapped_column(
        Text,
        Computed(
            "product_client_json(id, sku, name, description, price_minor, currency, "
            "stock, active, version)",
            persisted=True,
        ),
        deferred=True,
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own protocol

    @classmethod
    def create(
        cls,
        *,
        sku: str,
        name: str,
        price_minor: int,
        currency: str,
        description: str = "",
        stock: int = 0,
    ) -> Product:
        if not sku.strip() or not name.strip():
            raise ValidationFailedError("A product needs a SKU and a name.")
        if stock < 0:
            raise ValidationFailedError("Stock cannot start below zero.")
        return cls(
            id=new_id(),
            sku=sku.strip(),
            name=name.strip(),
            description=description,
            price_minor=validated_amount(price_minor),
            currency=validated_currency(currency),
            stock=stock,
            active=True,
        )

    @property
    def archived(self) -> bool:
        return not self.active

    def adjust_stock(self, delta: int) -> None:
        """Add or remove stock (a count, a delivery, a write-off); never below zero."""
        if self.stock + delta < 0:
            raise ConflictError(
                f"Stock of {self.sku} is {self.stock}; removing {-delta} would go below zero.",
                product_id=str(self.id),
                stock=self.stock,
            )
        self.stock += delta

    def rename(self, name: str) -> None:
        if not name.strip():
            raise ValidationFailedError("A product needs a name.")
        self.name = name.strip()

    def reprice(self, price_minor: int) -> None:
        self.price_minor = validated_amount(price_minor)

    def archive(self) -> None:
        self.active = False

    def unarchive(self) -> None:
        self.active = True

    def ensure_orderable(self) -> None:
        if not self.active:
            raise ValidationFailedError(
                f"Product {self.sku} is archived and cannot be ordered.",
                product_id=str(self.id),
            )
