"""The shop's domain: SQLAlchemy 2 models that carry their own rules."""

from shop.entities.base import Base, metadata

__all__ = ["Base", "metadata"]
