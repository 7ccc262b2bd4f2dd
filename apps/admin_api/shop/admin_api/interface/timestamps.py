"""Date-times in query strings, parsed strictly.

Litestar converts query values with msgspec's lax rules, under which a number is a Unix
timestamp: `placed_from=0.5` was taken for 1970. A query parameter typed `Timestamp` takes
only an ISO 8601 date-time with its time zone (`2026-11-01T00:00:00Z`); anything else is the
shared validation problem at `query.<name>`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar.openapi.spec import OpenAPIFormat, OpenAPIType, Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition


class Timestamp(datetime):
    """An aware date-time from a query string (see the module)."""


def is_timestamp(annotation: Any) -> bool:
    return annotation is Timestamp


def decode_timestamp(_: type, value: Any) -> Timestamp:
    if not isinstance(value, str):
        raise TypeError("expected an ISO 8601 date-time")
    parsed = Timestamp.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("the date-time needs a time zone (Z or +hh:mm)")
    return parsed


class TimestampSchema(OpenAPISchemaPlugin):
    """Documents `Timestamp` as what it accepts: a string in date-time format."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return is_timestamp(field_definition.annotation)

    def to_openapi_schema(
        self,
        field_definition: FieldDefinition,  # noqa: ARG002 - one type: nothing to look at
        schema_creator: Any,  # noqa: ARG002
    ) -> Schema:
        return Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE_TIME)


TIMESTAMP_DECODERS = [(is_timestamp, decode_timestamp)]
