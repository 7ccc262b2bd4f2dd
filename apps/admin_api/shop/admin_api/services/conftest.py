"""The use cases' unit tests run on the in-memory unit of work from libs/testing."""

from shop.testing.fake_uow import store, uow

__all__ = ["store", "uow"]
