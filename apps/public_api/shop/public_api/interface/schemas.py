"""Request and response schemas of the public API (what OpenAPI documents)."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, Strict


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RequestBody(Schema):
    """A JSON request body: strict, so `"quantity": "1"` or `true` is refused, not coerced.

    FastAPI validates bodies as Python values (after decoding the JSON), where strict mode also
    refuses a string for a UUID; types that JSON can only carry as strings say `Strict(False)`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


JsonUUID = Annotated[uuid.UUID, Strict(strict=False)]


class SignUpRequest(RequestBody):
    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=10, max_length=128)


class CustomerResponse(Schema):
    id: uuid.UUID
    email: str
    name: str


class TokenResponse(Schema):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


MAX_MINOR_UNITS = 2_147_483_647  # prices are 32-bit integers in the database


class ProductQuery(Schema):
    q: str | None = Field(default=None, max_length=100, description="Search in name and SKU")
    min_price: int | None = Field(default=None, ge=0, le=MAX_MINOR_UNITS)
    max_price: int | None = Field(default=None, ge=0, le=MAX_MINOR_UNITS)
    in_stock: bool = False
    limit: int = Field(default=20, ge=1, le=100)
    cursor: str | None = Field(default=None, max_length=500)


class ProductPath(Schema):
    product_id: uuid.UUID


class ProductResponse(Schema):
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
    items: list[ProductResponse]
    next_cursor: str | None


class OrderLineRequest(RequestBody):
    product_id: JsonUUID
    quantity: int = Field(gt=0, le=1000)


class PlaceOrderRequest(RequestBody):
    lines: list[OrderLineRequest] = Field(min_length=1, max_length=100)


class OrderLineResponse(Schema):
    product_id: uuid.UUID
    quantity: int
    unit_price_minor: int


class OrderResponse(Schema):
    id: uuid.UUID
    status: str
    total_minor: int
    currency: str
    placed_at: str
    lines: list[OrderLineResponse]


class OrderPage(Schema):
    items: list[OrderResponse]
    next_cursor: str | None


class Problem(BaseModel):
    """RFC 9457 problem details, as every error of this API is returned."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
