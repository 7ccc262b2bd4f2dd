"""Request bodies read whole at the edge, before the framework sees them.

Frameworks fail in their own ways when a body goes wrong half-way through their parsing: an
error raised from `receive` became a 500 in Litestar and a 400 "error parsing the body" in
FastAPI. Reading the body here first gives every app the same answers, for a declared
Content-Length and a chunked body alike: over the size limit is 413, JSON nested deeper than
the depth limit is 400 (parsers recurse per level; 1,000 nested arrays crashed one), a media
type the operation does not take is 415, all as problem details. The app then gets the body in
one message.
"""

from __future__ import annotations

import re

import orjson

from shop.core.asgi.responses import send_response
from shop.core.asgi.types import Message, Receive, Send
from shop.core.errors import PROBLEM_CONTENT_TYPE, refusal_problem
from shop.core.operations import OperationIndex

PAYLOAD_TOO_LARGE = 413
BAD_REQUEST = 400
UNSUPPORTED_MEDIA_TYPE = 415
# Only the characters that open, close or escape something; strings are tracked by hand so that
# brackets inside them do not count.
_STRUCTURAL = re.compile(rb'["\\\[\]{}]')
_QUOTE, _BACKSLASH, _OPENERS = ord('"'), ord("\\"), (ord("["), ord("{"))


class BodyRefusedError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class ClientLeftError(Exception):
    """The client disconnected before its body arrived whole."""


def check_media_type(operations: OperationIndex, path: str, method: str, media_type: str) -> None:
    if not operations.accepts(path, method, media_type):
        taken = " or ".join(sorted(operations.media_types(path, method) or ()))
        sent = media_type or "no Content-Type"
        raise BodyRefusedError(
            UNSUPPORTED_MEDIA_TYPE, f"This operation takes a body of {taken}, not {sent}."
        )


def declared_too_large(content_length: bytes | None, max_bytes: int) -> bool:
    return (
        content_length is not None and content_length.isdigit() and int(content_length) > max_bytes
    )


def too_large(max_bytes: int) -> BodyRefusedError:
    return BodyRefusedError(
        PAYLOAD_TOO_LARGE, f"The request body is larger than {max_bytes} bytes."
    )


async def read_body(receive: Receive, max_bytes: int) -> bytes:
    """The whole body, refused as soon as what arrived is over `max_bytes`."""
    chunks: list[bytes] = []
    size, more = 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientLeftError
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            raise too_large(max_bytes)
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def check_json_depth(body: bytes, max_depth: int) -> None:
    if json_depth_exceeds(body, max_depth):
        raise BodyRefusedError(
            BAD_REQUEST, f"The JSON body is nested deeper than {max_depth} levels."
        )


def json_depth_exceeds(body: bytes, max_depth: int) -> bool:
    """Whether arrays and objects nest deeper than `max_depth`, without parsing the JSON.

    Linear in the number of structural characters; most bodies hold too few brackets to reach
    the limit at all and are not scanned. Malformed JSON is left for the parser to refuse.
    """
    if body.count(b"[") + body.count(b"{") <= max_depth:
        return False
    depth, in_string, escaped_until = 0, False, -1
    for match in _STRUCTURAL.finditer(body):
        position = match.start()
        if position < escaped_until:
            continue
        char = body[position]
        if in_string:
            if char == _BACKSLASH:
                escaped_until = position + 2
            elif char == _QUOTE:
                in_string = False
        elif char == _QUOTE:
            in_string = True
        elif char in _OPENERS:
            depth += 1
            if depth > max_depth:
                return True
        elif char != _BACKSLASH:
            depth -= 1
    return False


def replaying(body: bytes, receive: Receive) -> Receive:
    """`receive` for the app: the body in one message, then whatever the client sends next
    (its disconnect)."""
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def send_refusal(send: Send, refusal: BodyRefusedError, instance: str) -> None:
    problem = refusal_problem(refusal.status, refusal.detail, instance)
    await send_response(send, refusal.status, orjson.dumps(problem.to_dict()), PROBLEM_CONTENT_TYPE)
