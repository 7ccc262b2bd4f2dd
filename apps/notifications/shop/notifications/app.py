"""Composition root of the notifications app: settings in, a running app out.

One loop beside the health port (`shop.core.background`): fetch order events from the app's
durable JetStream consumer and e-mail the customer about each. It reads no database and imports
no other app: the events are its whole contract with the shop.
"""

from __future__ import annotations

from shop.connectors.events.consumer import ConsumerProbe, EventConsumer, Subscription
from shop.connectors.events.processed import ProcessedEvents
from shop.connectors.mail.smtp import MailProbe, SmtpMailer
from shop.core.background import HealthPort, Loop, run_loops
from shop.core.health import CheckReadiness
from shop.core.logging import get_logger
from shop.core.telemetry import start_telemetry
from shop.notifications.interface.deliveries import HandleDeliveries
from shop.notifications.interface.metrics import NotificationMetrics
from shop.notifications.release import build
from shop.notifications.services.letters import LETTER_TYPES, Letters
from shop.notifications.services.order_mail import NotifyCustomer
from shop.notifications.settings import NotificationsAppSettings

_log = get_logger(__name__)
FETCH_WAIT_SECONDS = 1.0  # a fetch waits this long for events: a stop is seen within it
SECONDS_PER_DAY = 86_400


async def run(settings: NotificationsAppSettings) -> None:
    telemetry = start_telemetry(build(), settings.log, settings.tracing)
    config = settings.notifications
    consumer = EventConsumer(
        config.nats_url,
        Subscription(
            config.consumer,
            LETTER_TYPES,
            ack_wait_seconds=config.ack_wait_seconds,
            max_deliveries=config.max_attempts,
        ),
    )
    mailer = SmtpMailer(settings.mail)
    processed = ProcessedEvents(
        consumer, f"{config.consumer}-processed", config.processed_days * SECONDS_PER_DAY
    )
    deliveries = HandleDeliveries(
        consumer,
        NotifyCustomer(Letters(config.sender), mailer, processed),
        config.backoff,
        NotificationMetrics(telemetry.registry),
        batch_size=config.batch_size,
        wait_seconds=FETCH_WAIT_SECONDS,
    )
    readiness = CheckReadiness([ConsumerProbe(consumer), MailProbe(mailer)])
    try:
        await run_loops(
            "notifications",
            [Loop("order e-mails", deliveries.step, 0.0)],
            readiness,
            telemetry,
            HealthPort(config.host, config.port),
        )
    finally:
        await consumer.close()
        _log.info("notifications stopped")
        telemetry.close()
