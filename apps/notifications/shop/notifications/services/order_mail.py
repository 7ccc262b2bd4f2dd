"""Telling a customer about their order: one e-mail per order event, however often the event
is delivered."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from shop.core.logging import get_logger
from shop.notifications.services.letters import LETTER_TYPES, Letters
from shop.notifications.services.order_events import parsed
from shop.notifications.services.ports import Mailer, ProcessedEvents

_log = get_logger(__name__)


class Outcome(StrEnum):
    SENT = "sent"
    DUPLICATE = "duplicate"  # handled before: a redelivery
    NO_RECIPIENT = "no_recipient"  # an event recorded before events named the customer
    NOT_OURS = "not_ours"  # an order event this app writes no e-mail for


class NotifyCustomer:
    def __init__(self, letters: Letters, mailer: Mailer, processed: ProcessedEvents) -> None:
        self._letters = letters
        self._mailer = mailer
        self._processed = processed

    async def execute(self, body: Any) -> Outcome:
        """MalformedEventError for a body that is no order event; the mailer's errors when the
        mail server did not take the e-mail (then nothing is recorded: it is sent again)."""
        event = parsed(body)
        if event.type not in LETTER_TYPES:
            return Outcome.NOT_OURS
        event_id = str(event.id)
        if await self._processed.seen(event_id):
            return Outcome.DUPLICATE
        if event.data.customer is None:
            _log.warning("order event names no customer", event_id=event_id, type=event.type)
            return Outcome.NO_RECIPIENT
        # Sent, then recorded: a process that dies in between sends it once more on redelivery
        # (with the same Message-ID), rather than never.
        await self._mailer.send(self._letters.compose(event, event.data.customer))
        await self._processed.remember(event_id)
        return Outcome.SENT
