"""Sign up, sign in, and who am I."""

# No `from __future__ import annotations`: FastAPI reads these handlers' annotations at
# run time, and they name objects local to the router factory.
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request

from shop.core.asgi.clients import client_address
from shop.entities import Customer
from shop.public_api.interface.auth import TOKEN_URL, CurrentCustomer
from shop.public_api.interface.responses import JSONBytes
from shop.public_api.interface.schemas import (
    CustomerOut,
    Problem,
    SignUpIn,
    TokenForm,
    TokenOut,
)
from shop.public_api.services.accounts import SignIn, SignUp
from shop.public_api.services.replies import customer_reply

PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem} for code in (401, 409, 422, 429, 503)
}


def accounts_router(
    sign_up: SignUp, sign_in: SignIn, current_customer: CurrentCustomer
) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["accounts"], responses=PROBLEMS)

    @router.post(
        "/customers",
        status_code=201,
        response_model=CustomerOut,
        summary="Create a customer account",
        operation_id="signUp",
    )
    async def create_customer(body: SignUpIn, request: Request) -> JSONBytes:
        """An email address has one account: a second sign-up with it is 409."""
        address = client_address(request.scope)
        customer = await sign_up.execute(body.email, body.name, body.password, address)
        return JSONBytes(customer, status_code=201)

    @router.post(
        TOKEN_URL.removeprefix("/v1"),
        response_model=TokenOut,
        summary="Exchange an email and password for an access token (OAuth2 password form)",
        operation_id="issueToken",
    )
    async def issue_token(form: Annotated[TokenForm, Form()], request: Request) -> JSONBytes:
        """A wrong email and a wrong password are the same 401, so neither reveals an account.
        Send the token as `Authorization: Bearer <access_token>` until `expires_in` seconds
        have passed, then sign in again."""
        token = await sign_in.execute(form.username, form.password, client_address(request.scope))
        return JSONBytes(
            {
                "access_token": token.access_token,
                "token_type": "bearer",
                "expires_in": token.expires_in,
            },
            headers={"Cache-Control": "no-store"},
        )

    @router.get(
        "/me",
        response_model=CustomerOut,
        summary="The signed-in customer",
        operation_id="getMe",
    )
    async def me(customer: Annotated[Customer, Depends(current_customer)]) -> JSONBytes:
        return JSONBytes(customer_reply(customer))

    return router
