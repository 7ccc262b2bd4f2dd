"""A real HTTP server that receives webhooks, for tests and benchmarks.

It runs in a background thread on a free port, records every request it gets, and can be told
to fail: the first `fail_first` requests per event, or every request (`always_fail`).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EVENT_ID_HEADER = "webhook-id"  # Standard Webhooks: the event id, what receivers dedupe on


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float
    status: int


@dataclass
class Receiver:
    url: str
    fail_first: int = 0
    always_fail: bool = False
    delay_seconds: float = 0.0
    received: list[Received] = field(default_factory=list)
    _tries: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def status_for(self, event_id: str) -> int:
        with self._lock:
            self._tries[event_id] += 1
            tries = self._tries[event_id]
        return 503 if self.always_fail or tries <= self.fail_first else 204

    def record(self, item: Received) -> None:
        with self._lock:
            self.received.append(item)

    def accepted(self) -> list[Received]:
        with self._lock:
            return [item for item in self.received if item.status < 300]  # noqa: PLR2004

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        """Wait until `count` requests were accepted; return them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            accepted = self.accepted()
            if len(accepted) >= count:
                return accepted
            time.sleep(0.02)
        raise TimeoutError(f"{len(self.accepted())} of {count} webhooks accepted in {timeout}s")


@contextmanager
def running_receiver(
    fail_first: int = 0, *, always_fail: bool = False, delay_seconds: float = 0.0
) -> Iterator[Receiver]:
    state: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver would offer
        disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls between small writes

        def do_POST(self) -> None:
            receiver = state["receiver"]
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if receiver.delay_seconds:
                time.sleep(receiver.delay_seconds)
            status = receiver.status_for(self.headers.get(EVENT_ID_HEADER, ""))
            receiver.record(
                Received(self.path, dict(self.headers.items()), body, time.time(), status)
            )
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_: object) -> None:
            """Quiet: tests read `received`, not stderr."""

    class Server(ThreadingHTTPServer):
        # The standard library's backlog of 5 refuses connections under a burst of
        # concurrent deliveries: that would measure the receiver, not the worker.
        request_queue_size = 1024

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver = Receiver(
        f"http://127.0.0.1:{server.server_port}/hooks",
        fail_first=fail_first,
        always_fail=always_fail,
        delay_seconds=delay_seconds,
    )
    state["receiver"] = receiver
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
