"""Who is calling and may they: staff tokens, and a role check on every guarded route.

A route declares the role it needs in its `opt` (`opt={ROLE: StaffRole.OPERATOR}`; a router
sets the default for its routes). Routes without one (health, sign-in, the schema) are open.
"""

from litestar import Request, Router, post
from litestar.di import NamedDependency, Provide
from litestar.openapi.spec import SecurityRequirement
from litestar.params import URLEncodedBody
from litestar.types import BeforeRequestHookHandler

from shop.admin_api.interface.problems import problem_responses
from shop.admin_api.interface.schemas import TokenForm, TokenOut
from shop.admin_api.services.access import AuthorizeStaff, SignInStaff
from shop.core.asgi.clients import client_address
from shop.entities import StaffAccess

ROLE = "role"
BEARER = "BearerToken"
SIGNED_IN: list[SecurityRequirement] = [{BEARER: []}]


def bearer_token(authorization: str | None) -> str | None:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def role_check(authorize: AuthorizeStaff) -> BeforeRequestHookHandler:
    """Runs before every handler. A hook rather than a Litestar guard: guards get a fresh copy
    of the route handler on every call, measured at several percent of a product read."""

    async def check(request: Request) -> None:  # type: ignore[type-arg]
        required = request.route_handler.opt.get(ROLE)
        if required is None:
            return
        token = bearer_token(request.headers.get("authorization"))
        request.state.staff = await authorize.execute(token, required)

    return check


def _signed_in_staff(request: Request) -> StaffAccess:  # type: ignore[type-arg]
    staff: StaffAccess = request.state.staff
    return staff


# Handlers that act on behalf of the caller take `actor: Actor`.
ACTOR_DEPENDENCY = {"actor": Provide(_signed_in_staff, sync_to_thread=False)}
Actor = NamedDependency[StaffAccess]


def auth_router(sign_in: SignInStaff) -> Router:
    @post(
        "/admin/v1/auth/token",
        tags=["auth"],
        summary="Exchange a staff email and password for an access token (OAuth2 password form)",
        status_code=200,
        responses=problem_responses(401, 422, 429, 503),
        operation_id="issueStaffToken",
    )
    async def issue_token(
        data: URLEncodedBody[TokenForm],
        request: Request,  # type: ignore[type-arg]
    ) -> TokenOut:
        address = client_address(request.scope)
        issued = await sign_in.execute(data.username, data.password, address)
        return TokenOut(access_token=issued.access_token, expires_in=issued.expires_in)

    return Router(path="/", route_handlers=[issue_token])
