"""Opaque pagination cursors: the keyset position of the last row a page showed.

Clients get a URL-safe string they cannot usefully edit; a tampered or foreign cursor is a
validation error, not a 500.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from shop.core.errors import FieldError, ValidationFailedError


def encode_cursor(position: dict[str, Any]) -> str:
    raw = orjson.dumps(position, default=str, option=orjson.OPT_SORT_KEYS)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, expected_keys: frozenset[str]) -> dict[str, Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        position = None
    if not isinstance(position, dict) or set(position) != expected_keys:
        raise ValidationFailedError(
            "The cursor is not valid.", errors=[FieldError("query.cursor", "not a valid cursor")]
        )
    return position
