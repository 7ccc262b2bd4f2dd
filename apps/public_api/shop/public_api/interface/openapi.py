"""The public API's contract: its OpenAPI document as served, committed (apps/public_api/
openapi.json, `make openapi`) and compared with the base branch for breaking changes."""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from shop.core.openapi import HEALTH_TAG, ApiContract, refine
from shop.public_api.release import VERSION

# Moves with the contract: the major part with every breaking change (see CHANGELOG.md).
PRODUCT_ID = "01a2295d-479c-7029-aa3c-c2b932b0c3b1"
ORDER_ID = "01a21c70-1e23-7f3a-9c41-5b8d2e6f0a17"
ORDER: dict[str, Any] = {
    "id": ORDER_ID,
    "status": "placed",
    "total_minor": 2500,
    "currency": "EUR",
    "placed_at": "2026-11-29T10:15:00+00:00",
    "lines": [{"product_id": PRODUCT_ID, "quantity": 2, "unit_price_minor": 1250}],
}
PRODUCT = {
    "id": PRODUCT_ID,
    "sku": "MUG-BLUE",
    "name": "Blue mug",
    "description": "A stoneware mug, 350 ml.",
    "price_minor": 1250,
    "currency": "EUR",
    "stock": 25,
    "in_stock": True,
    "active": True,
    "version": 3,
}
CONTRACT = ApiContract(
    title="Shop public API",
    version=VERSION,
    description=(
        "For the shop's customers and the web and mobile apps they use: the catalogue, "
        "accounts, orders and their live status. Sign up, then exchange email and password for "
        "a bearer token (`POST /v1/auth/token`, OAuth2 password form) and send it as "
        "`Authorization: Bearer <token>`. Placing an order takes an `Idempotency-Key`: a retry "
        "with the same key and body gets the first reply again. Amounts are integers in minor "
        "units (cents) with an ISO 4217 currency."
    ),
    tags={
        "catalogue": "Products on sale: search, filter by price and stock, read one",
        "accounts": "Sign up, sign in (bearer tokens), who am I",
        "orders": "Place, list, read and cancel your orders; follow an order's status live",
        **HEALTH_TAG,
    },
    examples={
        "SignUpIn": {
            "email": "ann@example.com",
            "name": "Ann",
            "password": "tea for 2 please",
        },
        "CustomerOut": {"id": ORDER_ID, "email": "ann@example.com", "name": "Ann"},
        "TokenForm": {"username": "ann@example.com", "password": "tea for 2 please"},
        "TokenOut": {
            "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMWEyIn0.sig",
            "token_type": "bearer",
            "expires_in": 3600,
        },
        "ProductOut": PRODUCT,
        "ProductPage": {"items": [PRODUCT], "next_cursor": "eyJpZCI6IjAxYTIifQ"},
        "OrderLineIn": {"product_id": PRODUCT_ID, "quantity": 2},
        "PlaceOrderIn": {"lines": [{"product_id": PRODUCT_ID, "quantity": 2}]},
        "OrderLineOut": ORDER["lines"][0],
        "OrderOut": ORDER,
        "OrderPage": {"items": [ORDER], "next_cursor": None},
    },
)


def contract_document(app: FastAPI, contract: ApiContract) -> Callable[[], dict[str, Any]]:
    """An `app.openapi` that serves the refined document, made once."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            framework = get_openapi(title=app.title, version=app.version, routes=app.routes)
            app.openapi_schema = refine(framework, contract)
        return app.openapi_schema

    return openapi
