"""Signing in with an email and a password, the same for every kind of account.

What differs between apps is where accounts live and what a token says (a staff token
carries its role); how a password is checked does not, so it is written once here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from types import TracebackType
from typing import Generic, Protocol, Self, TypeVar

from shop.core.errors import UnauthenticatedError
from shop.core.security.passwords import CredentialCheck, Passwords
from shop.core.security.rate_limits import SignInThrottle


class Account(Protocol):
    @property
    def id(self) -> uuid.UUID: ...

    @property
    def password_hash(self) -> str: ...

    @property
    def active(self) -> bool: ...

    def replace_password_hash(self, password_hash: str) -> None: ...


AccountT = TypeVar("AccountT", bound=Account)
_AccountT_co = TypeVar("_AccountT_co", bound=Account, covariant=True)


class Accounts(Protocol[_AccountT_co]):
    """One kind of account in a unit of work (customers, staff users)."""

    async def by_email(self, email: str) -> _AccountT_co | None: ...

    async def get(self, account_id: uuid.UUID) -> _AccountT_co: ...


class Transaction(Protocol):
    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


TransactionT = TypeVar("TransactionT", bound=Transaction)


class PasswordSignIn(Generic[TransactionT, AccountT]):
    """Email and password in, the account out; every refusal looks the same to the caller.

    A wrong password, an unknown email and an inactive account are one 401 after the same
    work (an unknown email still costs a verification). A hash made with weaker parameters
    than today's is replaced on the way, while the password is at hand. The app says where
    its accounts are: `accounts` picks them from a unit of work made by `uow`.
    """

    def __init__(
        self,
        uow: Callable[[], TransactionT],
        accounts: Callable[[TransactionT], Accounts[AccountT]],
        passwords: Passwords,
        throttle: SignInThrottle,
        refusal: str,
    ) -> None:
        self._uow = uow
        self._accounts = accounts
        self._passwords = passwords
        self._credentials = CredentialCheck(passwords)
        self._throttle = throttle
        self._refusal = refusal

    async def execute(self, email: str, password: str, address: str) -> AccountT:
        """`address`: the client's; each attempt counts against it and against the account."""
        await self._throttle.attempt(email, address)
        # Found in one transaction, checked outside any: argon2 holds no connection.
        async with self._uow() as uow:
            account = await self._accounts(uow).by_email(email)
        hashed = account.password_hash if account else None
        verified = await self._credentials.matches(hashed, password)
        if account is None or not verified or not account.active:
            raise UnauthenticatedError(self._refusal)
        if self._passwords.needs_rehash(account.password_hash):
            new_hash = await self._passwords.hash(password)
            async with self._uow() as uow:
                (await self._accounts(uow).get(account.id)).replace_password_hash(new_hash)
                await uow.commit()
        return account
