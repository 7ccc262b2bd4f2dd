"""A bearer token for every kind of caller an admin API test meets."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from shop.core.security.tokens import ADMIN_AUDIENCE, PUBLIC_AUDIENCE, TokenIssuer, TokenSettings
from shop.entities import StaffRole
from shop.testing.data import add_customer, add_staff


@dataclass(frozen=True)
class Callers:
    """Authorization headers for every kind of caller the admin API may see."""

    anonymous: dict[str, str]
    customer: dict[str, str]
    viewer: dict[str, str]
    operator: dict[str, str]
    owner: dict[str, str]

    def by_name(self) -> dict[str, dict[str, str]]:
        return dict(vars(self))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def callers_of_every_kind(engine: AsyncEngine, tokens: TokenSettings) -> Callers:
    """New accounts of every kind, each with a token signed with `tokens`' key."""
    staff_tokens = TokenIssuer(tokens, ADMIN_AUDIENCE)
    # A customer's token is signed with the same key, for the public API's audience.
    customer_tokens = TokenIssuer(tokens, PUBLIC_AUDIENCE)
    customer = await add_customer(engine)

    async def staff(role: StaffRole) -> dict[str, str]:
        user = await add_staff(engine, role)
        return bearer(staff_tokens.issue(user.id, role=role).access_token)

    return Callers(
        anonymous={},
        customer=bearer(customer_tokens.issue(customer.id).access_token),
        viewer=await staff(StaffRole.VIEWER),
        operator=await staff(StaffRole.OPERATOR),
        owner=await staff(StaffRole.OWNER),
    )
