import httpx
import pytest

from shop.testing import contracts

pytestmark = pytest.mark.integrated


async def test_live_and_ready_against_the_database(client: httpx.AsyncClient) -> None:
    await contracts.assert_health_endpoints(client)


async def test_an_unknown_route_is_a_problem(client: httpx.AsyncClient) -> None:
    await contracts.assert_unknown_route_is_a_problem(client, "/v1/nothing-here")


async def test_a_wrong_method_is_a_problem(client: httpx.AsyncClient) -> None:
    await contracts.assert_wrong_method_is_a_problem(client)


async def test_metrics_are_not_served_to_clients(client: httpx.AsyncClient) -> None:
    await contracts.assert_metrics_not_served_to_clients(client)
