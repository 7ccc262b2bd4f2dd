"""Staff accounts, for owners only."""

import uuid

from litestar import Response, Router, get, post
from litestar.params import FromPath, JSONBody

from shop.admin_api.interface.auth import ROLE, SIGNED_IN, Actor
from shop.admin_api.interface.problems import problem_responses
from shop.admin_api.interface.responses import json_response
from shop.admin_api.interface.schemas import NewStaffIn, RoleChangeIn, StaffOut
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
    @get(
        "",
        summary="List staff users",
        responses=problem_responses(401, 403),
        operation_id="listStaff",
    )
    async def list_staff() -> Response[list[StaffOut]]:
        return json_response(await directory.all())

    @post(
        "",
        summary="Create a staff user",
        responses=problem_responses(401, 403, 409, 422),
        operation_id="createStaffUser",
    )
    async def create(data: JSONBody[NewStaffIn], actor: Actor) -> Response[StaffOut]:
        created = await create_user.execute(actor, data.email, data.name, data.password, data.role)
        return json_response(created)

    @post(
        "/{staff_id:str}/role",
        summary="Change a staff user's role (the last active owner stays an owner)",
        status_code=200,
        responses=problem_responses(401, 403, 404, 409, 422),
        operation_id="setStaffRole",
    )
    async def set_role(
        staff_id: FromPath[uuid.UUID], data: JSONBody[RoleChangeIn], actor: Actor
    ) -> Response[StaffOut]:
        return json_response(await change_role.execute(actor, staff_id, data.role))

    @post(
        "/{staff_id:str}/deactivate",
        summary="Deactivate a staff user (never the last active owner)",
        status_code=200,
        responses=problem_responses(401, 403, 404, 409),
        operation_id="deactivateStaffUser",
    )
    async def deactivate(staff_id: FromPath[uuid.UUID], actor: Actor) -> Response[StaffOut]:
        return json_response(await deactivate_user.execute(actor, staff_id))

    return Router(
        "/admin/v1/staff",
        route_handlers=[list_staff, create, set_role, deactivate],
        tags=["staff"],
        opt={ROLE: StaffRole.OWNER},
        security=SIGNED_IN,
    )
