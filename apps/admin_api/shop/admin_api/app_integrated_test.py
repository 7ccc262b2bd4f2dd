import dataclasses

import httpx
import pytest

from shop.admin_api.app import create_litestar, with_edge
from shop.admin_api.settings import AdminApiSettings
from shop.entities import EventType
from shop.entities.event_schemas import event_schema
from shop.testing import contracts

pytestmark = pytest.mark.integrated


async def test_live_and_ready_against_the_database(client: httpx.AsyncClient) -> None:
    await contracts.assert_health_endpoints(client)


async def test_an_unknown_route_is_a_problem(client: httpx.AsyncClient) -> None:
    await contracts.assert_unknown_route_is_a_problem(client, "/admin/v1/nothing-here")


async def test_a_wrong_method_is_a_problem(client: httpx.AsyncClient) -> None:
    await contracts.assert_wrong_method_is_a_problem(client)


async def test_metrics_are_not_served_to_clients(client: httpx.AsyncClient) -> None:
    await contracts.assert_metrics_not_served_to_clients(client)


async def test_cors_is_answered_for_configured_origins_only(settings: AdminApiSettings) -> None:
    server = settings.server.model_copy(update={"cors_origins": ["https://backoffice.example"]})
    with_cors = dataclasses.replace(settings, server=server)
    app = create_litestar(with_cors)
    transport = httpx.ASGITransport(app=with_edge(app, with_cors))
    preflight = {"Access-Control-Request-Method": "PATCH"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        allowed = await client.options(
            "/admin/v1/products", headers=preflight | {"Origin": "https://backoffice.example"}
        )
        other = await client.options(
            "/admin/v1/products", headers=preflight | {"Origin": "https://evil.example"}
        )
    for hook in app.on_shutdown:
        await hook()  # type: ignore[call-arg]

    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == "https://backoffice.example"
    assert "access-control-allow-origin" not in other.headers


async def test_the_document_publishes_every_events_schema(client: httpx.AsyncClient) -> None:
    document = (await client.get("/schema/openapi.json")).json()

    assert set(document["webhooks"]) == {str(t) for t in EventType}
    schemas = document["components"]["schemas"]
    for event_type in EventType:
        ref = document["webhooks"][str(event_type)]["post"]["requestBody"]["content"][
            "application/json"
        ]["schema"]["$ref"]
        assert schemas[ref.rsplit("/", 1)[1]] == event_schema(event_type)
