"""The app's loop step against a real NATS server with JetStream and a real SMTP server (both
started by the harness): events published as the worker publishes them become e-mails, once."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import nats
import orjson
import pytest
from prometheus_client import CollectorRegistry

from shop.connectors.events.consumer import EventConsumer, Subscription
from shop.connectors.events.jetstream import EventStreamSettings, JetStreamPublisher
from shop.connectors.events.processed import ProcessedEvents
from shop.connectors.events.subjects import subject_of
from shop.connectors.mail.smtp import MailSettings, SmtpMailer, SmtpSecurity
from shop.core.backoff import Backoff
from shop.notifications.interface.deliveries import HandleDeliveries
from shop.notifications.interface.metrics import NotificationMetrics
from shop.notifications.services.letters import LETTER_TYPES, Letters, Sender
from shop.notifications.services.order_mail import NotifyCustomer
from shop.testing.events import published_order_event
from shop.testing.nats_server import running_nats
from shop.testing.smtp_server import SmtpServer, running_smtp

pytestmark = pytest.mark.integrated

SENDER = Sender("Shop <orders@shop.example>", "Shop", "https://shop.example", "en")
QUICK_RETRIES = Backoff(base_seconds=0.05, cap_seconds=0.2, max_attempts=4)


@dataclass
class Stream:
    url: str
    publisher: JetStreamPublisher

    async def publish(self, body: dict[str, Any]) -> None:
        await self.publisher.publish(uuid.UUID(body["id"]), body["type"], body["data"])

    async def publish_raw(self, event_type: str, data: bytes) -> None:
        """Bytes on the subject, with no message id: JetStream keeps every copy."""
        client = await nats.connect(self.url)
        await client.jetstream().publish(subject_of(event_type), data)
        await client.close()


@pytest.fixture
async def stream() -> AsyncIterator[Stream]:
    with running_nats() as url:
        publisher = JetStreamPublisher(EventStreamSettings(nats_url=url))
        await Stream(url, publisher).publish(published_order_event("order.fulfilled"))
        yield Stream(url, publisher)
        await publisher.close()


def app_step(
    stream: Stream, smtp: SmtpServer, consumer_name: str = "notifications"
) -> tuple[Callable[[], Any], EventConsumer, CollectorRegistry]:
    """The composition of `shop.notifications.app`, minus the loop and the port."""
    consumer = EventConsumer(stream.url, Subscription(consumer_name, LETTER_TYPES, 5.0, 4))
    mail = MailSettings(host=smtp.host, port=smtp.port, security=SmtpSecurity.NONE)
    processed = ProcessedEvents(consumer, f"{consumer_name}-processed", 3_600)
    registry = CollectorRegistry()
    handle = HandleDeliveries(
        consumer,
        NotifyCustomer(Letters(SENDER), SmtpMailer(mail), processed),
        QUICK_RETRIES,
        NotificationMetrics(registry),
        batch_size=10,
        wait_seconds=0.2,
    )
    return handle.step, consumer, registry


async def steps_until(step: Callable[[], Any], done: Callable[[], bool], limit: int = 50) -> None:
    for _ in range(limit):
        await step()
        if done():
            return
        await asyncio.sleep(0.05)


def outcome(registry: CollectorRegistry, name: str) -> float:
    return registry.get_sample_value("notifications_events_total", {"outcome": name}) or 0.0


async def test_each_order_event_becomes_one_e_mail_to_its_customer(stream: Stream) -> None:
    placed, cancelled = published_order_event(), published_order_event("order.cancelled")
    with running_smtp() as smtp:
        step, consumer, registry = app_step(stream, smtp)
        for body in (placed, cancelled, published_order_event("order.fulfilled")):
            await stream.publish(body)
        # The same event once more, as a second relay would publish it after the window.
        await stream.publish_raw("order.placed", orjson.dumps(placed))

        await steps_until(step, lambda: outcome(registry, "duplicate") >= 1)
        await step()
        await consumer.close()

    mails = smtp.received()
    assert sorted(mail.message["Subject"].split(" ")[1] for mail in mails) == ["thank", "your"]
    assert {tuple(mail.recipients) for mail in mails} == {
        (placed["data"]["customer"]["email"],),
        (cancelled["data"]["customer"]["email"],),
    }
    assert outcome(registry, "sent") == 2
    assert outcome(registry, "not_ours") == 2  # the stream-making event and the fulfilment


async def test_a_mail_server_that_is_down_gets_the_e_mail_once_it_is_back(stream: Stream) -> None:
    smtp = SmtpServer()  # its port, nobody listening yet
    step, consumer, registry = app_step(stream, smtp)
    await stream.publish(published_order_event())

    await steps_until(step, lambda: outcome(registry, "retry") >= 2)
    smtp.start()
    try:
        await steps_until(step, lambda: outcome(registry, "sent") >= 1)
    finally:
        smtp.stop()
        await consumer.close()

    assert len(smtp.received()) == 1


async def test_what_is_refused_or_unreadable_is_dropped_and_the_rest_goes_on(
    stream: Stream,
) -> None:
    refused, good = published_order_event(), published_order_event()
    with running_smtp() as smtp:
        smtp.refuse(refused["data"]["customer"]["email"])
        step, consumer, registry = app_step(stream, smtp)
        await stream.publish_raw("order.placed", b"\xff not json")
        await stream.publish_raw("order.placed", b'{"id": "x", "type": "order.placed"}')
        await stream.publish(refused)
        await stream.publish(good)

        await steps_until(step, lambda: outcome(registry, "sent") >= 1)
        await asyncio.sleep(0.3)  # nothing dropped may come back
        await step()
        await consumer.close()

    assert [mail.recipients for mail in smtp.received()] == [[good["data"]["customer"]["email"]]]
    assert (outcome(registry, "malformed"), outcome(registry, "refused")) == (2, 1)


async def test_two_processes_of_the_app_share_the_work_without_sending_twice(
    stream: Stream,
) -> None:
    bodies = [published_order_event() for _ in range(30)]
    with running_smtp() as smtp:
        first, first_consumer, _ = app_step(stream, smtp)
        second, second_consumer, _ = app_step(stream, smtp)
        for body in bodies:
            await stream.publish(body)

        async def both() -> None:
            await asyncio.gather(first(), second())

        await steps_until(both, lambda: len(smtp.received()) >= len(bodies))
        await both()
        await first_consumer.close()
        await second_consumer.close()

    recipients = [mail.recipients[0] for mail in smtp.received()]
    assert sorted(recipients) == sorted(body["data"]["customer"]["email"] for body in bodies)
