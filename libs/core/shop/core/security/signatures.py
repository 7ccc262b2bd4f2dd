"""Signed webhook deliveries, the Standard Webhooks way (https://www.standardwebhooks.com).

Each delivery carries `webhook-id` (the event's id: a receiver drops a second delivery of the
same id), `webhook-timestamp` (Unix seconds) and `webhook-signature`: `v1,` and the base64 of
HMAC-SHA256 over `<id>.<timestamp>.<body>`. Signing the id and the time with the body lets a
receiver reject replays (an old timestamp) and tampering (any changed byte). Receivers verify
with the official `standardwebhooks` library, or `verify()` here, or the same in their language.

The signing key is the subscription's secret: a `whsec_<base64>` secret is the key it encodes
(give it to the library as it is); any other secret is its UTF-8 bytes (give the library those
bytes).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
DEFAULT_TOLERANCE_SECONDS = 300
_PREFIX = "whsec_"


class InvalidSignatureError(ValueError):
    pass


def signing_key(secret: str) -> bytes:
    if secret.startswith(_PREFIX):
        try:
            return base64.b64decode(secret.removeprefix(_PREFIX) + "==", validate=False)
        except binascii.Error:
            pass  # not base64 after all: the text itself
    return secret.encode()


def _signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    content = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(signing_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(
    secret: str, message_id: str, body: bytes, timestamp: int | None = None
) -> dict[str, str]:
    """The three headers that sign `body` as message `message_id`, now (or at `timestamp`)."""
    at = int(time.time()) if timestamp is None else timestamp
    return {
        ID_HEADER: message_id,
        TIMESTAMP_HEADER: str(at),
        SIGNATURE_HEADER: _signature(secret, message_id, at, body),
    }


def verify(
    secret: str,
    body: bytes,
    headers: Mapping[str, str],
    tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> None:
    """Raise InvalidSignatureError unless the headers sign `body` with `secret`, recently."""
    lowered = {name.lower(): value for name, value in headers.items()}
    try:
        message_id, timestamp = lowered[ID_HEADER], int(lowered[TIMESTAMP_HEADER])
        signatures = lowered[SIGNATURE_HEADER].split(" ")
    except (KeyError, ValueError):
        raise InvalidSignatureError("missing or malformed webhook headers") from None
    if abs((time.time() if now is None else now) - timestamp) > tolerance_seconds:
        raise InvalidSignatureError("timestamp outside the tolerance (a replay?)")
    expected = _signature(secret, message_id, timestamp, body)
    if not any(hmac.compare_digest(expected, signature) for signature in signatures):
        raise InvalidSignatureError("no signature matches the body")
