"""Opaque pagination cursors: the keyset position of the last row a page showed.

Clients get a URL-safe string they cannot usefully edit, but they can send anything back: a
cursor is untrusted input. Decoding checks every value against the type of the key it stands
for, so a forged cursor is a validation error (422), never a value that reaches SQL and fails
there as a 500.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import orjson

from shop.core.errors import FieldError, ValidationFailedError

# A real cursor is a few dozen characters; anything far longer is not one of ours.
MAX_CURSOR_LENGTH = 1_024
_INT64 = (-(2**63), 2**63 - 1)


def encode_cursor(position: Mapping[str, Any]) -> str:
    raw = orjson.dumps(position, default=str, option=orjson.OPT_SORT_KEYS)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, keys: Mapping[str, type]) -> dict[str, Any]:
    """The position a cursor points after, each key parsed to its type (uuid, datetime, int,
    str); a cursor that is not exactly that is a validation error at `query.cursor`."""
    position = _json_object(cursor)
    if position is None or position.keys() != keys.keys():
        raise _invalid()
    try:
        return {key: _PARSERS[kind](position[key]) for key, kind in keys.items()}
    except (ValueError, TypeError, OverflowError):
        raise _invalid() from None


def _json_object(cursor: str) -> dict[str, Any] | None:
    if len(cursor) > MAX_CURSOR_LENGTH:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeError):
        return None
    return position if isinstance(position, dict) else None


def _uuid(value: object) -> uuid.UUID:
    if not isinstance(value, str):
        raise TypeError(value)
    return uuid.UUID(value)


def _aware_datetime(value: object) -> datetime:
    if not isinstance(value, str):
        raise TypeError(value)
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:  # every timestamp we page by is stored with its zone
        raise ValueError(value)
    # In UTC now: a date at the edge of the calendar overflows here, not in the driver.
    return parsed.astimezone(UTC)


def _int64(value: object) -> int:
    if type(value) is not int or not _INT64[0] <= value <= _INT64[1]:
        raise ValueError(value)
    return value


def _text(value: object) -> str:
    # PostgreSQL text cannot hold NUL; a string with one would fail in the database.
    if not isinstance(value, str) or "\x00" in value:
        raise ValueError(value)
    return value


_PARSERS: dict[type, Callable[[object], Any]] = {
    uuid.UUID: _uuid,
    datetime: _aware_datetime,
    int: _int64,
    str: _text,
}


def _invalid() -> ValidationFailedError:
    return ValidationFailedError(
        "The cursor is not valid.", errors=[FieldError("cursor", "not a valid cursor")]
    )
