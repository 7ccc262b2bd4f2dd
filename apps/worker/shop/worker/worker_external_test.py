"""The packaged worker as a real process, next to the packaged public API: an order placed
through the API reaches a real HTTP receiver as a correctly signed `order.placed`."""

import asyncio
import uuid

import httpx
import jsonschema_rs
import nats
import orjson
import pytest
from nats.aio.msg import Msg
from standardwebhooks.webhooks import Webhook

from shop.entities import EventType, Product
from shop.entities.event_schemas import event_schema
from shop.testing.contracts import assert_log_lines_carry_the_build
from shop.testing.data import PASSWORD, WEBHOOK_SECRET, subscribed_shop
from shop.testing.database import TestDatabase
from shop.testing.nats_server import running_nats
from shop.testing.otlp import CollectedSpan, running_collector
from shop.testing.processes import packaged_command, running_app
from shop.testing.receiver import running_receiver

pytestmark = pytest.mark.external

API_COMMAND = packaged_command("apps.public_api/bin.pex", "shop.public_api")
WORKER_COMMAND = packaged_command("apps.worker/bin.pex", "shop.worker")


def _place_order(base_url: str, product: Product) -> str:
    email = f"w-{uuid.uuid4().hex[:8]}@example.com"
    httpx.post(f"{base_url}/v1/customers", json={"email": email, "name": "W", "password": PASSWORD})
    token = httpx.post(
        f"{base_url}/v1/auth/token", data={"username": email, "password": PASSWORD}
    ).json()["access_token"]
    order = httpx.post(
        f"{base_url}/v1/orders",
        json={"lines": [{"product_id": str(product.id), "quantity": 2}]},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": uuid.uuid4().hex},
    )
    assert order.status_code == 201, order.text
    return str(order.json()["id"])


def test_an_order_placed_through_the_api_reaches_the_receiver_signed(
    test_database: TestDatabase,
) -> None:
    env = {"DB_URL": test_database.url, "AUTH_SECRET_KEY": "worker-external-" + "k" * 24}
    with running_receiver() as receiver:
        [product] = asyncio.run(subscribed_shop(test_database.url, receiver.url))
        with (
            running_app(API_COMMAND, "PUBLIC_API_PORT", env) as api,
            running_app(WORKER_COMMAND, "WORKER_PORT", env) as worker,
        ):
            order_id = _place_order(api.base_url, product)
            [delivered] = receiver.wait_for(1)
            ready = httpx.get(f"{worker.base_url}/readyz")
            metrics = httpx.get(f"{worker.base_url}/metrics").text
            httpx.get(f"{worker.base_url}/nowhere")  # a request line in its log

    # As a receiver would: the official Standard Webhooks library verifies the signature (the
    # key is the secret's bytes) and the body matches the event's published schema.
    event = Webhook(WEBHOOK_SECRET.encode()).verify(delivered.body, dict(delivered.headers))
    jsonschema_rs.validator_for(event_schema(EventType.ORDER_PLACED)).validate(event)
    assert delivered.headers["webhook-id"] == event["id"]
    assert event["type"] == "order.placed"
    assert event["data"]["order_id"] == order_id
    assert event["data"]["lines"][0]["quantity"] == 2
    assert ready.status_code == 200
    assert worker.exit_code == 0  # SIGTERM: loops stopped between steps, a clean exit
    assert 'worker_events_relayed_total{type="order.placed"}' in metrics
    assert 'worker_webhook_attempts_total{outcome="delivered"} 1.0' in metrics
    for series in (
        "worker_outbox_backlog",
        "worker_outbox_lag_seconds",
        "worker_webhook_dead_letters",
        "process_resident_memory_bytes",
        "python_gc_collections_total",
        'db_pool_in_use{pool="primary"}',
        'db_pool_waiting{pool="primary"}',
        'service="shop-worker"',
    ):
        assert series in metrics, series
    assert_log_lines_carry_the_build(worker.log(), "shop-worker")


def test_one_trace_follows_an_order_from_the_api_through_the_worker_to_the_receiver(
    test_database: TestDatabase,
) -> None:
    """Three processes (the packaged API and worker, this test's receiver), one trace: the
    request's span, the worker's relay and webhook spans under it, and the `traceparent` the
    receiver got; each app exports its spans over OTLP to a real collector."""
    with running_collector() as collector, running_receiver() as receiver:
        env = {
            "DB_URL": test_database.url,
            "AUTH_SECRET_KEY": "worker-external-" + "k" * 24,
            "OTEL_TRACES_EXPORTER": "otlp",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": collector.endpoint,
            "OTEL_BSP_SCHEDULE_DELAY": "100",
        }
        [product] = asyncio.run(subscribed_shop(test_database.url, receiver.url))
        with (
            running_app(API_COMMAND, "PUBLIC_API_PORT", env) as api,
            running_app(WORKER_COMMAND, "WORKER_PORT", env),
        ):
            _place_order(api.base_url, product)
            [delivered] = receiver.wait_for(1)
            trace_id = delivered.headers["traceparent"].split("-")[1]

            def whole_trace(spans: list[CollectedSpan]) -> bool:
                names = {(s.service, s.name) for s in spans if s.trace_id == trace_id}
                return {
                    ("shop-public-api", "POST /v1/orders"),
                    ("shop-worker", "relay order.placed"),
                    ("shop-worker", "webhook order.placed"),
                } <= names

            spans = collector.wait_for(whole_trace)

    in_trace = [span for span in spans if span.trace_id == trace_id]
    by_id = {span.span_id: span for span in in_trace}
    request = next(span for span in in_trace if span.name == "POST /v1/orders")
    relay = next(span for span in in_trace if span.name == "relay order.placed")
    post = by_id[delivered.headers["traceparent"].split("-")[2]]  # the POST's own span
    webhook = by_id[post.parent_span_id]
    assert request.attributes["http.route"] == "/v1/orders"
    assert by_id[relay.parent_span_id].service == "shop-public-api"  # continued from the request
    assert (post.service, post.name, webhook.name) == (
        "shop-worker",
        "POST",
        "webhook order.placed",
    )
    assert by_id[webhook.parent_span_id].service == "shop-public-api"  # the delivery too
    sql = [span for span in in_trace if span.service == "shop-public-api" and span != request]
    assert sql, "the request's SQL statements are spans of its trace"
    # The request's log lines carry its trace ID; the worker's polling made no traces of its
    # own (its start-up check of the schema does).
    order_lines = [line for line in api.log().splitlines() if "/v1/orders" in line]
    assert any(trace_id in line for line in order_lines), order_lines
    polling = [
        span.attributes.get("db.statement", "")
        for span in spans
        if span.service == "shop-worker" and span.trace_id != trace_id
    ]
    assert not [sql for sql in polling if "outbox_events" in sql or "webhook_" in sql], polling


async def _next_on_stream(nats_url: str, subject: str) -> Msg:
    client = await nats.connect(nats_url)
    try:
        consumer = await client.jetstream().pull_subscribe(subject, durable="other-team")
        [message] = await consumer.fetch(1, timeout=20)
        await message.ack()
    finally:
        await client.close()
    return message


def test_every_event_is_also_on_the_stream_other_teams_read(test_database: TestDatabase) -> None:
    """EVENTS_NATS_URL set: the order's event is on JetStream (SHOP_ORDERS, shop.orders.placed)
    as the webhook receiver gets it, its message id the event id, valid against its schema."""
    with running_nats() as nats_url, running_receiver() as receiver:
        env = {
            "DB_URL": test_database.url,
            "AUTH_SECRET_KEY": "worker-external-" + "k" * 24,
            "EVENTS_NATS_URL": nats_url,
        }
        [product] = asyncio.run(subscribed_shop(test_database.url, receiver.url))
        with (
            running_app(API_COMMAND, "PUBLIC_API_PORT", env) as api,
            running_app(WORKER_COMMAND, "WORKER_PORT", env),
        ):
            order_id = _place_order(api.base_url, product)
            [delivered] = receiver.wait_for(1)
            message = asyncio.run(_next_on_stream(nats_url, "shop.orders.placed"))

    event = orjson.loads(message.data)
    jsonschema_rs.validator_for(event_schema(EventType.ORDER_PLACED)).validate(event)
    assert event["data"]["order_id"] == order_id
    assert message.headers is not None
    assert message.headers["Nats-Msg-Id"] == event["id"] == delivered.headers["webhook-id"]
    assert message.data == delivered.body  # one envelope, whichever way it travels
