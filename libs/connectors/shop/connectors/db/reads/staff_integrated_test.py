import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.connectors.db.read_pool import ReadPool
from shop.connectors.db.reads.staff import StaffReads
from shop.connectors.db.settings import DatabaseSettings
from shop.entities import StaffRole, StaffUser
from shop.testing.data import add_staff
from shop.testing.database import TestDatabase

pytestmark = pytest.mark.integrated


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_deactivation_shows_once_the_remembered_access_is_older_than_the_limit(
    engine: AsyncEngine, test_database: TestDatabase
) -> None:
    user = await add_staff(engine, StaffRole.OPERATOR)
    pool = ReadPool(DatabaseSettings(url=test_database.url), application_name="staff-test")
    clock = Clock()
    remembering, fresh = StaffReads(pool, 2.0, clock), StaffReads(pool)
    try:
        before = await remembering.access(user.id)
        async with engine.begin() as connection:
            await connection.execute(
                update(StaffUser).where(StaffUser.id == user.id).values(active=False)
            )
        clock.now += 1.0
        still_remembered = await remembering.access(user.id)
        clock.now += 1.5
        expired = await remembering.access(user.id)
        at_once = await fresh.access(user.id)
    finally:
        await pool.close()

    assert before is not None
    assert before.active
    assert still_remembered == before
    assert expired is not None
    assert not expired.active
    assert at_once == expired
