"""Password hashing with argon2id (argon2-cffi), kept off the event loop.

An argon2 verification is tens of milliseconds of CPU by design. Run on the event loop, eight
concurrent wrong sign-ins raised every other request's latency from 2.5 ms to 388 ms. The
apps hash through `PasswordHashingPool`: a few threads (argon2 releases the GIL) and a cap on
the work waiting for them, beyond which a sign-in is refused with 503 at once instead of
queueing without bound.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shop.core.errors import UnavailableError, ValidationFailedError
from shop.core.settings import SettingsFragment

T = TypeVar("T")

MIN_LENGTH = 10
MAX_LENGTH = 128  # argon2 would hash a megabyte happily; a login form should not ask it to


class PasswordHashing:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True


class PasswordSettings(SettingsFragment):
    model_config = SettingsConfigDict(env_prefix="PASSWORD_")

    hashing_threads: int = Field(default=2, ge=1, le=64)
    """Threads that hash and verify; each argon2 call keeps one core busy while it runs."""
    max_waiting: int = Field(default=32, ge=0, le=10_000)
    """Hashes allowed to wait for a thread; past this a sign-in or sign-up gets 503 at once."""


class Passwords(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool: ...

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters than today's (cheap: no hashing)."""


class PasswordHashingPool:
    """`PasswordHashing` run in a bounded thread pool: the event loop never hashes."""

    def __init__(self, settings: PasswordSettings, hashing: PasswordHashing | None = None) -> None:
        self._hashing = hashing or PasswordHashing()
        self._executor = ThreadPoolExecutor(
            settings.hashing_threads, thread_name_prefix="password-hashing"
        )
        self._capacity = settings.hashing_threads + settings.max_waiting
        self._in_flight = 0

    async def hash(self, password: str) -> str:
        return await self._run(self._hashing.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        return await self._run(self._hashing.verify, password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hashing.needs_rehash(password_hash)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _run(self, function: Callable[..., T], *args: str) -> T:
        if self._in_flight >= self._capacity:
            raise UnavailableError(
                "Too many sign-ins are being checked right now; try again in a moment.",
                retry_after=1,
            )
        self._in_flight += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, function, *args)
        finally:
            self._in_flight -= 1


class CredentialCheck:
    """A password against an account that may not exist, taking as long either way.

    An unknown email still costs one argon2 verification (against a decoy hash), so response
    times do not tell a caller which emails have accounts.
    """

    def __init__(self, passwords: Passwords) -> None:
        self._passwords = passwords
        self._decoy_hash: str | None = None

    async def matches(self, password_hash: str | None, password: str) -> bool:
        if self._decoy_hash is None:
            self._decoy_hash = await self._passwords.hash("decoy-password-0")
        verified = await self._passwords.verify(password_hash or self._decoy_hash, password)
        return verified and password_hash is not None


# The strength rule as a regular expression, so the OpenAPI documents state it exactly as it is
# checked: 10 to 128 characters, not only letters, not only digits.
# ([\s\S]: any character, line breaks too, in Python and in JSON Schema's ECMA-262 alike.)
PASSWORD_PATTERN = rf"^(?=[\s\S]*[^A-Za-z])(?=[\s\S]*[^0-9])[\s\S]{{{MIN_LENGTH},{MAX_LENGTH}}}$"
PASSWORD_RULE = f"{MIN_LENGTH} to {MAX_LENGTH} characters, not only letters and not only digits"


def validated_password(password: str) -> str:
    """The strength rule (`PASSWORD_PATTERN`)."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        raise ValidationFailedError(f"A password needs {MIN_LENGTH} to {MAX_LENGTH} characters.")
    if re.fullmatch(PASSWORD_PATTERN, password) is None:
        raise ValidationFailedError(f"A password needs {PASSWORD_RULE}.")
    return password
