"""E-mail through an SMTP server (aiosmtplib): one connection per message, TLS by default.

A message the server refuses for good (a 5xx reply: no such mailbox, say) is
`MailRefusedError`, not worth sending again; anything else that stops it (no answer, a
4xx reply, a dropped connection) is `MailUnavailableError`, worth sending again later.
"""

from __future__ import annotations

from email.message import EmailMessage
from enum import StrEnum
from typing import Any, ClassVar

import aiosmtplib
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shop.core.errors import UnavailableError
from shop.core.settings import SettingsFragment

PERMANENT_FAILURE = 500  # SMTP reply codes 5xx: the server will not take this message


class SmtpSecurity(StrEnum):
    STARTTLS = "starttls"  # plain connection upgraded to TLS (submission, port 587)
    TLS = "tls"  # TLS from the first byte (port 465)
    NONE = "none"  # a relay on the same host or network only


class MailSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="SMTP_")
    development_defaults: ClassVar = {
        "host": "127.0.0.1",
        "port": 1025,
        "security": SmtpSecurity.NONE,
    }

    host: str = Field(min_length=1)
    """The SMTP server to send e-mail through (required outside development)."""
    port: int = Field(default=587, ge=1, le=65535)
    """Its port: 587 for STARTTLS submission, 465 for TLS, 25 or 1025 for a local relay."""
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    """starttls, tls, or none (a relay on the same host or network only)."""
    username: str | None = None
    """The account to sign in with, if the server wants one."""
    password: SecretStr | None = None
    """Its password (a secret: never logged)."""
    timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    """How long the server has to answer each step of a message."""


class MailUnavailableError(UnavailableError):
    """The message was not sent this time; sending it again later may work."""


class MailRefusedError(Exception):
    """The server refused the message for good (a 5xx reply)."""


class SmtpMailer:
    def __init__(self, settings: MailSettings) -> None:
        self._settings = settings

    async def send(self, message: EmailMessage) -> None:
        try:
            await aiosmtplib.send(message, **self._connection())
        except aiosmtplib.SMTPRecipientsRefused as error:
            codes = [response.code for response in error.recipients]
            if all(code >= PERMANENT_FAILURE for code in codes):
                raise MailRefusedError(f"recipients refused: {error}") from None
            raise MailUnavailableError(f"recipients deferred: {error}") from None
        except aiosmtplib.SMTPResponseException as error:
            if error.code >= PERMANENT_FAILURE:
                raise MailRefusedError(f"refused with {error.code}: {error.message}") from None
            raise MailUnavailableError(f"deferred with {error.code}: {error.message}") from None
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            raise MailUnavailableError(f"mail server unavailable: {error}") from None

    async def check(self) -> None:
        """Connect, say hello and NOOP: the server answers (a readiness probe)."""
        client = aiosmtplib.SMTP(**self._connection())
        async with client:
            await client.noop()

    def _connection(self) -> dict[str, Any]:
        settings = self._settings
        return {
            "hostname": settings.host,
            "port": settings.port,
            "username": settings.username,
            "password": settings.password.get_secret_value() if settings.password else None,
            "use_tls": settings.security == SmtpSecurity.TLS,
            "start_tls": settings.security == SmtpSecurity.STARTTLS,
            "timeout": settings.timeout_seconds,
        }


class MailProbe:
    """Readiness: the mail server answers."""

    name = "mail"

    def __init__(self, mailer: SmtpMailer) -> None:
        self._mailer = mailer

    async def check(self) -> None:
        await self._mailer.check()
