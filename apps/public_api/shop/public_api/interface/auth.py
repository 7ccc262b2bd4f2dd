"""Who is calling: the bearer token, resolved to the signed-in customer by a use case."""

# No `from __future__ import annotations`: FastAPI reads these handlers' annotations at
# run time, and they name objects local to the router factory.
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from shop.entities import Customer
from shop.public_api.services.accounts import Authenticate

TOKEN_URL = "/v1/auth/token"  # noqa: S105 - a URL, not a secret

CurrentCustomer = Callable[..., Awaitable[Customer]]
SignedCustomerId = Callable[..., Awaitable[uuid.UUID]]


def current_customer_dependency(authenticate: Authenticate) -> CurrentCustomer:
    # auto_error=False: a missing token reaches the use case, which raises the shared 401.
    bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)

    async def current_customer(token: Annotated[str | None, Depends(bearer)]) -> Customer:
        return await authenticate.execute(token)

    return current_customer


def signed_customer_id_dependency(authenticate: Authenticate) -> SignedCustomerId:
    """The token's subject alone, for a use case that reads (and checks) the account in its
    own query: placing an order, which then needs no second transaction for it."""
    bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)

    async def signed_customer_id(token: Annotated[str | None, Depends(bearer)]) -> uuid.UUID:
        return authenticate.subject(token)

    return signed_customer_id
