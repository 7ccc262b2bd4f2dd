"""Rate limits on sign-in and sign-up, per account and per client address (the `limits` library).

Budgets live in memory by default, or in Redis when `RATE_LIMIT_STORAGE_URL` points at one, so
that every replica of an app spends from the same budget. Windows move (a budget frees up as
its oldest attempt ages out), and a refusal says when to come back (429 with `Retry-After`).

Every attempt spends from its budgets before the password is looked at, in one atomic step per
window: a guesser who used a budget up gets 429 without costing an argon2 verification, and
concurrent attempts cannot overshoot it (checking first and counting failures afterwards let
8 concurrent guessers make 17 tries against a budget of 10).

If the shared storage cannot be reached the attempt is let through and logged: a Redis outage
must not lock every user out (the password hashing pool still caps the work).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from limits import RateLimitItem, parse_many
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from pydantic import field_validator
from pydantic_settings import SettingsConfigDict

from shop.core.errors import RateLimitedError
from shop.core.logging import get_logger
from shop.core.settings import SettingsFragment

if TYPE_CHECKING:
    # Never imported here: `limits` loads its Redis client by name when a redis:// storage is
    # configured. Naming it lets the build see the dependency, so every PEX that limits
    # sign-ins carries the client.
    import redis.asyncio  # noqa: F401

_log = get_logger(__name__)


class RateLimitSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="RATE_LIMIT_")

    enabled: bool = True
    """Limit sign-in and sign-up attempts (off only in tests)."""
    storage_url: str = "memory://"
    """memory:// (this process only) or redis://host:port/db (shared by every replica)."""
    sign_in_per_account: str = "10/minute;50/hour"
    """Sign-in attempts allowed per account, in `limits` notation: windows separated by ";"
    (e.g. "5/minute;20/hour")."""
    sign_in_per_address: str = "30/minute;300/hour"
    """Sign-in attempts allowed from one client address, in the same notation."""
    sign_up_per_address: str = "10/minute;100/hour"
    """Sign-ups allowed from one client address, in the same notation."""

    @field_validator("sign_in_per_account", "sign_in_per_address", "sign_up_per_address")
    @classmethod
    def _readable(cls, value: str) -> str:
        parse_many(value)  # a ValueError names the bad part
        return value

    @field_validator("storage_url")
    @classmethod
    def _known_storage(cls, value: str) -> str:
        if not value.startswith(("memory://", "redis://", "rediss://")):
            raise ValueError("must start with memory://, redis:// or rediss://")
        return value


class Budget:
    """Some windows of attempts (`10/minute;50/hour`) for one kind of key."""

    def __init__(self, name: str, windows: str) -> None:
        self.name = name
        self.windows: Sequence[RateLimitItem] = parse_many(windows)


class RateLimiter:
    def __init__(self, settings: RateLimitSettings) -> None:
        self.enabled = settings.enabled
        options = {"implementation": "redispy"} if settings.storage_url.startswith("redis") else {}
        storage = storage_from_string("async+" + settings.storage_url, **options)
        self._windows = MovingWindowRateLimiter(storage)

    async def spend(self, budget: Budget, key: str) -> None:
        """Count one attempt against every window of the budget; 429 when one is used up."""
        if not self.enabled:
            return
        try:
            reset_time = await self._spent_until(budget, key)
        except Exception as error:  # noqa: BLE001 - the storage's own errors vary by backend
            _log.warning("rate limit storage unavailable; attempt allowed", error=repr(error))
            return
        if reset_time is not None:
            retry_after = max(1, math.ceil(reset_time - time.time()))
            raise RateLimitedError(
                f"Too many attempts; try again in {retry_after} seconds.", retry_after=retry_after
            )

    async def _spent_until(self, budget: Budget, key: str) -> float | None:
        """None if every window took the attempt; else when the full one frees up again."""
        for window in budget.windows:
            if not await self._windows.hit(window, budget.name, key):
                stats = await self._windows.get_window_stats(window, budget.name, key)
                return float(stats.reset_time)
        return None


class SignInThrottle:
    """The budgets of one app's sign-in: per account (email) and per client address."""

    def __init__(self, limiter: RateLimiter, settings: RateLimitSettings, audience: str) -> None:
        self._limiter = limiter
        self._per_account = Budget(f"{audience}-sign-in-account", settings.sign_in_per_account)
        self._per_address = Budget(f"{audience}-sign-in-address", settings.sign_in_per_address)

    async def attempt(self, account: str, address: str) -> None:
        await self._limiter.spend(self._per_address, address)
        await self._limiter.spend(self._per_account, account.strip().lower())


class SignUpThrottle:
    """The budget of one app's sign-up, per client address."""

    def __init__(self, limiter: RateLimiter, settings: RateLimitSettings, audience: str) -> None:
        self._limiter = limiter
        self._per_address = Budget(f"{audience}-sign-up-address", settings.sign_up_per_address)

    async def attempt(self, address: str) -> None:
        await self._limiter.spend(self._per_address, address)
