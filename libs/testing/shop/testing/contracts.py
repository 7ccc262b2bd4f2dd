"""The HTTP behaviour every app shares, checked the same way against each of them.

Both APIs must answer health probes alike and turn routing errors into the same RFC 9457
problem shape; each app's tests call these with its own client, so the two cannot drift.
"""

from __future__ import annotations

import httpx

PROBLEM_CONTENT_TYPE = "application/problem+json"


async def assert_health_endpoints(client: httpx.AsyncClient) -> None:
    live = await client.get("/livez")
    ready = await client.get("/readyz")

    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


async def assert_unknown_route_is_a_problem(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path, headers={"X-Request-ID": "req-404"})

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    assert response.headers["x-request-id"] == "req-404"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "Not Found",
        "instance": path,
    }


async def assert_wrong_method_is_a_problem(client: httpx.AsyncClient) -> None:
    response = await client.post("/livez")

    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["title"] == "Method Not Allowed"


def assert_served_and_ready(base_url: str) -> None:
    """Against a running process: ready, and the caller's request ID comes back."""
    response = httpx.get(f"{base_url}/readyz", headers={"X-Request-ID": "ext-1"})

    assert response.status_code == 200
    assert response.headers["x-request-id"] == "ext-1"


async def assert_metrics_by_route_template(client: httpx.AsyncClient) -> None:
    await client.get("/livez")
    response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert 'route="/livez",status="200"' in response.text
