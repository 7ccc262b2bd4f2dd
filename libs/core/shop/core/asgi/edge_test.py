import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import structlog

from shop.core.asgi.edge import EdgeMiddleware
from shop.core.asgi.metrics import UNMATCHED, HttpMetrics, route_template
from shop.core.asgi.types import Message, Receive, Scope, Send
from shop.core.deprecation import Deprecation
from shop.core.operations import OperationIndex

LIMIT = 10


@dataclass
class FakeRoute:
    path: str


class FakeFramework:
    """Routes (writing the template into the scope, as Starlette and Litestar do), records the
    log context it ran in, reads the whole body and answers with its size."""

    def __init__(self, status: int = 201) -> None:
        self.status = status
        self.bound: dict[str, Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = FakeRoute("/v1/orders/{order_id}")
        self.bound = structlog.contextvars.get_contextvars()
        size, more = 0, scope["method"] == "POST"
        while more:
            message = await receive()
            size += len(message.get("body", b""))
            more = message.get("more_body", False)
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": str(size).encode()})


async def call(
    app: EdgeMiddleware,
    path: str = "/v1/orders/1",
    headers: list[tuple[bytes, bytes]] | None = None,
    chunks: list[bytes] | None = None,
) -> list[Message]:
    sent: list[Message] = []
    pending = list(chunks or [])

    async def receive() -> Message:
        body = pending.pop(0) if pending else b""
        return {"type": "http.request", "body": body, "more_body": bool(pending)}

    async def send(message: Message) -> None:
        sent.append(message)

    method = "POST" if chunks is not None else "GET"
    scope = {"type": "http", "method": method, "path": path, "headers": headers or []}
    await app(scope, receive, send)
    return sent


def edge(inner: FakeFramework | None = None, metrics: HttpMetrics | None = None) -> EdgeMiddleware:
    return EdgeMiddleware(inner or FakeFramework(), metrics or HttpMetrics(), max_body_bytes=LIMIT)


def echoed_request_id(sent: list[Message]) -> bytes:
    headers: dict[bytes, bytes] = dict(sent[0]["headers"])
    return headers[b"x-request-id"]


async def test_a_sane_incoming_request_id_is_kept_echoed_and_logged() -> None:
    inner = FakeFramework()

    sent = await call(edge(inner), headers=[(b"x-request-id", b"abc-123")])

    assert echoed_request_id(sent) == b"abc-123"
    assert inner.bound["request_id"] == "abc-123"


async def test_a_missing_or_hostile_request_id_is_replaced() -> None:
    inner = FakeFramework()

    sent = await call(edge(inner), headers=[(b"x-request-id", b"bad id\r\nx: y")])

    generated = echoed_request_id(sent)
    assert len(generated) == 32
    assert inner.bound["request_id"] == generated.decode()
    assert generated != echoed_request_id(await call(edge(inner)))


async def test_the_log_context_does_not_leak_past_the_request() -> None:
    await call(edge())

    assert "request_id" not in structlog.contextvars.get_contextvars()


async def test_a_declared_length_over_the_limit_is_refused_unread() -> None:
    sent = await call(edge(), "/in", [(b"content-length", b"11")], [b"x" * 11])

    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["status"] == 413
    assert echoed_request_id(sent)


async def test_a_streamed_body_is_cut_off_once_over_the_limit() -> None:
    sent = await call(edge(), "/in", [(b"transfer-encoding", b"chunked")], [b"x" * 6, b"x" * 6])

    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["instance"] == "/in"


async def test_a_streamed_body_over_the_limit_never_reaches_the_app() -> None:
    inner = Recording()

    sent = await call(
        EdgeMiddleware(inner, HttpMetrics(), max_body_bytes=LIMIT),
        "/in",
        [(b"transfer-encoding", b"chunked")],
        [b"x" * 6, b"x" * 6],
    )

    assert sent[0]["status"] == 413
    assert inner.calls == 0


async def test_json_nested_deeper_than_the_limit_is_refused_before_the_app() -> None:
    inner = Recording()
    app = EdgeMiddleware(inner, HttpMetrics(), max_body_bytes=10_000, max_json_depth=5)
    json_type = [(b"content-type", b"application/json"), (b"content-length", b"12")]

    sent = await call(app, "/in", json_type, [b"[" * 6, b"]" * 6])

    assert sent[0]["status"] == 400
    assert "nested deeper than 5" in json.loads(sent[1]["body"])["detail"]
    assert inner.calls == 0


async def test_depth_is_not_checked_for_bodies_that_are_not_json() -> None:
    app = EdgeMiddleware(FakeFramework(), HttpMetrics(), max_body_bytes=10_000, max_json_depth=5)
    form = [(b"content-type", b"application/x-www-form-urlencoded")]

    sent = await call(app, "/in", form, [b"password=" + b"[" * 20])

    assert sent[0]["status"] == 201


async def test_the_app_gets_the_body_in_one_message() -> None:
    inner = Recording()

    await call(
        EdgeMiddleware(inner, HttpMetrics(), max_body_bytes=LIMIT),
        "/in",
        [(b"transfer-encoding", b"chunked")],
        [b"ab", b"cd", b"e"],
    )

    assert inner.messages == [{"type": "http.request", "body": b"abcde", "more_body": False}]


async def test_a_client_that_leaves_mid_body_is_not_a_server_error(
    capfd: pytest.CaptureFixture[str], json_logs: Callable[[], None]
) -> None:
    json_logs()
    inner = Recording()

    async def leaving() -> Message:
        return {"type": "http.disconnect"}

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/in",
        "headers": [(b"transfer-encoding", b"chunked")],
    }
    await EdgeMiddleware(inner, HttpMetrics(), max_body_bytes=LIMIT)(scope, leaving, _ignore)

    assert inner.calls == 0
    assert access_lines(capfd)[0]["status"] == 499


async def _ignore(message: Message) -> None:
    pass


class Recording:
    """Records how often it was called and the first body message it received."""

    def __init__(self) -> None:
        self.calls = 0
        self.messages: list[Message] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        self.messages.append(await receive())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})


async def test_a_body_within_the_limit_passes() -> None:
    sent = await call(edge(), "/in", [(b"transfer-encoding", b"chunked")], [b"x" * 5, b"x" * 5])

    assert (sent[0]["status"], sent[1]["body"]) == (201, b"10")


def test_the_template_comes_from_either_framework() -> None:
    assert route_template({"path_template": "/admin/v1/orders/{order_id:uuid}"}).endswith("}")
    assert route_template({"route": FakeRoute("/v1/orders/{order_id}")}) == "/v1/orders/{order_id}"
    assert route_template({}) == UNMATCHED


async def test_requests_are_counted_by_template_and_served_where_told() -> None:
    metrics = HttpMetrics()
    app = EdgeMiddleware(FakeFramework(), metrics, LIMIT, metrics_path="/metrics")

    await call(app, "/v1/orders/1")
    await call(app, "/v1/orders/2")
    exposition = (await call(app, "/metrics"))[1]["body"].decode()

    series = 'method="GET",route="/v1/orders/{order_id}",status="201"'
    assert f"http_requests_total{{{series}}} 2.0" in exposition
    assert f"http_request_duration_seconds_count{{{series}}} 2.0" in exposition
    assert "/v1/orders/1" not in exposition


async def test_metrics_are_the_app_s_business_unless_the_edge_is_told_to_serve_them() -> None:
    sent = await call(edge(), "/metrics")

    assert sent[0]["status"] == 201  # the framework's answer (the APIs': 404, see metrics port)


async def test_requests_being_answered_are_in_flight() -> None:
    metrics = HttpMetrics()
    seen: list[float] = []

    async def framework(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(metrics.in_flight)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    await call(EdgeMiddleware(framework, metrics, LIMIT), "/v1/products")

    assert seen == [1]
    assert metrics.in_flight == 0
    assert "http_requests_in_flight 0.0" in metrics.exposition().decode()


def access_lines(capfd: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [
        line
        for line in map(json.loads, capfd.readouterr().out.splitlines())
        if line["logger_name"] == "shop.access"
    ]


async def test_each_request_writes_one_access_line(
    capfd: pytest.CaptureFixture[str], json_logs: Callable[[], None]
) -> None:
    json_logs()
    sent = await call(edge(), headers=[(b"x-request-id", b"r-1")])

    (line,) = access_lines(capfd)
    assert line["request_id"] == "r-1" == echoed_request_id(sent).decode()
    assert (line["method"], line["path"], line["status"]) == ("GET", "/v1/orders/1", 201)
    assert line["duration_ms"] >= 0


async def test_probes_are_logged_only_when_they_fail(
    capfd: pytest.CaptureFixture[str], json_logs: Callable[[], None]
) -> None:
    json_logs()
    await call(edge(FakeFramework(status=200)), "/livez")
    await call(edge(FakeFramework(status=503)), "/readyz")

    assert [line["path"] for line in access_lines(capfd)] == ["/readyz"]


async def test_an_error_the_app_lets_through_is_one_line_with_its_request_id_and_a_500(
    capfd: pytest.CaptureFixture[str], json_logs: Callable[[], None]
) -> None:
    json_logs()

    async def crashing(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("boom")

    metrics = HttpMetrics()
    sent = await call(
        EdgeMiddleware(crashing, metrics, max_body_bytes=LIMIT),
        headers=[(b"x-request-id", b"req-bug")],
    )

    lines = [json.loads(line) for line in capfd.readouterr().out.splitlines() if line]
    errors = [line for line in lines if line["level"] == "error"]
    assert [(e["event"], e["request_id"]) for e in errors] == [("unhandled error", "req-bug")]
    assert [line["status"] for line in lines if line["event"] == "request"] == [500]
    assert (sent[0]["status"], echoed_request_id(sent)) == (500, b"req-bug")
    assert json.loads(sent[1]["body"])["type"].endswith("/internal")
    assert 'status="500"} 1.0' in metrics.exposition().decode()


async def test_a_deprecated_operation_answers_with_its_deprecation_and_sunset() -> None:
    retiring = Deprecation(date(2026, 12, 1), date(2027, 6, 30))
    document: dict[str, Any] = {"paths": {"/v1/orders/{order_id}": {"get": {"responses": {}}}}}
    retiring.mark(document["paths"]["/v1/orders/{order_id}"]["get"])
    index = OperationIndex(document)
    app = EdgeMiddleware(FakeFramework(200), HttpMetrics(), LIMIT, operations=lambda: index)

    deprecated = dict((await call(app, "/v1/orders/1"))[0]["headers"])
    other = dict((await call(app, "/v1/products"))[0]["headers"])

    assert deprecated[b"deprecation"] == b"@1796083200"
    assert deprecated[b"sunset"] == b"Wed, 30 Jun 2027 00:00:00 GMT"
    assert b"x-request-id" in deprecated
    assert b"deprecation" not in other
