import asyncio

import pytest
from argon2 import PasswordHasher

from shop.core.errors import UnavailableError, ValidationFailedError
from shop.core.security.passwords import (
    CredentialCheck,
    PasswordHashing,
    PasswordHashingPool,
    PasswordSettings,
    validated_password,
)

# Cheap parameters keep the unit tests fast; production uses argon2-cffi's defaults.
FAST = PasswordHashing(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
# Slow enough to be measured against the event loop's ticks.
SLOW = PasswordHashing(PasswordHasher(time_cost=2, memory_cost=32 * 1024, parallelism=1))


def test_a_hash_verifies_its_password_only() -> None:
    hashed = FAST.hash("correct horse 1")

    assert hashed.startswith("$argon2id$")
    assert FAST.verify(hashed, "correct horse 1")
    assert not FAST.verify(hashed, "correct horse 2")


def test_garbage_instead_of_a_hash_does_not_verify() -> None:
    assert not FAST.verify("not-a-hash", "whatever")


def test_hashes_made_with_weaker_parameters_need_a_rehash() -> None:
    assert PasswordHashing().needs_rehash(FAST.hash("correct horse 1"))


@pytest.mark.parametrize("password", ["short1", "onlyletters", "1234567890123", "x1" * 65])
def test_weak_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationFailedError):
        validated_password(password)


@pytest.mark.parametrize("password", ["tea for 2 please", "1234567890!", "line\nbreak 2ok"])
def test_reasonable_passwords_pass(password: str) -> None:
    assert validated_password(password) == password


class CountingPasswords:
    """A fake that records which hashes were verified."""

    def __init__(self) -> None:
        self.verified: list[str] = []

    async def hash(self, password: str) -> str:
        return "hash:" + password

    async def verify(self, password_hash: str, password: str) -> bool:
        self.verified.append(password_hash)
        return password_hash == "hash:" + password

    def needs_rehash(self, password_hash: str) -> bool:
        return False


async def test_an_unknown_account_never_matches_yet_costs_a_verification() -> None:
    passwords = CountingPasswords()
    check = CredentialCheck(passwords)

    assert not await check.matches(None, "decoy-password-0")
    assert passwords.verified == ["hash:decoy-password-0"]


async def test_a_known_account_matches_its_own_password_only() -> None:
    check = CredentialCheck(CountingPasswords())

    assert await check.matches("hash:tea for 2", "tea for 2")
    assert not await check.matches("hash:tea for 2", "tea for 3")


async def test_hashing_runs_off_the_event_loop() -> None:
    pool = PasswordHashingPool(PasswordSettings(hashing_threads=1), SLOW)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.001)
            ticks += 1

    ticker = asyncio.create_task(tick())
    hashed = await pool.hash("correct horse 1")
    ticker.cancel()
    pool.close()

    # The loop kept running while argon2 worked (~tens of ms with these parameters).
    assert ticks >= 3
    assert SLOW.verify(hashed, "correct horse 1")


async def test_work_beyond_the_threads_and_the_queue_is_refused_at_once() -> None:
    pool = PasswordHashingPool(PasswordSettings(hashing_threads=1, max_waiting=1), SLOW)

    results = await asyncio.gather(
        *(pool.verify(SLOW.hash("x" * 12), "x" * 12) for _ in range(4)), return_exceptions=True
    )
    pool.close()

    refused = [r for r in results if isinstance(r, UnavailableError)]
    assert len(refused) == 2
    assert refused[0].headers["Retry-After"] == "1"
    assert results.count(True) == 2
