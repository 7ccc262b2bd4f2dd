import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.entities import Customer, Product


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


async def saved_product(sessions: async_sessionmaker[AsyncSession], stock: int) -> Product:
    product = Product.create(
        sku=f"SKU-{uuid.uuid4().hex[:10]}",
        name="Mug",
        price_minor=1250,
        currency="EUR",
        stock=stock,
    )
    async with UnitOfWork(sessions) as uow:
        uow.products.add(product)
        await uow.commit()
    return product


async def saved_customer(sessions: async_sessionmaker[AsyncSession]) -> Customer:
    customer = Customer.register(
        email=f"c-{uuid.uuid4().hex[:10]}@example.com", name="Cy", password_hash="not-a-hash"
    )
    async with UnitOfWork(sessions) as uow:
        uow.customers.add(customer)
        await uow.commit()
    return customer
