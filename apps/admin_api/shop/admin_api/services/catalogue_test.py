import uuid

import pytest

from shop.admin_api.services.catalogue import (
    AdjustStock,
    CreateProduct,
    NewProduct,
    ProductChanges,
    UpdateProduct,
)
from shop.admin_api.services.ports import UnitOfWorkFactory
from shop.core.errors import (
    ConflictError,
    PreconditionFailedError,
    PreconditionRequiredError,
    ValidationFailedError,
)
from shop.entities import Product, StaffAccess, StaffRole
from shop.testing.fake_uow import Store

OPERATOR = StaffAccess(uuid.uuid4(), StaffRole.OPERATOR, active=True)


def stocked(store: Store, stock: int = 5) -> Product:
    product = Product.create(sku="MUG", name="Mug", price_minor=1250, currency="EUR", stock=stock)
    product.version = 3
    store.products[product.id] = product
    return product


async def test_a_created_product_is_audited_with_its_snapshot(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    created = await CreateProduct(uow).execute(
        OPERATOR, NewProduct(sku="POT", name="Pot", price_minor=4900, currency="EUR")
    )

    [entry] = store.audit
    assert (entry.action, entry.object_type, entry.object_id) == (
        "product.create",
        "product",
        created["id"],
    )
    assert (entry.before, entry.after, entry.actor_id) == (None, created, OPERATOR.staff_id)


async def test_an_edit_needs_the_current_version(store: Store, uow: UnitOfWorkFactory) -> None:
    product = stocked(store)
    update = UpdateProduct(uow)

    with pytest.raises(PreconditionRequiredError):
        await update.execute(OPERATOR, product.id, None, ProductChanges(name="New"))
    with pytest.raises(PreconditionFailedError):
        await update.execute(OPERATOR, product.id, 2, ProductChanges(name="New"))
    assert store.audit == []

    after = await update.execute(OPERATOR, product.id, 3, ProductChanges(price_minor=999))

    assert (after["price_minor"], after["name"]) == (999, "Mug")
    assert store.audit[0].before["price_minor"] == 1250  # type: ignore[index]


async def test_stock_never_goes_below_zero_and_a_refusal_leaves_no_trace(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    product = stocked(store, stock=2)
    adjust = AdjustStock(uow)

    with pytest.raises(ConflictError):
        await adjust.execute(OPERATOR, product.id, -3, "breakage")
    with pytest.raises(ValidationFailedError):
        await adjust.execute(OPERATOR, product.id, 0, "nothing")
    after = await adjust.execute(OPERATOR, product.id, -2, "breakage")

    assert after["stock"] == 0
    assert [e.after["reason"] for e in store.audit] == ["breakage"]  # type: ignore[index]
