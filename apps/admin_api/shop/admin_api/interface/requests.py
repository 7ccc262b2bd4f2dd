"""JSON request bodies converted strictly to the handler's `data` type.

Litestar decodes a JSON body to plain values and then converts them to the handler's type with
msgspec's lax rules, meant for query strings: `"price_minor": "5"` became 5. Here the values are
converted with msgspec's strict rules (JSON has numbers and booleans of its own; a string is not
one), and a failure is the shared validation problem at `body.<path>`. One thing JSON Schema
calls an integer and msgspec's strict rules do not is a number with a zero fraction (`5.0`);
those are made integers first, as the OpenAPI document promises. Handlers keep declaring
`data: JSONBody[T]`, which is also what OpenAPI shows.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request

from shop.core.errors import FieldError, MalformedRequestError, ValidationFailedError

_AT_PATH = re.compile(r" - at `\$(?P<path>[^`]*)`$")
_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_NAMED_FIELD = re.compile(r"(?:missing required|unknown) field `(?P<field>[^`]+)`")


class StrictJSONRequest(Request[Any, Any, Any]):
    async def json(self) -> Any:
        data = self.route_handler.parsed_fn_signature.parameters.get("data")
        if data is None:
            return await super().json()
        body = await self.body()
        try:
            values = msgspec.json.decode(body)
            return msgspec.convert(_whole_numbers_as_ints(values), data.annotation, strict=True)
        except msgspec.ValidationError as error:
            location, message = _field_error(str(error))
            raise ValidationFailedError(
                "The request is not valid.", errors=[FieldError(location, message)]
            ) from None
        except msgspec.DecodeError as error:
            raise MalformedRequestError(f"The body is not valid JSON: {error}.") from None


def _whole_numbers_as_ints(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_whole_numbers_as_ints(item) for item in value]
    if isinstance(value, dict):
        return {key: _whole_numbers_as_ints(item) for key, item in value.items()}
    return value


def _field_error(message: str) -> tuple[str, str]:
    """msgspec's "Expected `int`, got `str` - at `$.lines[0].quantity`" as a location
    (`body.lines.0.quantity`) and a message."""
    parts: list[str] = []
    at = _AT_PATH.search(message)
    if at:
        parts = [name or index for name, index in _PATH_PART.findall(at["path"])]
        message = message[: at.start()]
    named = _NAMED_FIELD.search(message)
    if named:
        parts.append(named["field"])
    return ".".join(["body", *parts]), message
