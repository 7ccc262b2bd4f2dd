"""What the use cases need from outside, as Protocols: the composition root plugs in the SMTP
mailer and the JetStream bucket, the unit tests plug in fakes."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Protocol


class Mailer(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Hand the message to the mail server; raise when it was not taken."""


class ProcessedEvents(Protocol):
    async def seen(self, event_id: str) -> bool: ...

    async def remember(self, event_id: str) -> None: ...
