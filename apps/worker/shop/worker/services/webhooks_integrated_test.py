"""Webhook deliveries against PostgreSQL and a real HTTP receiver: retries, dead letters,
exactly one accepted delivery per event with two senders, claims handed back on a stop."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine
from structlog.testing import capture_logs

from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.connectors.http.targets import WebhookTargets, WebhookTargetSettings
from shop.connectors.http.webhooks import WebhookClient
from shop.core.backoff import Backoff
from shop.core.security.signatures import ID_HEADER, verify
from shop.entities import DeliveryAttempt, WebhookDelivery, WebhookSubscription
from shop.testing.data import add_customer, add_order, add_product, units_of_work
from shop.testing.fakes import RecordingMetrics
from shop.testing.receiver import Receiver, running_receiver
from shop.worker.services.relay import RelayOutbox
from shop.worker.services.webhooks import SendWebhooks

pytestmark = pytest.mark.integrated

SECRET = "whsec-test-0123456789"
QUICK = Backoff(base_seconds=0.01, cap_seconds=0.05, max_attempts=4)


async def subscribe(engine: AsyncEngine, receiver: Receiver) -> WebhookSubscription:
    """The only active subscription, with nothing else pending: earlier tests' receivers are
    gone, and their leftovers would only muddy this test's counts."""
    async with engine.begin() as connection:
        await connection.execute(update(WebhookSubscription).values(active=False))
        await connection.execute(
            update(WebhookDelivery).where(WebhookDelivery.status == "pending").values(status="dead")
        )
    subscription = WebhookSubscription.create(
        url=receiver.url, event_types=["order.placed"], secret=SECRET
    )
    async with UnitOfWork(create_session_factory(engine)) as uow:
        uow.webhooks.add(subscription)
        await uow.commit()
    return subscription


async def placed_orders(engine: AsyncEngine, count: int) -> None:
    customer = await add_customer(engine)
    product = await add_product(engine, stock=count)
    for _ in range(count):
        await add_order(engine, customer, [(product, 1)], with_event=True)
    await RelayOutbox(units_of_work(engine), QUICK, RecordingMetrics()).execute(500)


async def send_until_settled(sender: SendWebhooks, engine: AsyncEngine, rounds: int = 200) -> None:
    for _ in range(rounds):
        await sender.execute(50)
        async with engine.connect() as connection:
            pending = await connection.scalar(
                select(func.count())
                .select_from(WebhookDelivery)
                .where(WebhookDelivery.status == "pending")
            )
        if not pending:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("deliveries still pending")


async def deliveries_of(
    engine: AsyncEngine, subscription: WebhookSubscription
) -> list[tuple[str, int, uuid.UUID]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(WebhookDelivery.status, WebhookDelivery.attempts, WebhookDelivery.id).where(
                WebhookDelivery.subscription_id == subscription.id
            )
        )
        return [(row.status, row.attempts, row.id) for row in rows]


@pytest.fixture
async def client() -> AsyncIterator[WebhookClient]:
    # The test receiver listens on loopback, which production settings refuse.
    targets = WebhookTargets(WebhookTargetSettings(allow_private_targets=True))
    webhook_client = WebhookClient(targets, timeout_seconds=2)
    yield webhook_client
    await webhook_client.close()


def sender(
    engine: AsyncEngine, client: WebhookClient, metrics: RecordingMetrics | None = None
) -> SendWebhooks:
    return SendWebhooks(
        units_of_work(engine),
        client,
        QUICK,
        metrics or RecordingMetrics(),
        timedelta(seconds=30),
    )


async def test_a_receiver_failing_twice_gets_the_event_on_the_third_attempt(
    engine: AsyncEngine, client: WebhookClient
) -> None:
    with running_receiver(fail_first=2) as receiver:
        subscription = await subscribe(engine, receiver)
        await placed_orders(engine, 1)

        await send_until_settled(sender(engine, client), engine)

    [(status, attempts, delivery_id)] = await deliveries_of(engine, subscription)
    assert (status, attempts) == ("delivered", 3)
    assert [item.status for item in receiver.received] == [503, 503, 204]
    accepted = receiver.received[-1]
    verify(SECRET, accepted.body, accepted.headers)
    async with engine.connect() as connection:
        codes = (
            await connection.scalars(
                select(DeliveryAttempt.status_code)
                .where(DeliveryAttempt.delivery_id == delivery_id)
                .order_by(DeliveryAttempt.attempted_at)
            )
        ).all()
    assert codes == [503, 503, 204]


async def test_a_receiver_that_always_fails_ends_dead_lettered_after_the_limit(
    engine: AsyncEngine, client: WebhookClient
) -> None:
    metrics = RecordingMetrics()
    with running_receiver(always_fail=True) as receiver, capture_logs() as logs:
        subscription = await subscribe(engine, receiver)
        await placed_orders(engine, 1)

        await send_until_settled(sender(engine, client, metrics), engine)

    [(status, attempts, _)] = await deliveries_of(engine, subscription)
    assert (status, attempts) == ("dead", QUICK.max_attempts)
    assert len(receiver.received) == QUICK.max_attempts
    assert metrics.attempts["dead"] == 1
    # An operator hears of each failure: retries as warnings, then the dead letter.
    warnings = [line for line in logs if line["log_level"] == "warning"]
    assert [line["event"] for line in warnings] == [
        *["webhook failed, retry scheduled"] * (QUICK.max_attempts - 1),
        "webhook dead-lettered",
    ]
    assert [line["attempt"] for line in warnings] == list(range(1, QUICK.max_attempts + 1))
    assert {line["subscription_id"] for line in warnings} == {str(subscription.id)}
    assert {line["status_code"] for line in warnings} == {503}
    assert all(line["event_id"] and line["retry_at"] for line in warnings[:-1])


async def test_two_senders_deliver_each_event_once(
    engine: AsyncEngine, client: WebhookClient
) -> None:
    with running_receiver() as receiver:
        subscription = await subscribe(engine, receiver)
        await placed_orders(engine, 40)
        senders = [sender(engine, client), sender(engine, client)]

        await asyncio.gather(*(send_until_settled(s, engine) for s in senders))

    event_ids = [item.headers[ID_HEADER] for item in receiver.received]
    assert len(event_ids) == 40
    assert len(set(event_ids)) == 40
    assert {status for status, _, _ in await deliveries_of(engine, subscription)} == {"delivered"}


async def test_a_stop_in_the_middle_hands_the_claimed_deliveries_back(
    engine: AsyncEngine, client: WebhookClient
) -> None:
    with running_receiver(delay_seconds=2) as receiver:
        subscription = await subscribe(engine, receiver)
        await placed_orders(engine, 3)
        sending = asyncio.create_task(sender(engine, client).execute(50))
        await asyncio.sleep(0.5)  # claimed, POSTs under way

        sending.cancel()
        with pytest.raises(asyncio.CancelledError):
            await sending

    async with engine.connect() as connection:
        due_now = await connection.scalar(
            select(func.count())
            .select_from(WebhookDelivery)
            .where(
                WebhookDelivery.subscription_id == subscription.id,
                WebhookDelivery.status == "pending",
                WebhookDelivery.attempts == 0,
                WebhookDelivery.next_attempt_at <= func.now(),
            )
        )
    assert due_now == 3
    assert receiver.url
