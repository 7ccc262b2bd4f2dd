import uuid
from collections.abc import AsyncIterator

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shop.connectors.db.queries import ProductFilter
from shop.connectors.db.read_pool import ReadPool
from shop.connectors.db.reads.products import ProductReads
from shop.connectors.db.sessions import UnitOfWork
from shop.connectors.db.settings import DatabaseSettings
from shop.core.errors import NotFoundError, ValidationFailedError
from shop.entities import Product
from shop.testing.data import add_product
from shop.testing.database import TestDatabase

pytestmark = pytest.mark.integrated


@pytest.fixture
async def catalogue(engine: AsyncEngine) -> str:
    """Four products under a tag unique to this test, so other tests' rows do not interfere."""
    tag = uuid.uuid4().hex[:8]
    rows = [
        ("Red mug", 1200, 5, True),
        ("Blue mug", 900, 0, True),
        ("Tea pot", 3000, 2, True),
        ("Old mug", 500, 9, False),
    ]
    for name, price, stock, active in rows:
        await add_product(
            engine,
            stock,
            active=active,
            price_minor=price,
            name=f"{name} {tag}",
            sku=f"{tag}-{name}",
        )
    return tag


@pytest.fixture
async def reads(test_database: TestDatabase) -> AsyncIterator[ProductReads]:
    pool = ReadPool(DatabaseSettings(url=test_database.url), application_name="reads-test")
    yield ProductReads(pool)
    await pool.close()


async def names(reads: ProductReads, filters: ProductFilter) -> list[str]:
    page = await reads.list(filters, None, limit=100)
    return [item["name"].rsplit(" ", 1)[0] for item in orjson.loads(orjson.dumps(page.items))]


async def test_filters_combine(reads: ProductReads, catalogue: str) -> None:
    assert await names(reads, ProductFilter(text=catalogue)) == [
        "Blue mug",
        "Old mug",
        "Red mug",
        "Tea pot",
    ]
    assert await names(reads, ProductFilter(text=f"mug {catalogue}", active=True)) == [
        "Blue mug",
        "Red mug",
    ]
    assert await names(
        reads, ProductFilter(text=catalogue, in_stock_only=True, min_price=1000)
    ) == ["Red mug", "Tea pot"]
    assert await names(reads, ProductFilter(text=catalogue, max_price=900)) == [
        "Blue mug",
        "Old mug",
    ]
    assert await names(reads, ProductFilter(text=catalogue, stock_below=3)) == [
        "Blue mug",
        "Tea pot",
    ]


async def test_like_wildcards_in_the_search_text_are_literal(
    reads: ProductReads, catalogue: str
) -> None:
    assert await names(reads, ProductFilter(text=f"%{catalogue}")) == []


async def test_pages_follow_one_another_by_cursor(reads: ProductReads, catalogue: str) -> None:
    seen: list[str] = []
    cursor = None
    while True:
        page = await reads.list(ProductFilter(text=catalogue), cursor, limit=3)
        seen += [item["name"].rsplit(" ", 1)[0] for item in orjson.loads(orjson.dumps(page.items))]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    assert seen == ["Blue mug", "Old mug", "Red mug", "Tea pot"]


async def test_a_tampered_cursor_is_a_validation_error(reads: ProductReads) -> None:
    with pytest.raises(ValidationFailedError):
        await reads.list(ProductFilter(), cursor="eyJuYW1lIjoxfQ", limit=5)


@pytest.mark.parametrize("limit", [0, 101])
async def test_a_page_size_out_of_range_is_refused(reads: ProductReads, limit: int) -> None:
    with pytest.raises(ValidationFailedError, match="limit"):
        await reads.list(ProductFilter(), None, limit=limit)


async def test_a_read_is_the_product_as_it_is_after_each_write(
    reads: ProductReads, sessions: async_sessionmaker[AsyncSession]
) -> None:
    product = Product.create(
        sku=f"{uuid.uuid4().hex[:8]}-q", name='Mug "Größe" \\ 1', price_minor=700, currency="EUR"
    )
    async with UnitOfWork(sessions) as uow:
        uow.products.add(product)
        await uow.commit()
    async with UnitOfWork(sessions) as uow:
        (await uow.products.get(product.id)).adjust_stock(3)
        await uow.commit()

    read = await reads.get(product.id, active_only=True)

    assert read.version == 2  # created, then one edit
    assert orjson.loads(orjson.dumps(read.json)) == {
        "id": str(product.id),
        "sku": product.sku,
        "name": 'Mug "Größe" \\ 1',
        "description": "",
        "price_minor": 700,
        "currency": "EUR",
        "stock": 3,
        "in_stock": True,
        "active": True,
        "version": 2,
    }


async def test_an_archived_product_is_read_only_when_asked_for(
    reads: ProductReads, catalogue: str
) -> None:
    page = await reads.list(ProductFilter(text=f"Old mug {catalogue}"), None, limit=5)
    old_mug = orjson.loads(orjson.dumps(page.items))[0]

    with pytest.raises(NotFoundError):
        await reads.get(uuid.UUID(old_mug["id"]), active_only=True)
    assert (await reads.get(uuid.UUID(old_mug["id"]), active_only=False)).version == 1
