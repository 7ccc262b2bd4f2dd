import httpx
import pytest

from shop.core.errors import PROBLEM_CONTENT_TYPE

pytestmark = pytest.mark.integrated


async def test_live_and_ready_against_the_database(client: httpx.AsyncClient) -> None:
    live = await client.get("/livez")
    ready = await client.get("/readyz")

    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


async def test_an_unknown_route_is_a_problem_not_a_framework_page(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/v1/nothing-here", headers={"X-Request-ID": "req-404"})

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    assert response.headers["x-request-id"] == "req-404"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not Found",
        "instance": "/v1/nothing-here",
    }


async def test_a_wrong_method_is_a_405_problem(client: httpx.AsyncClient) -> None:
    response = await client.post("/livez")

    assert response.status_code == 405
    assert response.json()["title"] == "Method Not Allowed"
