"""A deprecated operation says so in the document and on every response (the policy in
shop.core.deprecation), and the other operations do not."""

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date

import httpx
import pytest

from shop.admin_api.app import create_litestar, with_edge
from shop.admin_api.interface.openapi import CONTRACT
from shop.admin_api.settings import AdminApiSettings
from shop.core.deprecation import Deprecation
from shop.testing.data import FAST_PASSWORDS

pytestmark = pytest.mark.integrated
RETIRING = Deprecation(date(2026, 12, 1), date(2027, 6, 30))


@pytest.fixture
async def client(settings: AdminApiSettings) -> AsyncIterator[httpx.AsyncClient]:
    contract = replace(CONTRACT, deprecations={"listAuditEntries": RETIRING})
    app = create_litestar(settings, hashing=FAST_PASSWORDS, contract=contract)
    transport = httpx.ASGITransport(app=with_edge(app, settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        yield c
    for hook in app.on_shutdown:
        await hook()  # type: ignore[call-arg]


async def test_a_deprecated_operation_announces_its_sunset(client: httpx.AsyncClient) -> None:
    deprecated = await client.get("/admin/v1/audit")  # refused (no token): still announced
    other = await client.get("/admin/v1/orders")
    document = (await client.get("/schema/openapi.json")).json()

    assert deprecated.status_code == other.status_code == 401
    assert deprecated.headers["deprecation"] == "@1796083200"
    assert deprecated.headers["sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    assert "deprecation" not in other.headers
    listing = document["paths"]["/admin/v1/audit"]["get"]
    assert (listing["deprecated"], listing["x-sunset"]) == (True, "2027-06-30")
    assert "Deprecation" in listing["responses"]["200"]["headers"]
