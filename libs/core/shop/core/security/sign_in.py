"""Signing in with an email and a password, the same for every kind of account.

What differs between apps is where accounts live and what a token says (a staff token
carries its role); how a password is checked does not, so it is written once here.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Generic, Protocol, TypeVar

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


AccountT = TypeVar("AccountT", bound=Account)


class PasswordSignIn(Generic[AccountT]):
    """Email and password in, the account out; every refusal looks the same to the caller.

    A wrong password, an unknown email and an inactive account are one 401 after the same
    work (an unknown email still costs a verification). A hash made with weaker parameters
    than today's is replaced on the way, while the password is at hand: `store_hash` is given
    the account's id and the new hash.
    """

    def __init__(
        self,
        find: Callable[[str], Awaitable[AccountT | None]],
        store_hash: Callable[[uuid.UUID, str], Awaitable[None]],
        passwords: Passwords,
        throttle: SignInThrottle,
        refusal: str,
    ) -> None:
        self._find = find
        self._store_hash = store_hash
        self._passwords = passwords
        self._credentials = CredentialCheck(passwords)
        self._throttle = throttle
        self._refusal = refusal

    async def execute(self, email: str, password: str, address: str) -> AccountT:
        """`address`: the client's; each attempt counts against it and against the account."""
        await self._throttle.attempt(email, address)
        account = await self._find(email)
        hashed = account.password_hash if account else None
        verified = await self._credentials.matches(hashed, password)
        if account is None or not verified or not account.active:
            raise UnauthenticatedError(self._refusal)
        if self._passwords.needs_rehash(account.password_hash):
            await self._store_hash(account.id, await self._passwords.hash(password))
        return account
