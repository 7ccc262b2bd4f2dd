"""Staff sign-in, and who is calling with which role on every request."""

from __future__ import annotations

from shop.admin_api.services.ports import (
    StaffAccessPort,
    TokensPort,
    TokenVerifierPort,
    UnitOfWorkFactory,
)
from shop.core.errors import ForbiddenError, UnauthenticatedError
from shop.core.security.passwords import Passwords
from shop.core.security.rate_limits import SignInThrottle
from shop.core.security.sign_in import PasswordSignIn
from shop.core.security.tokens import IssuedToken
from shop.entities import StaffAccess, StaffRole

WRONG_CREDENTIALS = "The email or password is wrong, or the account is deactivated."


class SignInStaff:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        passwords: Passwords,
        tokens: TokensPort,
        throttle: SignInThrottle,
    ) -> None:
        self._sign_in = PasswordSignIn(
            uow, lambda uow: uow.staff, passwords, throttle, WRONG_CREDENTIALS
        )
        self._tokens = tokens

    async def execute(self, email: str, password: str, address: str) -> IssuedToken:
        """`address`: the client's; each attempt counts against it and against the account."""
        user = await self._sign_in.execute(email, password, address)
        return self._tokens.issue(user.id, role=user.role)


class AuthorizeStaff:
    """A bearer token and the role an operation needs in, the caller's access out.

    The role comes from the database, not from the token: a demotion or a deactivation takes
    effect on the next request. A valid staff token with too small a role is a 403; anything
    else (no token, a customer's token, an unknown or deactivated user) is a 401.
    """

    def __init__(self, staff: StaffAccessPort, tokens: TokenVerifierPort) -> None:
        self._staff = staff
        self._tokens = tokens

    async def execute(self, token: str | None, required: StaffRole) -> StaffAccess:
        if not token:
            raise UnauthenticatedError("Sign in first: this needs a staff bearer token.")
        access = await self._staff.access(self._tokens.verify(token).subject)
        if access is None or not access.active:
            raise UnauthenticatedError("The staff account is deactivated or gone.")
        if not access.role.allows(required):
            raise ForbiddenError(
                f"This needs the {required} role; yours is {access.role}.",
                required_role=str(required),
            )
        return access
