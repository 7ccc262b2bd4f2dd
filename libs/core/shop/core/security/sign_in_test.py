import uuid
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

import pytest

from shop.core.errors import UnauthenticatedError
from shop.core.security.rate_limits import RateLimiter, RateLimitSettings, SignInThrottle
from shop.core.security.sign_in import PasswordSignIn

PASSWORD = "tea for 2 please"


@dataclass
class FakeAccount:
    password_hash: str
    active: bool = True
    id: uuid.UUID = field(default_factory=uuid.uuid4)

    def replace_password_hash(self, password_hash: str) -> None:
        self.password_hash = password_hash


class VersionedPasswords:
    """Hashes that name their parameters: "v1:" ones are older than today's "v2:"."""

    def __init__(self) -> None:
        self.verified = 0

    async def hash(self, password: str) -> str:
        return "v2:" + password

    async def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return password_hash.split(":", 1)[1] == password

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith("v2:")


class Accounts:
    """A unit of work with one kind of account, counting its commits."""

    def __init__(self, *accounts: FakeAccount, emails: list[str]) -> None:
        self.by_address = dict(zip(emails, accounts, strict=True))
        self.commits = 0

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        pass

    async def commit(self) -> None:
        self.commits += 1

    async def by_email(self, email: str) -> FakeAccount | None:
        return self.by_address.get(email)

    async def get(self, account_id: uuid.UUID) -> FakeAccount:
        return next(a for a in self.by_address.values() if a.id == account_id)


def sign_in(
    accounts: Accounts, passwords: VersionedPasswords
) -> PasswordSignIn[Accounts, FakeAccount]:
    settings = RateLimitSettings(enabled=False)
    throttle = SignInThrottle(RateLimiter(settings), settings, "test")
    return PasswordSignIn(lambda: accounts, lambda uow: uow, passwords, throttle, "Wrong.")


async def test_every_refusal_is_the_same_401_after_the_same_work() -> None:
    passwords = VersionedPasswords()
    accounts = Accounts(
        FakeAccount("v2:" + PASSWORD),
        FakeAccount("v2:" + PASSWORD, active=False),
        emails=["ann@example.com", "gone@example.com"],
    )
    refusals = []
    for email, password in [
        ("ann@example.com", "wrong password"),
        ("nobody@example.com", PASSWORD),
        ("gone@example.com", PASSWORD),
    ]:
        with pytest.raises(UnauthenticatedError) as refused:
            await sign_in(accounts, passwords).execute(email, password, "10.0.0.1")
        refusals.append(str(refused.value))

    assert refusals == ["Wrong."] * 3
    assert passwords.verified == 3  # the unknown email cost a verification too


async def test_an_older_hash_is_replaced_when_the_password_is_right() -> None:
    old, current = FakeAccount("v1:" + PASSWORD), FakeAccount("v2:" + PASSWORD)
    accounts = Accounts(old, current, emails=["old@example.com", "new@example.com"])
    passwords = VersionedPasswords()

    assert await sign_in(accounts, passwords).execute("old@example.com", PASSWORD, "a") is old
    assert await sign_in(accounts, passwords).execute("new@example.com", PASSWORD, "a") is current
    with pytest.raises(UnauthenticatedError):
        await sign_in(accounts, passwords).execute("old@example.com", "wrong password", "a")

    assert (old.password_hash, current.password_hash) == ("v2:" + PASSWORD, "v2:" + PASSWORD)
    assert accounts.commits == 1  # the old hash replaced, the current one left alone
