"""The admin API's contract: its OpenAPI document as served (`/schema/openapi.json`), committed
(apps/admin_api/openapi.json, `make openapi`) and compared with the base branch for breaking
changes.

Before the shared refinements (`shop.core.openapi.refine`), the rules Litestar's generator
cannot state are written in:
- request bodies that refuse unknown fields (msgspec `forbid_unknown_fields`) say
  `additionalProperties: false`;
- `If-Match` is required on PATCH (without it: 428), though the handler reads it as optional to
  answer 428 itself;
- a stock adjustment's delta is never 0;
- the export's 200 has both of its media types (CSV, and NDJSON with `format=ndjson`).
Rules a schema cannot state (a date range at most a year long, an opaque cursor) are in the
operations' and parameters' descriptions.
"""

from __future__ import annotations

import json
from typing import Any, TypeGuard

import msgspec
from litestar import Litestar, Request
from litestar.openapi.plugins import JsonRenderPlugin

from shop.admin_api.interface import schemas
from shop.admin_api.interface.exports import CSV_COLUMNS
from shop.admin_api.release import VERSION
from shop.core.openapi import HEALTH_TAG, ApiContract, refine
from shop.core.security.signatures import ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER
from shop.entities import EventType
from shop.entities.event_schemas import event_schema

# Moves with the contract: the major part with every breaking change (see CHANGELOG.md).
NDJSON = "application/x-ndjson"
_ID = "01a2295d-479c-7029-aa3c-c2b932b0c3b1"
_STAFF_ID = "01a2295d-4811-7c2e-b0a4-6f1d9e3c5a27"
_AT = "2026-11-29T10:15:00+00:00"
_PRODUCT = {
    "id": _ID,
    "sku": "POT-GLASS",
    "name": "Glass teapot",
    "description": "",
    "price_minor": 3900,
    "currency": "EUR",
    "stock": 5,
    "active": True,
    "version": 1,
    "in_stock": True,
}
_ORDER = {
    "id": _ID,
    "customer_id": _STAFF_ID,
    "status": "placed",
    "total_minor": 3900,
    "currency": "EUR",
    "placed_at": _AT,
    "lines": [{"product_id": _ID, "quantity": 1, "unit_price_minor": 3900}],
}
_CSV_EXAMPLE = f"{','.join(CSV_COLUMNS)}\n{_ID},{_AT},{_STAFF_ID},placed,EUR,3900,{_ID},1,3900\n"
_NDJSON_EXAMPLE = json.dumps(_ORDER, separators=(",", ":")) + "\n"
_CUSTOMER = {
    "id": _ID,
    "email": "ann@example.com",
    "name": "Ann",
    "status": "active",
    "registered_at": _AT,
}
_DELIVERY = {
    "id": _ID,
    "subscription_id": _STAFF_ID,
    "event_id": _ID,
    "event_type": "order.placed",
    "status": "dead",
    "attempts": 8,
    "next_attempt_at": _AT,
    "last_error": "503: receiver down",
    "delivered_at": None,
    "created_at": _AT,
}
_STAFF = {
    "id": _STAFF_ID,
    "email": "op@shop.example",
    "name": "Olga",
    "role": "operator",
    "active": True,
}
_AUDIT = {
    "id": _ID,
    "actor_id": _STAFF_ID,
    "action": "product.update",
    "object_type": "product",
    "object_id": _ID,
    "before": {"price_minor": 3900},
    "after": {"price_minor": 3500},
    "at": _AT,
}
_WEBHOOK = {
    "id": _ID,
    "url": "https://hooks.example.com/shop",
    "event_types": ["order.placed", "order.cancelled"],
    "active": True,
    "created_at": _AT,
}
_ATTEMPT = {"attempted_at": _AT, "status_code": 503, "latency_ms": 41.5, "error": "receiver down"}
_SIGNED = (
    "Standard Webhooks (https://www.standardwebhooks.com): `webhook-signature` is `v1,` and the "
    "base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the "
    "subscription's secret (a `whsec_<base64>` secret: the key it encodes; any other: its UTF-8 "
    "bytes). Verify with the `standardwebhooks` library, refuse a timestamp more than 5 minutes "
    "off, and drop a second delivery of the same `webhook-id`. Answer 2xx within 5 s; anything "
    "else is retried with backoff and then dead-lettered."
)
_WEBHOOK_HEADERS = [
    {"name": ID_HEADER, "in": "header", "required": True,
     "schema": {"type": "string", "format": "uuid"},
     "description": "The event's id: the same for every delivery of the event (dedupe on it)"},
    {"name": TIMESTAMP_HEADER, "in": "header", "required": True, "schema": {"type": "string"},
     "description": "When this delivery was signed, in Unix seconds"},
    {"name": SIGNATURE_HEADER, "in": "header", "required": True, "schema": {"type": "string"},
     "description": "`v1,<base64>`; during a key rotation, several separated by spaces"},
]  # fmt: skip


def _component(event_type: EventType) -> str:
    return "".join(part.capitalize() for part in str(event_type).split(".")) + "Event"


CONTRACT = ApiContract(
    title="Shop admin API",
    version=VERSION,
    description=(
        "For the shop's staff and their tools: the catalogue and its stock, orders, customers, "
        "staff, the audit log, sales, webhooks. Staff exchange email and password for a bearer "
        "token (`POST /admin/v1/auth/token`); each operation needs a role (viewer reads; "
        "operator also changes products, stock, orders and customers; owner also manages staff "
        "and webhooks): too small a role is 403. Product edits are optimistic: send the ETag "
        "you read as `If-Match` (missing: 428, stale: 412). Every change writes an audit entry."
    ),
    tags={
        "auth": "Staff sign-in",
        "products": "The catalogue and its stock: create, edit (If-Match), archive, adjust",
        "orders": "Orders with their lines: list, read, fulfil, cancel, export (CSV, NDJSON)",
        "customers": "Search customers, their order count and spending; suspend, reactivate",
        "staff": "Staff users and their roles (owners only)",
        "audit": "Who changed what, before and after",
        "stats": "Sales per day, in SQL",
        "webhooks": "Subscriptions to events, deliveries and their attempts (owners only)",
        **HEALTH_TAG,
    },
    examples={
        "TokenForm": {"username": "owner@shop.example", "password": "demo-password-1"},
        "TokenOut": {
            "access_token": "eyJhbGciOiJIUzI1NiJ9.e30.sig",
            "expires_in": 3600,
            "token_type": "bearer",
        },
        "ProductOut": _PRODUCT,
        "ProductPage": {"items": [_PRODUCT], "next_cursor": None},
        "NewProductIn": {
            "sku": "POT-GLASS",
            "name": "Glass teapot",
            "price_minor": 3900,
            "currency": "EUR",
            "stock": 5,
        },
        "ProductChangesIn": {"price_minor": 3500},
        "StockAdjustmentIn": {"delta": -2, "reason": "breakage"},
        "OrderOut": _ORDER,
        "OrderLineOut": _ORDER["lines"][0],  # type: ignore[index]
        "OrderPage": {"items": [_ORDER], "next_cursor": "eyJpZCI6IjAxYTIifQ"},
        "CustomerOut": _CUSTOMER,
        "CustomerDetailOut": _CUSTOMER | {"order_count": 3, "spent_minor": {"EUR": 11700}},
        "CustomerPage": {"items": [_CUSTOMER], "next_cursor": None},
        "StaffOut": _STAFF,
        "NewStaffIn": {
            "email": "op@shop.example",
            "name": "Olga",
            "password": "tea for 2 please",
            "role": "operator",
        },
        "RoleChangeIn": {"role": "viewer"},
        "AuditEntryOut": _AUDIT,
        "AuditPage": {"items": [_AUDIT], "next_cursor": None},
        "SalesDayOut": {
            "day": "2026-11-29",
            "currency": "EUR",
            "orders": 12,
            "items": 19,
            "revenue_minor": 48200,
        },
        "WebhookOut": _WEBHOOK,
        "NewWebhookIn": {
            "url": "https://hooks.example.com/shop",
            "event_types": ["order.placed"],
            "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        },
        "DeliveryOut": _DELIVERY,
        "DeliveryDetailOut": _DELIVERY | {"attempt_log": [_ATTEMPT]},
        "DeliveryPage": {"items": [_DELIVERY], "next_cursor": None},
        "AttemptOut": _ATTEMPT,
    },
    webhooks={
        str(event_type): {
            "post": {
                "operationId": _component(event_type)[0].lower() + _component(event_type)[1:],
                "summary": event_schema(event_type)["description"],
                "description": _SIGNED,
                "parameters": _WEBHOOK_HEADERS,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": f"#/components/schemas/{_component(event_type)}"}
                        }
                    },
                },
                "responses": {"2XX": {"description": "Received"}},
            }
        }
        for event_type in EventType
    },
    webhook_schemas={_component(t): event_schema(t) for t in EventType},
)


_BOUNDS = (
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "minLength", "maxLength", "minItems", "maxItems",
)  # fmt: skip


def contract_document(app: Litestar) -> dict[str, Any]:
    """The document as served, made once per app."""
    document: dict[str, Any] | None = getattr(app.state, "contract_document", None)
    if document is None:
        framework = app.openapi_schema.to_schema()
        _state_what_litestar_cannot(framework)
        document = app.state.contract_document = refine(framework, app.state.contract)
    return document


class ContractJson(JsonRenderPlugin):
    """Serves `contract_document` at /schema/openapi.json (and /schema)."""

    def render(
        self,
        request: Request[Any, Any, Any],
        openapi_schema: dict[str, Any],  # noqa: ARG002 - Litestar's own, unrefined
    ) -> bytes:
        return self.render_json(request, contract_document(request.app))


def _state_what_litestar_cannot(document: dict[str, Any]) -> None:
    components = document.get("components", {}).get("schemas", {})
    for name, component in components.items():
        struct = getattr(schemas, name, None)
        if _forbids_unknown_fields(struct):
            component["additionalProperties"] = False
        if _is_struct(struct):
            _restore_zero_bounds(struct, component)
    delta = components.get("StockAdjustmentIn", {}).get("properties", {}).get("delta")
    if delta is not None:
        delta["not"] = {"const": 0}
        delta["description"] = "Units added (positive) or removed (negative); never 0."
    for path, item in document.get("paths", {}).items():
        if "patch" in item:
            _require_if_match(item["patch"])
        if path.endswith("/orders/export") and "get" in item:
            ok = item["get"]["responses"]["200"]
            content = ok.setdefault("content", {})
            content.setdefault("text/csv", {})["example"] = _CSV_EXAMPLE
            content[NDJSON] = {"schema": {"type": "string"}, "example": _NDJSON_EXAMPLE}


def _is_struct(struct: object) -> TypeGuard[type[msgspec.Struct]]:
    return isinstance(struct, type) and issubclass(struct, msgspec.Struct)


def _forbids_unknown_fields(struct: object) -> bool:
    return _is_struct(struct) and struct.__struct_config__.forbid_unknown_fields


def _restore_zero_bounds(struct: type[msgspec.Struct], component: dict[str, Any]) -> None:
    # Litestar drops a bound whose value is 0 on an optional field (`Amount | None` lost its
    # `minimum: 0`: the document allowed the negative prices the API refuses). msgspec's own
    # schema of the struct, what the API validates with, has every bound.
    _, definitions = msgspec.json.schema_components([struct])
    properties = component.get("properties", {})
    for field, validated in definitions[struct.__name__]["properties"].items():
        documented = properties.get(field)
        if documented is None or "$ref" in documented:
            continue
        for branch in (validated, *validated.get("anyOf", ())):
            for bound in _BOUNDS:
                if bound in branch:
                    documented.setdefault(bound, branch[bound])


def _require_if_match(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("name") == "If-Match":
            parameter["required"] = True
            parameter["schema"] = {"type": "string", "maxLength": 100}
            parameter["description"] = "The ETag of the version the change is based on"
