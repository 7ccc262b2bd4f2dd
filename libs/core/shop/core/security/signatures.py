"""Signed webhook payloads: HMAC-SHA256 over the timestamp and the body.

The header reads `t=<unix seconds>,v1=<hex digest>`. Signing the timestamp with the body lets
a receiver reject replays: a captured request re-sent later carries an old `t`, and changing
`t` breaks the digest. Receivers call `verify_signature` (or do the same in their language).
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Shop-Signature"
DEFAULT_TOLERANCE_SECONDS = 300


class InvalidSignatureError(ValueError):
    pass


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The signature header's value for `body`, signed now (or at `timestamp`)."""
    at = int(time.time()) if timestamp is None else timestamp
    return f"t={at},v1={_digest(secret, at, body)}"


def verify_signature(
    secret: str,
    body: bytes,
    header: str,
    tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> None:
    """Raise InvalidSignatureError unless `header` signs `body` with `secret`, recently."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
        digest = fields["v1"]
    except (KeyError, ValueError):
        raise InvalidSignatureError("malformed signature header") from None
    if abs((time.time() if now is None else now) - timestamp) > tolerance_seconds:
        raise InvalidSignatureError("signature timestamp outside the tolerance (a replay?)")
    if not hmac.compare_digest(digest, _digest(secret, timestamp, body)):
        raise InvalidSignatureError("signature does not match the body")
