import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.engine import create_engine
from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.connectors.db.settings import DatabaseSettings
from shop.core.errors import (
    ConflictError,
    PreconditionFailedError,
    UnavailableError,
    ValidationFailedError,
)
from shop.entities import Product

pytestmark = pytest.mark.integrated


def a_product(**overrides: object) -> Product:
    values: dict[str, object] = {
        "sku": f"SKU-{uuid.uuid4().hex[:10]}",
        "name": "Mug",
        "price_minor": 1000,
        "currency": "EUR",
        "stock": 5,
    }
    values.update(overrides)
    return Product.create(**values)  # type: ignore[arg-type]


async def test_nothing_is_kept_unless_committed(engine: AsyncEngine) -> None:
    uow = UnitOfWork(create_session_factory(engine))
    product = a_product()
    async with uow:
        uow.products.add(product)
        await uow.flush()

    async with uow:
        assert await uow.products.get_many([product.id]) == {}


async def test_a_committed_change_is_kept(engine: AsyncEngine) -> None:
    uow = UnitOfWork(create_session_factory(engine))
    product = a_product()
    async with uow:
        uow.products.add(product)
        await uow.commit()

    async with uow:
        assert (await uow.products.get(product.id)).sku == product.sku


async def test_a_duplicate_sku_is_a_conflict_not_a_driver_error(engine: AsyncEngine) -> None:
    uow = UnitOfWork(create_session_factory(engine))
    first = a_product()
    async with uow:
        uow.products.add(first)
        await uow.commit()

    with pytest.raises(ConflictError, match="A product with this SKU exists already"):
        async with uow:
            uow.products.add(a_product(sku=first.sku))
            await uow.commit()


async def test_a_broken_check_constraint_is_a_validation_error(engine: AsyncEngine) -> None:
    uow = UnitOfWork(create_session_factory(engine))
    product = a_product()
    product.stock = -1  # bypassing the entity's rule: the database still refuses

    with pytest.raises(ValidationFailedError, match="ck_products_stock_not_negative"):
        async with uow:
            uow.products.add(product)
            await uow.commit()


async def test_a_stale_version_is_a_failed_precondition(engine: AsyncEngine) -> None:
    factory = create_session_factory(engine)
    product = a_product()
    async with UnitOfWork(factory) as setup:
        setup.products.add(product)
        await setup.commit()

    async with UnitOfWork(factory) as alice, UnitOfWork(factory) as bob:
        mine, theirs = await alice.products.get(product.id), await bob.products.get(product.id)
        mine.reprice(1100)
        await alice.commit()
        theirs.reprice(1200)
        with pytest.raises(PreconditionFailedError):
            await bob.commit()


async def test_a_statement_timeout_is_unavailable_not_a_crash(engine: AsyncEngine) -> None:
    uow = UnitOfWork(create_session_factory(engine))
    with pytest.raises(UnavailableError):
        async with uow:
            await uow.session.execute(text("SET LOCAL statement_timeout = 50"))
            await uow.session.execute(text("SELECT pg_sleep(1)"))


async def test_a_lost_database_is_unavailable_not_a_driver_error() -> None:
    nowhere = create_engine(
        DatabaseSettings(url="postgresql://postgres@127.0.0.1:1/shop", connect_timeout_seconds=1)
    )
    try:
        with pytest.raises(UnavailableError):
            async with UnitOfWork(create_session_factory(nowhere)) as uow:
                await uow.products.get_many([uuid.uuid4()])
    finally:
        await nowhere.dispose()


async def test_a_value_out_of_range_is_a_validation_error(engine: AsyncEngine) -> None:
    uow = UnitOfWork(create_session_factory(engine))
    with pytest.raises(ValidationFailedError, match="out of the range"):
        async with uow:
            await uow.session.execute(text("SELECT CAST(:big AS integer)"), {"big": 2**40})
