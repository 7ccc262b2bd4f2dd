"""Signing up and signing in."""

from __future__ import annotations

import uuid
from typing import Any

from shop.core.errors import NotFoundError, UnauthenticatedError
from shop.core.security.passwords import validated_password
from shop.core.security.rate_limits import SignInThrottle, SignUpThrottle
from shop.core.security.sign_in import PasswordSignIn
from shop.core.security.tokens import IssuedToken
from shop.entities import Customer
from shop.public_api.services.ports import (
    PasswordsPort,
    TokensPort,
    TokenVerifierPort,
    UnitOfWorkFactory,
)
from shop.public_api.services.replies import customer_reply

WRONG_CREDENTIALS = "The email or password is wrong, or the account is suspended."


class SignUp:
    def __init__(
        self, uow: UnitOfWorkFactory, passwords: PasswordsPort, throttle: SignUpThrottle
    ) -> None:
        self._uow = uow
        self._passwords = passwords
        self._throttle = throttle

    async def execute(self, email: str, name: str, password: str, address: str) -> dict[str, Any]:
        """`address`: the client's, which the sign-up budget is counted against."""
        await self._throttle.attempt(address)
        password_hash = await self._passwords.hash(validated_password(password))
        customer = Customer.register(email=email, name=name, password_hash=password_hash)
        async with self._uow() as uow:
            uow.customers.add(customer)
            await uow.commit()  # a taken email is a 409 from the UNIQUE index
        return customer_reply(customer)


class SignIn:
    """Email and password in, access token out; every refusal looks the same to the caller."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        passwords: PasswordsPort,
        tokens: TokensPort,
        throttle: SignInThrottle,
    ) -> None:
        self._sign_in = PasswordSignIn(
            uow, lambda uow: uow.customers, passwords, throttle, WRONG_CREDENTIALS
        )
        self._tokens = tokens

    async def execute(self, email: str, password: str, address: str) -> IssuedToken:
        """`address`: the client's; each attempt counts against it and against the account."""
        customer = await self._sign_in.execute(email, password, address)
        return self._tokens.issue(customer.id)


def signed_in(customer: Customer | None) -> Customer:
    """What every request of a signed-in customer passes: the account exists and is active
    (a token outlives a suspension; the account is read again on each request)."""
    if customer is None:
        raise UnauthenticatedError("The account no longer exists.")
    if not customer.active:
        raise UnauthenticatedError("The account is suspended.")
    return customer


class Authenticate:
    """A bearer token in, the signed-in customer out: refused once suspended or gone, even
    while the token itself is still valid."""

    def __init__(self, uow: UnitOfWorkFactory, tokens: TokenVerifierPort) -> None:
        self._uow = uow
        self._tokens = tokens

    def subject(self, token: str | None) -> uuid.UUID:
        """Whose token it is, checking the token alone (a use case that reads the account
        itself checks it with `signed_in`)."""
        if not token:
            raise UnauthenticatedError("Sign in first: this needs a bearer token.")
        return self._tokens.verify(token).subject

    async def execute(self, token: str | None) -> Customer:
        customer_id = self.subject(token)
        try:
            async with self._uow() as uow:
                customer = await uow.customers.get(customer_id)
        except NotFoundError:
            customer = None
        return signed_in(customer)
