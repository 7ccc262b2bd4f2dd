"""Publishing to a real NATS server with JetStream (the harness starts one)."""

import uuid

import nats
import orjson
import pytest

from shop.connectors.events.jetstream import EventStreamSettings, JetStreamPublisher
from shop.connectors.events.subjects import MESSAGE_ID_HEADER
from shop.testing.nats_server import running_nats

pytestmark = pytest.mark.integrated


async def test_an_event_published_twice_is_one_message_on_its_domain_s_stream() -> None:
    event_id = uuid.uuid4()
    payload = {"order_id": str(uuid.uuid4()), "total_minor": 1250}
    with running_nats() as url:
        publisher = JetStreamPublisher(EventStreamSettings(nats_url=url))
        first = await publisher.publish(
            event_id,
            "order.placed",
            payload,
            {"traceparent": "00-" + "a" * 32 + "-" + "b" * 16 + "-01"},
        )
        again = await publisher.publish(event_id, "order.placed", payload)  # a relay restarted
        await publisher.close()

        client = await nats.connect(url)
        stream = client.jetstream()
        info = await stream.stream_info("SHOP_ORDERS")
        consumer = await stream.pull_subscribe("shop.orders.>", durable=f"t-{uuid.uuid4().hex[:8]}")
        [message] = await consumer.fetch(1, timeout=5)
        await client.close()

    assert (first, again) == (True, False)
    assert info.state.messages == 1
    assert message.subject == "shop.orders.placed"
    assert message.headers is not None
    assert message.headers[MESSAGE_ID_HEADER] == str(event_id)
    assert message.headers["traceparent"].startswith("00-aaaa")
    assert orjson.loads(message.data) == {
        "id": str(event_id), "type": "order.placed", "version": 1, "data": payload,
    }  # fmt: skip
