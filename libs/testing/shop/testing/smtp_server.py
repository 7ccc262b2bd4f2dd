"""A real SMTP server for tests (aiosmtpd), on a loopback port, in a background thread.

It keeps every message it accepted, parsed, and refuses for good (550) the recipients it is
told to. `SmtpServer(port)` can be made before it listens and started later: a test of an app
that finds its mail server down, then up.
"""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from shop.testing.processes import free_port

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class _Mailbox:
    refuse: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        del server, session, rcpt_options
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        del server, session
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)  # noqa: S101 - the default policy makes these
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self._mailbox = _Mailbox()
        self._controller: Controller | None = None

    @property
    def host(self) -> str:
        return HOST

    def refuse(self, address: str) -> None:
        self._mailbox.refuse.add(address.lower())

    def start(self) -> None:
        self._controller = Controller(self._mailbox, hostname=HOST, port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def received(self) -> list[Received]:
        with self._mailbox.lock:
            return list(self._mailbox.received)

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:
        """Wait until `count` messages came; return them (fewer if the time ran out)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.received()) < count:
            time.sleep(0.02)
        return self.received()


@contextmanager
def running_smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
