import uuid
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import pytest

from shop.connectors.mail.smtp import MailUnavailableError
from shop.notifications.services.letters import Letters
from shop.notifications.services.order_events import MalformedEventError
from shop.notifications.services.order_mail import NotifyCustomer, Outcome
from shop.testing.events import published_order_event, without_customer


class FakeMailer:
    def __init__(self, failures: int = 0) -> None:
        self.sent: list[EmailMessage] = []
        self.failures = failures

    async def send(self, message: EmailMessage) -> None:
        if self.failures:
            self.failures -= 1
            raise MailUnavailableError("mail server unavailable")
        self.sent.append(message)


class FakeProcessed:
    def __init__(self) -> None:
        self.ids: set[str] = set()

    async def seen(self, event_id: str) -> bool:
        return event_id in self.ids

    async def remember(self, event_id: str) -> None:
        self.ids.add(event_id)


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


@pytest.fixture
def notify(letters: Letters, mailer: FakeMailer) -> NotifyCustomer:
    return NotifyCustomer(letters, mailer, FakeProcessed())


async def test_an_event_delivered_twice_is_one_e_mail(
    notify: NotifyCustomer, mailer: FakeMailer
) -> None:
    event = published_order_event()

    outcomes = [await notify.execute(event), await notify.execute(event)]

    assert outcomes == [Outcome.SENT, Outcome.DUPLICATE]
    customer = event["data"]["customer"]
    assert [message["To"] for message in mailer.sent] == [
        f"{customer['name']} <{customer['email']}>"
    ]


async def test_a_mail_the_server_did_not_take_is_not_recorded_so_it_is_sent_again(
    letters: Letters,
) -> None:
    mailer = FakeMailer(failures=1)
    notify = NotifyCustomer(letters, mailer, FakeProcessed())
    event = published_order_event()

    with pytest.raises(MailUnavailableError):
        await notify.execute(event)
    again = await notify.execute(event)

    assert again == Outcome.SENT
    assert len(mailer.sent) == 1


async def test_events_it_writes_no_mail_for_are_passed_over(
    notify: NotifyCustomer, mailer: FakeMailer
) -> None:
    fulfilled = await notify.execute(published_order_event("order.fulfilled"))
    nobody = await notify.execute(without_customer(published_order_event()))

    assert (fulfilled, nobody) == (Outcome.NOT_OURS, Outcome.NO_RECIPIENT)
    assert mailer.sent == []


@pytest.mark.parametrize(
    "change",
    [
        lambda _: None,
        lambda _: "order.placed",
        lambda body: {**body, "data": {}},
        lambda body: {**body, "version": 2},
        lambda body: {**body, "id": str(uuid.uuid4())[:8]},
    ],
    ids=["null", "a string", "no order", "a version it does not read", "a bad id"],
)
async def test_anything_but_an_order_event_is_malformed(
    notify: NotifyCustomer, mailer: FakeMailer, change: Callable[[dict[str, Any]], object]
) -> None:
    with pytest.raises(MalformedEventError):
        await notify.execute(change(published_order_event()))
    assert mailer.sent == []
