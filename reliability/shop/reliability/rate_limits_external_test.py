"""Sign-in budgets shared by replicas through a real Redis server.

Two replicas of the packaged public API and one of the admin API point at one Redis
(`RATE_LIMIT_STORAGE_URL`; the harness starts a server from the local `redis-server` unless
`TEST_REDIS_URL` names one): wrong passwords sent to either replica spend one budget. Without a
reachable Redis the apps let sign-ins through rather than lock everyone out.
"""

import httpx
import pytest

from shop.testing import redis_server
from shop.testing.data import PASSWORD
from shop.testing.database import TestDatabase
from shop.testing.processes import free_port
from shop.testing.served import ADMIN_API, PUBLIC_API, new_accounts, serve

pytestmark = pytest.mark.external

BUDGET = "5/minute"


@pytest.fixture(scope="module")
def redis_url() -> str:
    return redis_server.start()


def limits(storage_url: str) -> dict[str, str]:
    return {
        "RATE_LIMIT_ENABLED": "true",
        "RATE_LIMIT_STORAGE_URL": storage_url,
        "RATE_LIMIT_SIGN_IN_PER_ACCOUNT": BUDGET,
        "RATE_LIMIT_SIGN_IN_PER_ADDRESS": "1000/minute",
    }


def test_replicas_spend_one_budget_through_redis(
    process_database: TestDatabase, redis_url: str
) -> None:
    accounts = new_accounts(process_database.url)
    customer, owner = accounts.customer, accounts.owner
    url, env = process_database.url, limits(redis_url)
    with serve(PUBLIC_API, url, **env) as first, serve(PUBLIC_API, url, **env) as second:
        replicas = [first.base_url, second.base_url]
        statuses = [
            httpx.post(
                f"{replicas[n % 2]}/v1/auth/token",
                data={"username": customer, "password": "wrong password 1"},
            )
            for n in range(8)
        ]
        right_after = httpx.post(
            f"{second.base_url}/v1/auth/token", data={"username": customer, "password": PASSWORD}
        )
    with serve(ADMIN_API, url, **env) as admin:
        staff = [
            httpx.post(
                f"{admin.base_url}/admin/v1/auth/token",
                data={"username": owner, "password": "wrong password 1"},
            ).status_code
            for _ in range(7)
        ]

    print(
        f"\n8 wrong sign-ins alternating between 2 replicas sharing Redis: "
        f"{[r.status_code for r in statuses]}; staff: {staff}"
    )
    assert [r.status_code for r in statuses] == [401] * 5 + [429] * 3
    assert all(int(r.headers["retry-after"]) >= 1 for r in statuses[5:])
    assert right_after.status_code == 429
    assert staff == [401] * 5 + [429] * 2


def test_without_redis_sign_ins_are_let_through(process_database: TestDatabase) -> None:
    customer = new_accounts(process_database.url).customer
    unreachable = f"redis://127.0.0.1:{free_port()}/0"
    with serve(PUBLIC_API, process_database.url, **limits(unreachable)) as app:
        wrong = [
            httpx.post(
                f"{app.base_url}/v1/auth/token",
                data={"username": customer, "password": f"wrong password {n}"},
            ).status_code
            for n in range(7)
        ]
        right = httpx.post(
            f"{app.base_url}/v1/auth/token", data={"username": customer, "password": PASSWORD}
        )
        warned = any("rate limit storage unavailable" in line for line in app.log().splitlines())

    assert wrong == [401] * 7
    assert right.status_code == 200
    assert warned
