"""Request IDs: taken from `X-Request-ID` when the caller sends a sane one (so a trace crosses
services), generated otherwise; the edge echoes it and binds it to every log line of the request.
"""

from __future__ import annotations

import random
import re

REQUEST_ID_HEADER = b"x-request-id"
_SANE_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")
# An ID only has to be unique, not unguessable: the Mersenne Twister is ten times cheaper per
# request than uuid4's system call for random bytes.
_ids = random.Random()  # noqa: S311 - not a secret


def request_id_for(incoming: bytes | None) -> str:
    """The caller's ID when it is sane, a new one (32 hex digits) otherwise."""
    if incoming is not None and _SANE_REQUEST_ID.match(incoming):
        return incoming.decode("ascii")
    return f"{_ids.getrandbits(128):032x}"
