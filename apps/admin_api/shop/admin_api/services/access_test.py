import uuid

import pytest

from shop.admin_api.services.access import WRONG_CREDENTIALS, AuthorizeStaff, SignInStaff
from shop.admin_api.services.ports import UnitOfWorkFactory
from shop.core.errors import ForbiddenError, UnauthenticatedError
from shop.entities import StaffAccess, StaffRole, StaffUser
from shop.testing.fake_uow import Store
from shop.testing.fakes import FakeTokens, PlainPasswords, plain_hash, unlimited_sign_ins


class StaffTable:
    """The access lookup, over a dict."""

    def __init__(self, *rows: StaffAccess) -> None:
        self.rows = {row.staff_id: row for row in rows}

    async def access(self, staff_id: uuid.UUID) -> StaffAccess | None:
        return self.rows.get(staff_id)


def token_for(staff_id: uuid.UUID) -> str:
    return FakeTokens().issue(staff_id).access_token


async def test_the_role_comes_from_the_database_not_the_token() -> None:
    viewer = StaffAccess(uuid.uuid4(), StaffRole.VIEWER, active=True)
    authorize = AuthorizeStaff(StaffTable(viewer), FakeTokens())
    # The token claims owner; the database says viewer.
    token = FakeTokens().issue(viewer.staff_id, role="owner").access_token

    assert await authorize.execute(token, StaffRole.VIEWER) == viewer
    with pytest.raises(ForbiddenError):
        await authorize.execute(token, StaffRole.OPERATOR)


@pytest.mark.parametrize("token", [None, "", "garbage"])
async def test_no_or_a_bad_token_is_unauthenticated(token: str | None) -> None:
    with pytest.raises(UnauthenticatedError):
        await AuthorizeStaff(StaffTable(), FakeTokens()).execute(token, StaffRole.VIEWER)


async def test_unknown_and_deactivated_staff_are_unauthenticated() -> None:
    gone = StaffAccess(uuid.uuid4(), StaffRole.OWNER, active=False)
    authorize = AuthorizeStaff(StaffTable(gone), FakeTokens())

    for staff_id in (gone.staff_id, uuid.uuid4()):
        with pytest.raises(UnauthenticatedError):
            await authorize.execute(token_for(staff_id), StaffRole.VIEWER)


async def test_sign_in_issues_a_token_carrying_the_role(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    user = StaffUser.create(
        email="Op@Shop.example",
        name="Op",
        password_hash=plain_hash("tea for 2 ok"),
        role=StaffRole.OPERATOR,
    )
    store.staff[user.id] = user
    sign_in = SignInStaff(uow, PlainPasswords(), FakeTokens(), unlimited_sign_ins())

    issued = await sign_in.execute("op@shop.example", "tea for 2 ok", "192.0.2.1")
    user.active = False
    with pytest.raises(UnauthenticatedError, match=WRONG_CREDENTIALS):
        await sign_in.execute("op@shop.example", "tea for 2 ok", "192.0.2.1")

    assert issued.access_token == f"token:{user.id}:operator"
