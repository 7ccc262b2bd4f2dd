"""Webhook deliveries against PostgreSQL and real HTTP receivers: retries, dead letters,
exactly one accepted delivery per event with two senders, a slow receiver holding only its own
slots, and a stop that records what was sent and hands back the rest."""

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
    return await add_subscription(engine, receiver)


async def add_subscription(engine: AsyncEngine, receiver: Receiver) -> WebhookSubscription:
    """Another active subscription to order.placed, beside the one `subscribe` made."""
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
        await sender.execute()
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


async def states_of(
    engine: AsyncEngine, subscription: WebhookSubscription
) -> list[tuple[str, int, bool]]:
    """Each delivery's status, attempts, and whether it is due now."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(
                WebhookDelivery.status,
                WebhookDelivery.attempts,
                WebhookDelivery.next_attempt_at <= func.now(),
            ).where(WebhookDelivery.subscription_id == subscription.id)
        )
        return sorted((row[0], row[1], row[2]) for row in rows)


@pytest.fixture
async def client() -> AsyncIterator[WebhookClient]:
    # The test receiver listens on loopback, which production settings refuse.
    targets = WebhookTargets(WebhookTargetSettings(allow_private_targets=True))
    webhook_client = WebhookClient(targets, timeout_seconds=2)
    yield webhook_client
    await webhook_client.close()


def sender(
    engine: AsyncEngine,
    client: WebhookClient,
    metrics: RecordingMetrics | None = None,
    *,
    concurrency: int = 50,
    per_receiver: int = 50,
) -> SendWebhooks:
    return SendWebhooks(
        units_of_work(engine),
        client,
        QUICK,
        metrics or RecordingMetrics(),
        timedelta(seconds=30),
        concurrency=concurrency,
        per_receiver=per_receiver,
        wait_seconds=0.02,
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


async def test_a_slow_receiver_holds_only_its_own_slots(
    engine: AsyncEngine, client: WebhookClient
) -> None:
    with running_receiver(delay_seconds=1.5) as slow, running_receiver() as fast:
        await subscribe(engine, fast)
        await add_subscription(engine, slow)
        await placed_orders(engine, 20)
        webhooks = sender(engine, client, concurrency=4, per_receiver=2)

        started = asyncio.get_running_loop().time()
        while len(fast.accepted()) < 20:
            await webhooks.execute()
        took = asyncio.get_running_loop().time() - started
        await webhooks.stop(grace_seconds=0)

    # The fast receiver got all 20 (two slots of four) before the slow one answered its first
    # two, which held the other two slots the whole time.
    assert took < 1.5
    assert len(slow.received) <= 2


async def test_a_stop_records_what_was_sent_and_hands_back_the_rest(
    engine: AsyncEngine, client: WebhookClient
) -> None:
    with running_receiver(delay_seconds=1) as slow, running_receiver() as fast:
        fast_subscription = await subscribe(engine, fast)
        slow_subscription = await add_subscription(engine, slow)
        await placed_orders(engine, 3)
        webhooks = sender(engine, client)
        await webhooks.execute()  # all six claimed, the fast three answered meanwhile
        fast.wait_for(3)

        await webhooks.stop(grace_seconds=0.2)

    # The slow three handed back untried and due at once; the fast three recorded.
    assert await states_of(engine, slow_subscription) == [("pending", 0, True)] * 3
    fast_ones = await states_of(engine, fast_subscription)
    assert [(status, attempts) for status, attempts, _ in fast_ones] == [("delivered", 1)] * 3
