from dataclasses import dataclass

from shop.core.asgi.metrics import UNMATCHED, HttpMetrics, MetricsMiddleware, route_template
from shop.core.asgi.types import Message, Receive, Scope, Send


@dataclass
class FakeRoute:
    path: str


def routed_app(template: Scope):  # type: ignore[no-untyped-def]
    """A fake framework: routing writes into the scope, as Starlette and Litestar do."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        scope.update(template)
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    return app


async def call(app: MetricsMiddleware, path: str) -> list[Message]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    await app({"type": "http", "method": "GET", "path": path, "headers": []}, receive, send)
    return sent


def test_the_template_comes_from_either_framework() -> None:
    assert route_template({"path_template": "/admin/v1/orders/{order_id:uuid}"}).endswith("}")
    assert route_template({"route": FakeRoute("/v1/orders/{order_id}")}) == "/v1/orders/{order_id}"
    assert route_template({}) == UNMATCHED


async def test_requests_are_counted_by_template_and_served_at_metrics() -> None:
    metrics = HttpMetrics()
    app = MetricsMiddleware(routed_app({"route": FakeRoute("/v1/orders/{order_id}")}), metrics)

    await call(app, "/v1/orders/1")
    await call(app, "/v1/orders/2")
    exposition = (await call(app, "/metrics"))[1]["body"].decode()

    assert (
        'http_requests_total{method="GET",route="/v1/orders/{order_id}",status="201"} 2.0'
        in exposition
    )
    assert "http_request_duration_seconds_bucket" in exposition
    assert "/v1/orders/1" not in exposition
