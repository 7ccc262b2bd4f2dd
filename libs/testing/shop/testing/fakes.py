"""Fakes of the security primitives, for the unit tests of any app's use cases."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from shop.core.errors import UnauthenticatedError
from shop.core.security.rate_limits import (
    RateLimiter,
    RateLimitSettings,
    SignInThrottle,
    SignUpThrottle,
)
from shop.core.security.tokens import IssuedToken


class PlainPasswords:
    """A fake hasher: the unit tests check the use cases, not argon2."""

    async def hash(self, password: str) -> str:
        return plain_hash(password)

    async def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == plain_hash(password)

    def needs_rehash(self, password_hash: str) -> bool:  # noqa: ARG002 - one scheme only
        return False


def plain_hash(password: str) -> str:
    """What `PlainPasswords` stores for a password, for test data made up front."""
    return f"hashed:{password}"


def unlimited_sign_ins(audience: str = "test") -> SignInThrottle:
    """Budgets that never run out, for use cases whose tests are not about rate limits."""
    settings = RateLimitSettings(enabled=False)
    return SignInThrottle(RateLimiter(settings), settings, audience)


def unlimited_sign_ups(audience: str = "test") -> SignUpThrottle:
    settings = RateLimitSettings(enabled=False)
    return SignUpThrottle(RateLimiter(settings), settings, audience)


@dataclass(frozen=True)
class Claims:
    subject: uuid.UUID
    role: str | None = None


class FakeTokens:
    """Tokens that are their subject in plain text: `token:<uuid>` (and `:<role>`)."""

    def issue(self, subject: uuid.UUID, role: str | None = None) -> IssuedToken:
        return IssuedToken(f"token:{subject}" + (f":{role}" if role else ""), 60)

    def verify(self, token: str) -> Claims:
        scheme, _, rest = token.partition(":")
        subject, _, role = rest.partition(":")
        try:
            subject_id = uuid.UUID(subject)
        except ValueError:
            subject_id = None
        if scheme != "token" or subject_id is None:
            raise UnauthenticatedError("bad token")
        return Claims(subject_id, role or None)


class RecordingMetrics:
    """The worker's metrics port, counting into dicts."""

    def __init__(self) -> None:
        self.relayed: dict[str, int] = {}
        self.failed: dict[str, int] = {}
        self.attempts: dict[str, int] = {}
        self.lag: float | None = None
        self.waiting: int | None = None
        self.dead_letters: int | None = None
        self.pruned_rows: dict[str, int] = {}

    def event_relayed(self, event_type: str) -> None:
        self.relayed[event_type] = self.relayed.get(event_type, 0) + 1

    def event_failed(self, event_type: str) -> None:
        self.failed[event_type] = self.failed.get(event_type, 0) + 1

    def webhook_attempted(self, outcome: str, latency: timedelta) -> None:
        del latency
        self.attempts[outcome] = self.attempts.get(outcome, 0) + 1

    def backlog(self, waiting: int, lag_seconds: float, dead_letters: int) -> None:
        self.waiting, self.lag, self.dead_letters = waiting, lag_seconds, dead_letters

    def pruned(self, table: str, rows: int) -> None:
        self.pruned_rows[table] = self.pruned_rows.get(table, 0) + rows
