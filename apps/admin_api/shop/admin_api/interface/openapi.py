"""The OpenAPI document says every rule the API enforces, where Litestar's generator cannot.

Applied once to the document Litestar made from the handlers, before it is first served:
- request bodies that refuse unknown fields (msgspec `forbid_unknown_fields`) say
  `additionalProperties: false`;
- `If-Match` is required on PATCH (without it: 428), though the handler reads it as optional
  to answer 428 itself;
- a stock adjustment's delta is never 0;
- the export's 200 has both of its media types (CSV, and NDJSON with `format=ndjson`).
Rules a schema cannot state (a date range at most a year long, an opaque cursor) are in the
parameters' descriptions.
"""

from __future__ import annotations

import msgspec
from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIMediaType,
    OpenAPIType,
    Operation,
    Parameter,
    Schema,
)

from shop.admin_api.interface import schemas

NDJSON = "application/x-ndjson"


def refine(document: OpenAPI) -> None:
    components = document.components.schemas or {}
    for name, component in components.items():
        struct = getattr(schemas, name, None)
        if _forbids_unknown_fields(struct) and isinstance(component, Schema):
            component.additional_properties = False
    adjustment = components.get("StockAdjustmentIn")
    if isinstance(adjustment, Schema) and adjustment.properties:
        delta = adjustment.properties["delta"]
        if isinstance(delta, Schema):
            delta.schema_not = Schema(const=0)
            delta.description = "Units added (positive) or removed (negative); never 0."
    for path, item in (document.paths or {}).items():
        if item.patch is not None:
            _require_if_match(item.patch)
        if path.endswith("/orders/export") and item.get is not None:
            _document_ndjson(item.get)


def _forbids_unknown_fields(struct: object) -> bool:
    return (
        isinstance(struct, type)
        and issubclass(struct, msgspec.Struct)
        and struct.__struct_config__.forbid_unknown_fields
    )


def _require_if_match(operation: Operation) -> None:
    for parameter in operation.parameters or ():
        if isinstance(parameter, Parameter) and parameter.name == "If-Match":
            parameter.required = True
            parameter.schema = Schema(type=OpenAPIType.STRING, max_length=100)
            parameter.description = "The ETag of the version the change is based on"


def _document_ndjson(operation: Operation) -> None:
    ok = (operation.responses or {}).get("200")
    content = getattr(ok, "content", None)
    if content is not None:
        content[NDJSON] = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING))
