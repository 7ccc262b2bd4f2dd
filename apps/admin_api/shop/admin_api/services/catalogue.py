"""Products and their stock, changed by staff: every change audited, edits optimistic."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import partial
from typing import Any

from shop.admin_api.services.audit import audited
from shop.admin_api.services.ports import UnitOfWorkFactory
from shop.core.errors import (
    PreconditionFailedError,
    PreconditionRequiredError,
    ValidationFailedError,
)
from shop.entities import Product, StaffAccess
from shop.entities.snapshots import product_snapshot


@dataclass(frozen=True)
class NewProduct:
    sku: str
    name: str
    price_minor: int
    currency: str
    description: str = ""
    stock: int = 0


@dataclass(frozen=True)
class ProductChanges:
    """Only the fields given change."""

    name: str | None = None
    description: str | None = None
    price_minor: int | None = None


class CreateProduct:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(self, actor: StaffAccess, new: NewProduct) -> dict[str, Any]:
        product = Product.create(
            sku=new.sku,
            name=new.name,
            description=new.description,
            price_minor=new.price_minor,
            currency=new.currency,
            stock=new.stock,
        )
        async with self._uow() as uow:
            # The SKU's uniqueness is the database's to say, when the change is flushed.
            async with audited(
                uow, actor, "product.create", partial(product_snapshot, product), new=True
            ) as change:
                uow.products.add(product)
            await uow.commit()
        return change.after


class UpdateProduct:
    """An edit made against the version the editor saw (If-Match): a stale one is refused."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(
        self,
        actor: StaffAccess,
        product_id: uuid.UUID,
        seen_version: int | None,
        changes: ProductChanges,
    ) -> dict[str, Any]:
        if seen_version is None:
            raise PreconditionRequiredError(
                "Send If-Match with the product's ETag, so a concurrent edit is not overwritten."
            )
        async with self._uow() as uow:
            product = await uow.products.get_for_update(product_id)
            if product.version != seen_version:
                raise PreconditionFailedError(
                    f"The product changed since version {seen_version}; reload it.",
                    current_version=product.version,
                )
            async with audited(
                uow, actor, "product.update", partial(product_snapshot, product)
            ) as change:
                if changes.name is not None:
                    product.rename(changes.name)
                if changes.description is not None:
                    product.description = changes.description
                if changes.price_minor is not None:
                    product.reprice(changes.price_minor)
            await uow.commit()
        return change.after


class SetProductArchived:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(
        self, actor: StaffAccess, product_id: uuid.UUID, *, archived: bool
    ) -> dict[str, Any]:
        async with self._uow() as uow:
            product = await uow.products.get_for_update(product_id)
            action = "product.archive" if archived else "product.unarchive"
            async with audited(uow, actor, action, partial(product_snapshot, product)) as change:
                if archived:
                    product.archive()
                else:
                    product.unarchive()
            await uow.commit()
        return change.after


class AdjustStock:
    """A delivery (+), a count correction or a write-off (-); never below zero."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def execute(
        self, actor: StaffAccess, product_id: uuid.UUID, delta: int, reason: str
    ) -> dict[str, Any]:
        if delta == 0 or not reason.strip():
            raise ValidationFailedError("A stock adjustment needs a non-zero delta and a reason.")
        async with self._uow() as uow:
            # Locked, so the rule sees the stock that concurrent orders leave, not an old read.
            product = await uow.products.get_for_update(product_id)
            async with audited(
                uow, actor, "product.adjust_stock", partial(product_snapshot, product)
            ) as change:
                product.adjust_stock(delta)
                change.note["reason"] = reason.strip()
            await uow.commit()
        return change.after
