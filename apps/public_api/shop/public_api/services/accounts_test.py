import uuid

import pytest

from shop.core.errors import ConflictError, UnauthenticatedError, ValidationFailedError
from shop.public_api.services.accounts import WRONG_CREDENTIALS, Authenticate, SignIn, SignUp
from shop.public_api.services.ports import UnitOfWorkFactory
from shop.testing.fake_uow import Store
from shop.testing.fakes import FakeTokens, PlainPasswords


async def test_sign_up_stores_a_hash_never_the_password(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    view = await SignUp(uow, PlainPasswords()).execute("Ann@Example.com", "Ann", "tea for 2 ok")

    customer = store.customers[uuid.UUID(view["id"])]
    assert customer.email == "ann@example.com"
    assert customer.password_hash == "hashed:tea for 2 ok"


async def test_sign_up_refuses_a_taken_email_and_a_weak_password(
    uow: UnitOfWorkFactory,
) -> None:
    sign_up = SignUp(uow, PlainPasswords())
    await sign_up.execute("ann@example.com", "Ann", "tea for 2 ok")

    with pytest.raises(ConflictError):
        await sign_up.execute("ANN@example.com", "Ann", "tea for 2 ok")
    with pytest.raises(ValidationFailedError):
        await sign_up.execute("bob@example.com", "Bob", "password")


async def test_every_refused_sign_in_looks_the_same(store: Store, uow: UnitOfWorkFactory) -> None:
    passwords, tokens = PlainPasswords(), FakeTokens()
    view = await SignUp(uow, passwords).execute("ann@example.com", "Ann", "tea for 2 ok")
    sign_in = SignIn(uow, passwords, tokens)

    token = await sign_in.execute("ann@example.com", "tea for 2 ok")
    store.customers[uuid.UUID(view["id"])].suspend()
    refusals = []
    for email, password in [
        ("ann@example.com", "tea for 2 ok"),  # suspended
        ("ann@example.com", "wrong pass 1"),
        ("nobody@example.com", "tea for 2 ok"),
    ]:
        with pytest.raises(UnauthenticatedError) as refused:
            await sign_in.execute(email, password)
        refusals.append(refused.value.detail)

    assert token.access_token == f"token:{view['id']}"
    assert refusals == [WRONG_CREDENTIALS] * 3


async def test_a_suspended_customer_is_refused_while_the_token_lives(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    view = await SignUp(uow, PlainPasswords()).execute("ann@example.com", "Ann", "tea for 2 ok")
    authenticate = Authenticate(uow, FakeTokens())

    assert (await authenticate.execute(f"token:{view['id']}")).email == "ann@example.com"
    store.customers[uuid.UUID(view["id"])].suspend()
    with pytest.raises(UnauthenticatedError, match="suspended"):
        await authenticate.execute(f"token:{view['id']}")
    with pytest.raises(UnauthenticatedError):
        await authenticate.execute(None)
    with pytest.raises(UnauthenticatedError, match="no longer exists"):
        await authenticate.execute(f"token:{uuid.uuid4()}")
