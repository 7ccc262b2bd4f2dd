"""A real OTLP/HTTP trace collector, for tests that follow one trace across processes.

The apps export to it with their standard exporter (OTEL_TRACES_EXPORTER=otlp and
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=`collector.endpoint`), over HTTP, in protobuf, as they would
to an OpenTelemetry Collector; it decodes the spans with the official protobuf definitions.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)


@dataclass(frozen=True)
class CollectedSpan:
    service: str
    name: str
    trace_id: str
    span_id: str
    parent_span_id: str
    attributes: dict[str, str]


@dataclass
class Collector:
    endpoint: str
    spans: list[CollectedSpan] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, request: ExportTraceServiceRequest) -> None:
        with self._lock:
            for resource_spans in request.resource_spans:
                resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
                for scope_spans in resource_spans.scope_spans:
                    self.spans.extend(
                        CollectedSpan(
                            resource.get("service.name", ""),
                            span.name,
                            span.trace_id.hex(),
                            span.span_id.hex(),
                            span.parent_span_id.hex(),
                            {a.key: str(a.value.string_value) for a in span.attributes},
                        )
                        for span in scope_spans.spans
                    )

    def wait_for(
        self, found: Callable[[list[CollectedSpan]], bool], timeout: float = 20.0
    ) -> list[CollectedSpan]:
        """The spans collected, once `found` holds for them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                spans = list(self.spans)
            if found(spans):
                return spans
            time.sleep(0.05)
        raise TimeoutError(f"not found in {len(spans)} spans: {[s.name for s in spans]}")


@contextmanager
def running_collector() -> Iterator[Collector]:
    state: dict[str, Collector] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            state["collector"].add(request)
            reply = ExportTraceServiceResponse().SerializeToString()
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *_: object) -> None:
            """Quiet: tests read the spans, not stderr."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state["collector"] = Collector(f"http://127.0.0.1:{server.server_port}/v1/traces")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state["collector"]
    finally:
        server.shutdown()
        server.server_close()
