"""The order events this app reads, parsed from the stream's envelope (the contract is the
worker's AsyncAPI document and `shop.entities.event_schemas`; fields it does not need are
ignored, so the publisher may add more)."""

from __future__ import annotations

import uuid
from datetime import datetime
from email.headerregistry import Address
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class MalformedEventError(ValueError):
    """Not an order event of a version this app reads: delivering it again will not help."""


class _Read(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class Contact(_Read):
    email: str
    name: str

    @field_validator("email")
    @classmethod
    def _one_address(cls, email: str) -> str:
        Address(addr_spec=email)  # ValueError unless it is one address and nothing more
        return email


class Line(_Read):
    product_id: uuid.UUID
    quantity: int = Field(ge=1)
    unit_price_minor: int = Field(ge=0)

    @property
    def subtotal_minor(self) -> int:
        return self.quantity * self.unit_price_minor


class OrderData(_Read):
    order_id: uuid.UUID
    status: str
    total_minor: int = Field(ge=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    placed_at: datetime
    lines: list[Line] = Field(min_length=1)
    customer: Contact | None = None  # events recorded before shop-entities 0.7.0 have none


class OrderEvent(_Read):
    id: uuid.UUID
    type: str
    version: Literal[1]
    data: OrderData


def parsed(body: Any) -> OrderEvent:
    try:
        return OrderEvent.model_validate(body)
    except ValidationError as error:
        raise MalformedEventError(f"not an order event this app reads: {error}") from None
