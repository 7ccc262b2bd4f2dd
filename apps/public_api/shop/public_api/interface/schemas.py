"""Request and response schemas of the public API (what OpenAPI documents)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, EmailStr, Field

from shop.core.security.passwords import MAX_LENGTH, MIN_LENGTH, PASSWORD_PATTERN, PASSWORD_RULE
from shop.core.text import TEXT
from shop.entities import OrderStatus


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RequestBody(Schema):
    """A JSON request body: its numbers must be JSON numbers (`JsonInt`)."""


def _number_not_text_or_bool(value: object) -> object:
    # Pydantic's lax mode would take "1" and true for 1; JSON has numbers and booleans of its
    # own, so those are mistakes. A number with a zero fraction (1.0) is an integer in JSON
    # Schema, as in the OpenAPI document, and stays accepted.
    if isinstance(value, str | bool):
        raise ValueError("must be a JSON number, not a string or a boolean")  # noqa: TRY004
    return value


JsonInt = Annotated[int, BeforeValidator(_number_not_text_or_bool)]


class SignUpIn(RequestBody):
    # The password rule needs lookaheads, which only Python's engine runs.
    model_config = ConfigDict(regex_engine="python-re")

    email: EmailStr = Field(
        description="An address that can receive mail (not at a reserved name such as .test)"
    )
    name: str = Field(min_length=1, max_length=200, pattern=TEXT)
    password: str = Field(
        min_length=MIN_LENGTH,
        max_length=MAX_LENGTH,
        pattern=PASSWORD_PATTERN,
        description=f"{PASSWORD_RULE[0].upper()}{PASSWORD_RULE[1:]}.",
    )


class CustomerOut(Schema):
    id: uuid.UUID
    email: str
    name: str


class TokenForm(BaseModel):
    """The OAuth2 password grant (RFC 6749, section 4.3.2), as a form."""

    # OAuth2 clients send parameters of their own (client_id, ...), which the RFC says to ignore.
    model_config = ConfigDict(extra="ignore", frozen=True)

    grant_type: Literal["password"] = "password"
    username: str = Field(
        min_length=1, max_length=320, pattern=TEXT, description="The account's email"
    )
    password: str = Field(min_length=1, max_length=MAX_LENGTH)
    scope: str = Field(default="", max_length=500, description="Unused: tokens have no scopes")


class TokenOut(Schema):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


CURSOR = "The `next_cursor` of the previous page, as given (it is opaque); none for the first"
MAX_MINOR_UNITS = 2_147_483_647  # prices are 32-bit integers in the database


class ProductQuery(Schema):
    q: str | None = Field(
        default=None, max_length=100, pattern=TEXT, description="Search in name and SKU"
    )
    min_price: int | None = Field(default=None, ge=0, le=MAX_MINOR_UNITS)
    max_price: int | None = Field(default=None, ge=0, le=MAX_MINOR_UNITS)
    in_stock: bool = False
    limit: int = Field(default=20, ge=1, le=100)
    cursor: str | None = Field(default=None, max_length=500, description=CURSOR)


class ProductPath(Schema):
    product_id: uuid.UUID


class ProductOut(Schema):
    id: uuid.UUID
    sku: str
    name: str
    description: str
    price_minor: int
    currency: str
    stock: int
    in_stock: bool
    active: bool
    version: int


class ProductPage(Schema):
    items: list[ProductOut]
    next_cursor: str | None


class OrderLineIn(RequestBody):
    product_id: uuid.UUID
    quantity: JsonInt = Field(gt=0, le=1000)


class PlaceOrderIn(RequestBody):
    lines: list[OrderLineIn] = Field(min_length=1, max_length=100)


class OrderLineOut(Schema):
    product_id: uuid.UUID
    quantity: int
    unit_price_minor: int


class OrderOut(Schema):
    id: uuid.UUID
    status: OrderStatus = Field(description="Placed, then fulfilled or cancelled (both final)")
    total_minor: int = Field(description="In the currency's minor unit (cents for EUR)")
    currency: str
    placed_at: datetime
    lines: list[OrderLineOut]


class OrderPage(Schema):
    items: list[OrderOut]
    next_cursor: str | None


class Problem(BaseModel):
    """RFC 9457 problem details, as every error of this API is returned."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
