import asyncio
import uuid

import pytest

from shop.core.errors import (
    ConflictError,
    RateLimitedError,
    UnauthenticatedError,
    ValidationFailedError,
)
from shop.core.security.rate_limits import (
    RateLimiter,
    RateLimitSettings,
    SignInThrottle,
    SignUpThrottle,
)
from shop.public_api.services.accounts import WRONG_CREDENTIALS, Authenticate, SignIn, SignUp
from shop.public_api.services.ports import UnitOfWorkFactory
from shop.testing.fake_uow import Store
from shop.testing.fakes import (
    FakeTokens,
    PlainPasswords,
    unlimited_sign_ins,
    unlimited_sign_ups,
)

ADDRESS = "192.0.2.1"


async def test_sign_up_stores_a_hash_never_the_password(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    reply = await SignUp(uow, PlainPasswords(), unlimited_sign_ups()).execute(
        "Ann@Example.com", "Ann", "tea for 2 ok", ADDRESS
    )

    customer = store.customers[uuid.UUID(reply["id"])]
    assert customer.email == "ann@example.com"
    assert customer.password_hash == "hashed:tea for 2 ok"


async def test_sign_up_refuses_a_taken_email_and_a_weak_password(
    uow: UnitOfWorkFactory,
) -> None:
    sign_up = SignUp(uow, PlainPasswords(), unlimited_sign_ups())
    await sign_up.execute("ann@example.com", "Ann", "tea for 2 ok", ADDRESS)

    with pytest.raises(ConflictError):
        await sign_up.execute("ANN@example.com", "Ann", "tea for 2 ok", ADDRESS)
    with pytest.raises(ValidationFailedError):
        await sign_up.execute("bob@example.com", "Bob", "password", ADDRESS)


async def test_every_refused_sign_in_looks_the_same(store: Store, uow: UnitOfWorkFactory) -> None:
    passwords, tokens = PlainPasswords(), FakeTokens()
    reply = await SignUp(uow, passwords, unlimited_sign_ups()).execute(
        "ann@example.com", "Ann", "tea for 2 ok", ADDRESS
    )
    sign_in = SignIn(uow, passwords, tokens, unlimited_sign_ins())

    token = await sign_in.execute("ann@example.com", "tea for 2 ok", ADDRESS)
    store.customers[uuid.UUID(reply["id"])].suspend()
    refusals = []
    for email, password in [
        ("ann@example.com", "tea for 2 ok"),  # suspended
        ("ann@example.com", "wrong pass 1"),
        ("nobody@example.com", "tea for 2 ok"),
    ]:
        with pytest.raises(UnauthenticatedError) as refused:
            await sign_in.execute(email, password, ADDRESS)
        refusals.append(refused.value.detail)

    assert token.access_token == f"token:{reply['id']}"
    assert refusals == [WRONG_CREDENTIALS] * 3


async def test_a_suspended_customer_is_refused_while_the_token_lives(
    store: Store, uow: UnitOfWorkFactory
) -> None:
    reply = await SignUp(uow, PlainPasswords(), unlimited_sign_ups()).execute(
        "ann@example.com", "Ann", "tea for 2 ok", ADDRESS
    )
    authenticate = Authenticate(uow, FakeTokens())

    assert (await authenticate.execute(f"token:{reply['id']}")).email == "ann@example.com"
    store.customers[uuid.UUID(reply["id"])].suspend()
    with pytest.raises(UnauthenticatedError, match="suspended"):
        await authenticate.execute(f"token:{reply['id']}")
    with pytest.raises(UnauthenticatedError):
        await authenticate.execute(None)
    with pytest.raises(UnauthenticatedError, match="no longer exists"):
        await authenticate.execute(f"token:{uuid.uuid4()}")


class CountingPasswords(PlainPasswords):
    def __init__(self) -> None:
        self.verified = 0

    async def verify(self, password_hash: str, password: str) -> bool:
        self.verified += 1
        return await super().verify(password_hash, password)


async def test_attempts_use_up_the_accounts_budget_then_cost_no_verification(
    uow: UnitOfWorkFactory,
) -> None:
    limits = RateLimitSettings(sign_in_per_account="3/minute", sign_in_per_address="100/minute")
    passwords = CountingPasswords()
    await SignUp(uow, passwords, unlimited_sign_ups()).execute(
        "ann@example.com", "Ann", "tea for 2 ok", ADDRESS
    )
    sign_in = SignIn(uow, passwords, FakeTokens(), SignInThrottle(RateLimiter(limits), limits, "t"))

    for _ in range(3):
        with pytest.raises(UnauthenticatedError):
            await sign_in.execute("ann@example.com", "wrong pass 1", ADDRESS)
    with pytest.raises(RateLimitedError) as limited:
        await sign_in.execute("Ann@Example.com", "tea for 2 ok", "198.51.100.7")

    assert passwords.verified == 3
    assert 1 <= int(limited.value.headers["Retry-After"]) <= 60


async def test_concurrent_attempts_cannot_overshoot_the_budget(uow: UnitOfWorkFactory) -> None:
    limits = RateLimitSettings(sign_in_per_account="10/minute", sign_in_per_address="100/minute")
    passwords = CountingPasswords()
    sign_in = SignIn(uow, passwords, FakeTokens(), SignInThrottle(RateLimiter(limits), limits, "t"))

    results = await asyncio.gather(
        *(sign_in.execute("ann@example.com", "wrong pass 1", ADDRESS) for _ in range(40)),
        return_exceptions=True,
    )

    refused = [type(r) for r in results]
    assert (refused.count(UnauthenticatedError), refused.count(RateLimitedError)) == (10, 30)
    assert passwords.verified == 10


async def test_sign_ups_from_one_address_are_limited(uow: UnitOfWorkFactory) -> None:
    limits = RateLimitSettings(sign_up_per_address="2/minute")
    sign_up = SignUp(uow, PlainPasswords(), SignUpThrottle(RateLimiter(limits), limits, "t"))

    for n in range(2):
        await sign_up.execute(f"c{n}@example.com", "C", "tea for 2 ok", ADDRESS)
    with pytest.raises(RateLimitedError):
        await sign_up.execute("c3@example.com", "C", "tea for 2 ok", ADDRESS)
    await sign_up.execute("c3@example.com", "C", "tea for 2 ok", "198.51.100.7")
