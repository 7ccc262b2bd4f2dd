"""The HTTP/1.1 protocol every app is served with: uvicorn's httptools protocol, with a limit on
the size of a request's head and problem details for what the server itself refuses.

httptools buffers a request line and headers of any size (a 200 KB header was accepted), and
uvicorn answers a request it cannot parse with a plain-text 400. Here the head (request line
plus headers) is counted as it arrives and refused with 431 once over the limit, before it is
buffered whole, and every refusal is `application/problem+json`, like the apps' own errors.

The limit travels in uvicorn's `h11_max_incomplete_event_size`, h11's own limit on the same
thing, so the protocol stays a plain importable class (uvicorn's worker processes import it
by name).
"""

from __future__ import annotations

from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from shop.core.errors import PROBLEM_CONTENT_TYPE, refusal_problem
from shop.core.logging import get_logger

DEFAULT_MAX_HEAD_BYTES = 32 * 1024
BAD_REQUEST = 400
HEADERS_TOO_LARGE = 431
PROTOCOL = f"{__name__}:ProblemHttpProtocol"
_log = get_logger(__name__)


class _HeadTooLargeError(Exception):
    """Raised from a parser callback: httptools stops and uvicorn calls send_400_response."""


class ProblemHttpProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._max_head_bytes = self.config.h11_max_incomplete_event_size or DEFAULT_MAX_HEAD_BYTES
        self._reading_head = True
        self._head_began_in_chunk = False
        self._head_bytes = 0
        self._refusal: tuple[int, str] | None = None

    def data_received(self, data: bytes) -> None:
        self._head_began_in_chunk = False
        super().data_received(data)
        # Counted after parsing, and only for chunks that hold nothing but head: a chunk that
        # completes a head or ends a body is not held against the next head. What stays
        # buffered is at most the limit plus two chunks.
        if self._reading_head and not self._head_began_in_chunk and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > self._max_head_bytes:
                self._refuse(*self._head_too_large())

    def on_headers_complete(self) -> None:
        self._reading_head, self._head_bytes = False, 0
        size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if size > self._max_head_bytes:
            self._refusal = self._head_too_large()
            raise _HeadTooLargeError
        super().on_headers_complete()

    def _head_too_large(self) -> tuple[int, str]:
        return (
            HEADERS_TOO_LARGE,
            f"The request line and headers are larger than {self._max_head_bytes} bytes.",
        )

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._reading_head = True  # the next request on this connection starts with its head
        self._head_began_in_chunk = True

    def send_400_response(self, msg: str) -> None:
        refusal = self._refusal or (BAD_REQUEST, f"The server could not parse the request: {msg}")
        self._refuse(*refusal)

    def _refuse(self, status: int, detail: str) -> None:
        _log.warning("request refused by the HTTP server", status=status, detail=detail)
        body = orjson.dumps(refusal_problem(status, detail).to_dict())
        head = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [
            b"content-type: ", PROBLEM_CONTENT_TYPE.encode(), b"\r\n",
            b"content-length: %d\r\n" % len(body),
            b"connection: close\r\n\r\n",
        ]  # fmt: skip
        self.transport.write(b"".join(head) + body)
        self.transport.close()
