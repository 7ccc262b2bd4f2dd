"""With tracing on, a request is a server span named by its route, its SQL statements are
spans under it, and the outbox event it writes carries the
trace context the worker continues (worker_external_test follows it across processes)."""

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.public_api.app import create_app
from shop.public_api.settings import PublicApiSettings
from shop.testing.data import FAST_PASSWORDS, PASSWORD, add_customer, add_product

pytestmark = pytest.mark.integrated
AppClient = Callable[[FastAPI], AbstractAsyncContextManager[httpx.AsyncClient]]
SPANS = InMemorySpanExporter()


@pytest.fixture
async def client(
    settings: PublicApiSettings, app_client: AppClient
) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(create_app(settings, hashing=FAST_PASSWORDS, span_exporter=SPANS)) as c:
        yield c


async def test_an_order_request_is_one_trace_down_to_its_outbox_event(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    customer, product = await add_customer(engine), await add_product(engine, stock=3)
    token = await client.post(
        "/v1/auth/token", data={"username": customer.email, "password": PASSWORD}
    )
    placed = await client.post(
        "/v1/orders",
        json={"lines": [{"product_id": str(product.id), "quantity": 1}]},
        headers={
            "Authorization": f"Bearer {token.json()['access_token']}",
            "Idempotency-Key": uuid.uuid4().hex,
            "X-Request-ID": "traced-order",
        },
    )
    async with engine.connect() as connection:
        stored = await connection.scalar(
            text("SELECT trace_context FROM outbox_events WHERE payload->>'order_id' = :id"),
            {"id": placed.json()["id"]},
        )

    assert placed.status_code == 201, placed.text
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    provider.force_flush()  # spans are exported in batches
    spans = SPANS.get_finished_spans()
    [request] = [span for span in spans if span.name == "POST /v1/orders"]
    trace_id = f"{request.context.trace_id:032x}"
    assert request.attributes is not None
    assert request.attributes["http.route"] == "/v1/orders"
    statements = [
        span.attributes["db.statement"]
        for span in spans
        if span.context.trace_id == request.context.trace_id
        and span.attributes
        and "db.statement" in span.attributes
    ]
    assert any("INSERT INTO outbox_events" in str(sql) for sql in statements)
    assert stored["traceparent"].split("-")[1] == trace_id
