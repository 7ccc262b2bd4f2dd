"""The admin API's request and response bodies (msgspec: validated on the way in, encoded fast
on the way out, documented in the OpenAPI schema by Litestar)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec

from shop.core.security.passwords import MAX_LENGTH, MIN_LENGTH, PASSWORD_PATTERN, PASSWORD_RULE
from shop.core.text import NOT_BLANK, TEXT
from shop.entities import EventType, StaffRole

CURSOR = "The `next_cursor` of the previous page, as given (it is opaque); none for the first"
Sku = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=NOT_BLANK)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NOT_BLANK)]
Description = Annotated[str, msgspec.Meta(max_length=10_000, pattern=TEXT)]
Amount = Annotated[int, msgspec.Meta(ge=0, le=2_000_000_000)]
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
Quantity = Annotated[int, msgspec.Meta(ge=0, le=1_000_000_000)]
StockDelta = Annotated[int, msgspec.Meta(ge=-1_000_000_000, le=1_000_000_000)]
Email = Annotated[
    str,
    msgspec.Meta(
        min_length=3,
        max_length=320,
        extra_json_schema={"format": "email"},
        description="An address that can receive mail (not at a reserved name such as .test)",
    ),
]
Password = Annotated[
    str,
    msgspec.Meta(
        min_length=MIN_LENGTH,
        max_length=MAX_LENGTH,
        pattern=PASSWORD_PATTERN,
        description=f"{PASSWORD_RULE[0].upper()}{PASSWORD_RULE[1:]}.",
    ),
]


class Problem(msgspec.Struct):
    """RFC 9457 problem details; extension members (e.g. `errors`) may follow."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None


class TokenForm(msgspec.Struct):
    username: Annotated[str, msgspec.Meta(max_length=320, pattern=TEXT)]
    password: Annotated[str, msgspec.Meta(max_length=128)]


class TokenOut(msgspec.Struct):
    access_token: str
    expires_in: int
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret


class ProductOut(msgspec.Struct):
    id: uuid.UUID
    sku: str
    name: str
    description: str
    price_minor: int
    currency: str
    stock: int
    active: bool
    version: int
    # Always sent since 1.0.2; optional and nullable still, so clients made from 1.0 stay
    # valid (the contract gate counts a narrowed response type as breaking).
    in_stock: Annotated[bool | None, msgspec.Meta(description="Whether stock > 0")] = None


class ProductPage(msgspec.Struct):
    items: list[ProductOut]
    next_cursor: str | None


class NewProductIn(msgspec.Struct, forbid_unknown_fields=True):
    sku: Sku
    name: Name
    price_minor: Amount
    currency: Currency
    description: Description = ""
    stock: Quantity = 0


class ProductChangesIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Name | None = None
    description: Description | None = None
    price_minor: Amount | None = None


class StockAdjustmentIn(msgspec.Struct, forbid_unknown_fields=True):
    delta: StockDelta
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NOT_BLANK)]


class OrderLineOut(msgspec.Struct):
    product_id: uuid.UUID
    quantity: int
    unit_price_minor: int


class OrderOut(msgspec.Struct):
    id: uuid.UUID
    customer_id: uuid.UUID
    status: Literal["placed", "fulfilled", "cancelled"]
    total_minor: int
    currency: str
    placed_at: datetime
    lines: list[OrderLineOut]


class OrderPage(msgspec.Struct):
    items: list[OrderOut]
    next_cursor: str | None


class CustomerOut(msgspec.Struct):
    id: uuid.UUID
    email: str
    name: str
    status: Literal["active", "suspended"]
    registered_at: datetime


class CustomerDetailOut(CustomerOut):
    order_count: int
    spent_minor: dict[str, int]


class CustomerPage(msgspec.Struct):
    items: list[CustomerOut]
    next_cursor: str | None


class StaffOut(msgspec.Struct):
    id: uuid.UUID
    email: str
    name: str
    role: StaffRole
    active: bool


class NewStaffIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    name: Name
    password: Password
    role: StaffRole


class RoleChangeIn(msgspec.Struct, forbid_unknown_fields=True):
    role: StaffRole


class AuditEntryOut(msgspec.Struct):
    id: uuid.UUID
    actor_id: uuid.UUID
    action: str
    object_type: str
    object_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    at: datetime


class AuditPage(msgspec.Struct):
    items: list[AuditEntryOut]
    next_cursor: str | None


class SalesDayOut(msgspec.Struct):
    day: date
    currency: str
    orders: int
    items: int
    revenue_minor: int


class WebhookOut(msgspec.Struct):
    id: uuid.UUID
    url: str
    event_types: list[EventType]
    active: bool
    created_at: datetime


# The document promises what the domain accepts (shop.entities.webhooks.validated_url): a
# printable-ASCII http(s) URL (an IDN host in punycode) with a host, no user name or password
# (no "@" or ":" before the port) and a port in range. A client generating URLs from the
# pattern must never meet a 422.
_HOST = r'[!-"$-.0-9;->A-Z^-~]+'
_PORT = r"(:(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4}))?"
WEBHOOK_URL_PATTERN = rf"^https?://{_HOST}{_PORT}([/?#][!-~]*)?$"


class NewWebhookIn(msgspec.Struct, forbid_unknown_fields=True):
    url: Annotated[str, msgspec.Meta(min_length=8, max_length=2000, pattern=WEBHOOK_URL_PATTERN)]
    event_types: Annotated[list[EventType], msgspec.Meta(min_length=1, max_length=20)]
    secret: Annotated[str, msgspec.Meta(min_length=16, max_length=200, pattern=TEXT)]


class DeliveryOut(msgspec.Struct):
    id: uuid.UUID
    subscription_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    status: Literal["pending", "delivered", "dead"]
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime


class AttemptOut(msgspec.Struct):
    attempted_at: datetime
    status_code: int | None
    latency_ms: float
    error: str | None


class DeliveryDetailOut(DeliveryOut):
    attempt_log: list[AttemptOut]


class DeliveryPage(msgspec.Struct):
    items: list[DeliveryOut]
    next_cursor: str | None
