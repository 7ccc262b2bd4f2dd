"""Staff accounts, for owners only."""

import uuid

from litestar import Router, get, post
from litestar.params import FromPath, JSONBody

from shop.admin_api.interface.auth import ROLE, SIGNED_IN, Actor
from shop.admin_api.interface.problems import problem_responses
from shop.admin_api.interface.schemas import NewStaffIn, RoleChangeIn, StaffOut, to_schema
from shop.admin_api.services.staff import (
    ChangeStaffRole,
    CreateStaffUser,
    DeactivateStaffUser,
    StaffDirectory,
)
from shop.entities import StaffRole


def staff_router(
    directory: StaffDirectory,
    create_user: CreateStaffUser,
    change_role: ChangeStaffRole,
    deactivate_user: DeactivateStaffUser,
) -> Router:
    @get("", summary="List staff users", responses=problem_responses(401, 403))
    async def list_staff() -> list[StaffOut]:
        return [to_schema(user, StaffOut) for user in await directory.all()]

    @post("", summary="Create a staff user", responses=problem_responses(401, 403, 409, 422))
    async def create(data: JSONBody[NewStaffIn], actor: Actor) -> StaffOut:
        created = await create_user.execute(actor, data.email, data.name, data.password, data.role)
        return to_schema(created, StaffOut)

    @post(
        "/{staff_id:uuid}/role",
        summary="Change a staff user's role (the last active owner stays an owner)",
        status_code=200,
        responses=problem_responses(401, 403, 404, 409, 422),
    )
    async def set_role(
        staff_id: FromPath[uuid.UUID], data: JSONBody[RoleChangeIn], actor: Actor
    ) -> StaffOut:
        return to_schema(await change_role.execute(actor, staff_id, data.role), StaffOut)

    @post(
        "/{staff_id:uuid}/deactivate",
        summary="Deactivate a staff user (never the last active owner)",
        status_code=200,
        responses=problem_responses(401, 403, 404, 409),
    )
    async def deactivate(staff_id: FromPath[uuid.UUID], actor: Actor) -> StaffOut:
        return to_schema(await deactivate_user.execute(actor, staff_id), StaffOut)

    return Router(
        "/admin/v1/staff",
        route_handlers=[list_staff, create, set_role, deactivate],
        tags=["staff"],
        opt={ROLE: StaffRole.OWNER},
        security=SIGNED_IN,
    )
