"""The declarative base: naming conventions, UUIDv7 keys, aware timestamps, no lazy loading."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import uuid_utils
from sqlalchemy import DateTime, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints make migrations reviewable and let errors name the rule that was broken.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_id() -> uuid.UUID:
    """UUIDv7: time-ordered, so new rows land at the end of the primary-key index."""
    return uuid.UUID(bytes=uuid_utils.uuid7().bytes)


class Base(DeclarativeBase):
    metadata = metadata
    type_annotation_map = {datetime: DateTime(timezone=True)}  # noqa: RUF012 - SQLAlchemy API


class HasId:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)


def utc_now() -> datetime:
    return datetime.now(UTC)


class HasTimestamps:
    # Set in Python as well as by the server: a use case can show them without a refresh
    # (which would be an implicit query, and async SQLAlchemy refuses those).
    created_at: Mapped[datetime] = mapped_column(default=utc_now, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        default=utc_now, onupdate=utc_now, server_default=func.now()
    )
