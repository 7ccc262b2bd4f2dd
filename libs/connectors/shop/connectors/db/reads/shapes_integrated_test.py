"""The read side's SQL-made JSON is the declared shape (shop.entities.snapshots), byte for
byte: a client gets the same bytes for a resource from a read, a listing, a write's reply and
an export, whatever the text in it."""

import uuid
from collections.abc import AsyncIterator

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.queries import OrderFilter, ProductFilter
from shop.connectors.db.read_pool import ReadPool
from shop.connectors.db.reads.orders import OrderReads
from shop.connectors.db.reads.products import ProductReads
from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.connectors.db.settings import DatabaseSettings
from shop.entities import Product
from shop.entities.snapshots import order_snapshot, product_snapshot
from shop.testing.data import add_customer, add_order, add_product
from shop.testing.database import TestDatabase

pytestmark = pytest.mark.integrated

# Quotes, backslashes, non-ASCII (with a character JSON allows raw but JavaScript did not),
# control characters, an empty text: everything an encoder may write its own way.
AWKWARD = [
    ('Mug "Größe" \\ 1', ""),
    ("Teapot 🍵 \u2028 line", "tab\tnew\nline\rcarriage \x01 \x1f \x7f end"),
    ("<script>&amp;</script>", "'single' and \"double\" \\u0041 not an escape"),
]


@pytest.fixture
async def read_pool(test_database: TestDatabase) -> AsyncIterator[ReadPool]:
    pool = ReadPool(DatabaseSettings(url=test_database.url), application_name="shapes-test")
    yield pool
    await pool.close()


async def saved(engine: AsyncEngine, name: str, description: str, stock: int) -> Product:
    sku = f"{uuid.uuid4().hex[:8]}-é\"'"
    product = await add_product(engine, stock, name=name, sku=sku, description=description)
    async with UnitOfWork(create_session_factory(engine)) as uow:
        return await uow.products.get(product.id)  # as stored: version and all


@pytest.mark.parametrize(("name", "description"), AWKWARD)
@pytest.mark.parametrize("stock", [0, 3])
async def test_a_product_read_and_listed_is_its_declared_shape(
    engine: AsyncEngine, read_pool: ReadPool, name: str, description: str, stock: int
) -> None:
    product = await saved(engine, name, description, stock)
    reads = ProductReads(read_pool)

    read = await reads.get(product.id, active_only=True)
    listed = await reads.list(ProductFilter(text=product.sku), None, limit=10)

    declared = orjson.dumps(product_snapshot(product))
    assert orjson.dumps(read.json) == declared
    assert orjson.dumps(listed.items) == b"[" + declared + b"]"


async def test_an_order_read_listed_and_exported_is_its_declared_shape(
    engine: AsyncEngine, read_pool: ReadPool
) -> None:
    first, second = [await saved(engine, name, "", stock=9) for name, _ in AWKWARD[:2]]
    customer = await add_customer(engine)
    placed = await add_order(engine, customer, [(first, 2), (second, 1)])
    async with UnitOfWork(create_session_factory(engine)) as uow:
        order = await uow.orders.get(placed.id)
        declared = orjson.dumps(order_snapshot(order))
    reads = OrderReads(read_pool)

    read = await reads.get(order.id)
    page = await reads.list(OrderFilter(customer_id=customer.id), None, limit=10)
    exported = [o async for o in reads.export(OrderFilter(customer_id=customer.id))]

    assert orjson.dumps(read) == declared
    assert [orjson.dumps(o) for o in page.items] == [declared]
    assert [orjson.dumps(o) for o in exported] == [declared]
