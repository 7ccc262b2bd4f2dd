"""JSON responses straight from the use cases' and reads' plain values, encoded by orjson.

Handlers annotate `Response[SomeSchema]`, which is what the OpenAPI document shows; the body
is the plain value encoded once, without building schema objects first (the hot paths' cost).
The schemathesis run checks that every body matches its documented schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from litestar import Response

JSON = "application/json"


def json_response(
    body: Any, status_code: int | None = None, headers: Mapping[str, str] | None = None
) -> Response[Any]:
    """`status_code` None: the route's own (201 for a POST unless it says otherwise)."""
    return Response(orjson.dumps(body), status_code=status_code, media_type=JSON, headers=headers)


def page_response(items: Any, next_cursor: str | None) -> Response[Any]:
    return json_response({"items": items, "next_cursor": next_cursor})
