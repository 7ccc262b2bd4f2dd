"""A deprecated operation says so in the document and on every response (the policy in
shop.core.deprecation), and the other operations do not."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import replace
from datetime import date

import httpx
import pytest
from fastapi import FastAPI

from shop.core.deprecation import Deprecation
from shop.public_api.app import create_app
from shop.public_api.interface.openapi import CONTRACT
from shop.public_api.settings import PublicApiSettings
from shop.testing.data import FAST_PASSWORDS

pytestmark = pytest.mark.integrated
AppClient = Callable[[FastAPI], AbstractAsyncContextManager[httpx.AsyncClient]]
RETIRING = Deprecation(date(2026, 12, 1), date(2027, 6, 30), instead="getProduct")


@pytest.fixture
async def client(
    settings: PublicApiSettings, app_client: AppClient
) -> AsyncIterator[httpx.AsyncClient]:
    contract = replace(CONTRACT, deprecations={"listProducts": RETIRING})
    async with app_client(create_app(settings, hashing=FAST_PASSWORDS, contract=contract)) as c:
        yield c


async def test_a_deprecated_operation_announces_its_sunset(client: httpx.AsyncClient) -> None:
    deprecated = await client.get("/v1/products")
    refused = await client.get("/v1/products?limit=0")
    other = await client.get(f"/v1/products/{'0' * 8}-0000-0000-0000-{'0' * 12}")
    document = (await client.get("/openapi.json")).json()

    for response in (deprecated, refused):
        assert response.headers["deprecation"] == "@1796083200"
        assert response.headers["sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    assert (deprecated.status_code, refused.status_code, other.status_code) == (200, 422, 404)
    assert "deprecation" not in other.headers
    listing = document["paths"]["/v1/products"]["get"]
    assert (listing["deprecated"], listing["x-sunset"]) == (True, "2027-06-30")
    assert "deprecated" not in document["paths"]["/v1/products/{product_id}"]["get"]
