import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.core.security.passwords import PasswordHashing
from shop.entities import Product
from shop.migrations.seed import CATALOGUE, OWNER_EMAIL, seed

pytestmark = pytest.mark.integrated

FAST = PasswordHashing(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


async def test_seeding_twice_adds_nothing_the_second_time(engine: AsyncEngine) -> None:
    uow = UnitOfWork(create_session_factory(engine))

    first = await seed(uow, FAST)
    second = await seed(uow, FAST)

    assert (first.products_added, first.staff_added, first.customers_added) == (
        len(CATALOGUE),
        1,
        1,
    )
    assert (second.products_added, second.staff_added, second.customers_added) == (0, 0, 0)
    async with uow:
        skus = [sku for sku, *_ in CATALOGUE]
        count = await uow.session.scalar(
            select(func.count()).select_from(Product).where(Product.sku.in_(skus))
        )
        owner = await uow.staff.by_email(OWNER_EMAIL)
    assert count == len(CATALOGUE)
    assert owner is not None
    assert owner.staff_role == "owner"
