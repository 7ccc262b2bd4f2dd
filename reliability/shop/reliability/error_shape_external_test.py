"""One error shape: the same mistake gets the same answer from both packaged APIs.

Each row sends an equivalent bad request to the public and to the admin API and requires the
same status, problem `type` and `title`, the same members, and errors at the same kind of
location (`query.limit`, `path.product_id`, `body.…`), as `application/problem+json`.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from shop.testing.database import TestDatabase
from shop.testing.served import ADMIN_API, PUBLIC_API, new_accounts, serve, signed_in

pytestmark = pytest.mark.external

PROBLEM = "application/problem+json"
UNKNOWN_ID = "01a2295d-479c-7029-aa3c-c2b932b0c3b1"
Send = Callable[[httpx.Client], httpx.Response]


@dataclass(frozen=True)
class Row:
    mistake: str
    public: Send
    admin: Send


def _post(path: str, **kwargs: Any) -> Send:
    return lambda client: client.post(path, **kwargs)


def _get(path: str, **kwargs: Any) -> Send:
    return lambda client: client.get(path, **kwargs)


JSON = {"Content-Type": "application/json", "Idempotency-Key": "shape"}
PRODUCT = {"sku": "SHAPE-1", "name": "Cup", "price_minor": 100, "currency": "EUR"}
LINE = {"product_id": UNKNOWN_ID, "quantity": 1}

ROWS = [
    Row("malformed JSON", _post("/v1/orders", content=b'{"lines": [', headers=JSON),
        _post("/admin/v1/products", content=b'{"sku": ', headers=JSON)),
    Row("a body that is not UTF-8", _post("/v1/orders", content=b"\xff\xfe", headers=JSON),
        _post("/admin/v1/products", content=b"\xff\xfe", headers=JSON)),
    Row("JSON nested too deep", _post("/v1/orders", content=b"[" * 100 + b"]" * 100, headers=JSON),
        _post("/admin/v1/products", content=b"[" * 100 + b"]" * 100, headers=JSON)),
    Row("a body of the wrong media type",
        _post("/v1/orders", content=b"lines", headers={"Content-Type": "text/plain"}),
        _post("/admin/v1/products", content=b"sku", headers={"Content-Type": "text/plain"})),
    Row("a body over the size limit",
        _post("/v1/orders", content=b"[" + b"1," * 600_000 + b"1]", headers=JSON),
        _post("/admin/v1/products", content=b"[" + b"1," * 600_000 + b"1]", headers=JSON)),
    Row("a number sent as a string",
        _post("/v1/orders", json={"lines": [LINE | {"quantity": "1"}]}, headers=JSON),
        _post("/admin/v1/products", json=PRODUCT | {"price_minor": "5"})),
    Row("a required field missing", _post("/v1/orders", json={}, headers=JSON),
        _post("/admin/v1/products", json={k: v for k, v in PRODUCT.items() if k != "sku"})),
    Row("an unknown field", _post("/v1/orders", json={"lines": [LINE], "coupon": 1}, headers=JSON),
        _post("/admin/v1/products", json=PRODUCT | {"coupon": 1})),
    Row("a limit out of range", _get("/v1/products", params={"limit": 0}),
        _get("/admin/v1/products", params={"limit": 0})),
    Row("a limit that is not a number", _get("/v1/products", params={"limit": "ten"}),
        _get("/admin/v1/products", params={"limit": "ten"})),
    Row("a forged cursor", _get("/v1/products", params={"cursor": "eyJpZCI6IDV9"}),
        _get("/admin/v1/products", params={"cursor": "eyJpZCI6IDV9"})),
    Row("a path id that is not a UUID", _get("/v1/products/not-a-uuid"),
        _get("/admin/v1/products/not-a-uuid")),
    Row("an id nobody has", _get(f"/v1/products/{UNKNOWN_ID}"),
        _get(f"/admin/v1/products/{UNKNOWN_ID}")),
    Row("an unknown route", _get("/v1/nowhere"), _get("/admin/v1/nowhere")),
    Row("an unknown page under the docs", _get("/docs/nowhere"), _get("/schema/nowhere")),
    Row("a method the path lacks", lambda c: c.put("/v1/products"),
        lambda c: c.put("/admin/v1/products")),
    Row("no token where one is needed",
        lambda c: c.get("/v1/orders", headers={"Authorization": ""}),
        lambda c: c.get("/admin/v1/orders", headers={"Authorization": ""})),
    Row("a forged token",
        lambda c: c.get("/v1/orders", headers={"Authorization": "Bearer a.b.c"}),
        lambda c: c.get("/admin/v1/orders", headers={"Authorization": "Bearer a.b.c"})),
]  # fmt: skip


def shape(response: httpx.Response) -> dict[str, Any]:
    """What a client may rely on: all but the wording of `detail` and the instance path."""
    try:
        body = response.json()
    except ValueError:
        body = {"not JSON": response.text[:60]}
    return {
        "status": response.status_code,
        "content-type": response.headers["content-type"],
        "type": body.get("type"),
        "title": body.get("title"),
        "members": sorted(set(body) - {"detail", "instance"}),
        "error locations": sorted(
            {error["location"].split(".")[0] for error in body.get("errors", [])}
        ),
        "allow": "allow" in response.headers,
        "www-authenticate": response.headers.get("www-authenticate"),
    }


@pytest.fixture(scope="module")
def clients(process_database: TestDatabase) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    accounts = new_accounts(process_database.url)
    url = process_database.url
    with serve(PUBLIC_API, url) as public, serve(ADMIN_API, url) as admin:
        public_auth = signed_in(PUBLIC_API, public.base_url, accounts.customer)
        admin_auth = signed_in(ADMIN_API, admin.base_url, accounts.owner)
        with (
            httpx.Client(base_url=public.base_url, headers=public_auth, timeout=30) as p,
            httpx.Client(base_url=admin.base_url, headers=admin_auth, timeout=30) as a,
        ):
            yield p, a


def test_the_same_mistake_gets_the_same_problem_from_both_apis(
    clients: tuple[httpx.Client, httpx.Client],
) -> None:
    public, admin = clients
    differences = {}
    for row in ROWS:
        answers = shape(row.public(public)), shape(row.admin(admin))
        if answers[0] != answers[1] or answers[0]["content-type"] != PROBLEM:
            differences[row.mistake] = answers
    print(f"\nerror shapes: {len(ROWS)} mistakes sent to both APIs, {len(differences)} differ")

    assert differences == {}
