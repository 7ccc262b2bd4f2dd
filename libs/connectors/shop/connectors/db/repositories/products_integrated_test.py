import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shop.connectors.db.repositories import ProductFilter
from shop.connectors.db.sessions import UnitOfWork
from shop.core.errors import ValidationFailedError
from shop.entities import Product

pytestmark = pytest.mark.integrated


@pytest.fixture
async def catalogue(sessions: async_sessionmaker[AsyncSession]) -> str:
    """Four products under a tag unique to this test, so other tests' rows do not interfere."""
    tag = uuid.uuid4().hex[:8]
    rows = [
        ("Red mug", 1200, 5, True),
        ("Blue mug", 900, 0, True),
        ("Tea pot", 3000, 2, True),
        ("Old mug", 500, 9, False),
    ]
    async with UnitOfWork(sessions) as uow:
        for name, price, stock, active in rows:
            product = Product.create(
                sku=f"{tag}-{name}",
                name=f"{name} {tag}",
                price_minor=price,
                currency="EUR",
                stock=stock,
            )
            if not active:
                product.archive()
            uow.products.add(product)
        await uow.commit()
    return tag


async def names(sessions: async_sessionmaker[AsyncSession], filters: ProductFilter) -> list[str]:
    async with UnitOfWork(sessions) as uow:
        page = await uow.products.list(filters, limit=100)
    return [product.name.rsplit(" ", 1)[0] for product in page.items]


async def test_filters_combine(sessions: async_sessionmaker[AsyncSession], catalogue: str) -> None:
    assert await names(sessions, ProductFilter(text=catalogue)) == [
        "Blue mug",
        "Old mug",
        "Red mug",
        "Tea pot",
    ]
    assert await names(sessions, ProductFilter(text=f"mug {catalogue}", active=True)) == [
        "Blue mug",
        "Red mug",
    ]
    assert await names(
        sessions, ProductFilter(text=catalogue, in_stock_only=True, min_price=1000)
    ) == ["Red mug", "Tea pot"]
    assert await names(sessions, ProductFilter(text=catalogue, max_price=900)) == [
        "Blue mug",
        "Old mug",
    ]
    assert await names(sessions, ProductFilter(text=catalogue, stock_below=3)) == [
        "Blue mug",
        "Tea pot",
    ]


async def test_like_wildcards_in_the_search_text_are_literal(
    sessions: async_sessionmaker[AsyncSession], catalogue: str
) -> None:
    assert await names(sessions, ProductFilter(text=f"%{catalogue}")) == []


async def test_a_tampered_cursor_is_a_validation_error(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with UnitOfWork(sessions) as uow:
        with pytest.raises(ValidationFailedError):
            await uow.products.list(ProductFilter(), cursor="eyJuYW1lIjoxfQ", limit=5)


@pytest.mark.parametrize("limit", [0, 101])
async def test_a_page_size_out_of_range_is_refused(
    sessions: async_sessionmaker[AsyncSession], limit: int
) -> None:
    async with UnitOfWork(sessions) as uow:
        with pytest.raises(ValidationFailedError, match="limit"):
            await uow.products.list(ProductFilter(), limit=limit)
