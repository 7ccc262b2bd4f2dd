"""What a listing may be narrowed by, whichever side (repository or read) runs it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ProductFilter:
    text: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    in_stock_only: bool = False
    active: bool | None = None
    stock_below: int | None = None


@dataclass(frozen=True)
class OrderFilter:
    customer_id: uuid.UUID | None = None
    status: str | None = None
    placed_from: datetime | None = None
    placed_before: datetime | None = None


@dataclass(frozen=True)
class AuditFilter:
    actor_id: uuid.UUID | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: datetime | None = None
    before: datetime | None = None


def escaped_like(text: str) -> str:
    """`text` as a LIKE pattern that finds it anywhere, its own % and _ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
