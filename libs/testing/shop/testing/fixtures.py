"""Pytest fixtures for integrated and external tests; a folder's conftest.py imports them.

A test that asks for the database must be marked `integrated` or `external`, so a unit test
cannot reach the network by accident.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shop.testing.database import TestDatabase, with_database

_KINDS_WITH_DATABASE = ("integrated", "external", "reliability")


@pytest.fixture(scope="session")
def process_database() -> Iterator[TestDatabase]:
    database = TestDatabase()
    database.create()
    yield database
    database.drop()


@pytest.fixture
def test_database(request: pytest.FixtureRequest, process_database: TestDatabase) -> TestDatabase:
    if not any(request.node.get_closest_marker(kind) for kind in _KINDS_WITH_DATABASE):
        pytest.fail(
            f"{request.node.nodeid} uses the database but is not marked "
            "integrated, external or reliability (and its file name must say so)"
        )
    return process_database


@pytest.fixture
async def engine(test_database: TestDatabase) -> AsyncIterator[AsyncEngine]:
    # Room for the concurrency tests' 50 simultaneous transactions.
    engine = create_async_engine(test_database.url, pool_size=60, max_overflow=0)
    yield engine
    await engine.dispose()


@pytest.fixture
async def empty_database(test_database: TestDatabase) -> AsyncIterator[str]:
    """The URL (asyncpg driver) of a database with nothing in it: never migrated."""
    name = f"shop_empty_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(test_database.server, timeout=5)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
        yield with_database(test_database.server, name, "postgresql+asyncpg")
        await connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await connection.close()
