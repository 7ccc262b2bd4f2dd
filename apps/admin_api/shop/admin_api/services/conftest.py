"""The use cases' unit tests run on the in-memory unit of work from libs/testing."""

import pytest

from shop.admin_api.services.ports import UnitOfWorkFactory
from shop.testing.fake_uow import FakeUnitOfWork, Store


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def uow(store: Store) -> UnitOfWorkFactory:
    return lambda: FakeUnitOfWork(store)
