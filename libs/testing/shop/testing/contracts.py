"""The HTTP behaviour every app shares, checked the same way against each of them.

Both APIs must answer health probes alike and turn routing errors into the same RFC 9457
problem shape; each app's tests call these with its own client, so the two cannot drift.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import httpx
import orjson

from shop.testing.processes import ServedApp

PROBLEM_CONTENT_TYPE = "application/problem+json"


async def assert_health_endpoints(client: httpx.AsyncClient) -> None:
    live = await client.get("/livez")
    ready = await client.get("/readyz")

    assert (live.status_code, live.json()["status"]) == (200, "ok")
    assert set(live.json()) == {"status", "service", "version", "commit"}  # which build runs
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


async def assert_metrics_not_served_to_clients(client: httpx.AsyncClient) -> None:
    """/metrics lives on the metrics port; the port clients use knows no such route."""
    response = await client.get("/metrics")

    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE


# What an operator's dashboards rely on, on every API's metrics port.
API_METRICS = (
    "process_resident_memory_bytes",
    "python_gc_collections_total",
    "python_info",
    "http_requests_in_flight",
    'db_pool_connections{pool="primary"}',
    'db_pool_in_use{pool="reads"}',
    'db_pool_waiting{pool="primary"}',
    'db_pool_limit{pool="reads"}',
)


def assert_operator_metrics(served: ServedApp, service: str) -> None:
    """Against a running API: its metrics port has requests by route template, the process,
    GC, pool and build series; its client port refuses /metrics."""
    live = httpx.get(f"{served.base_url}/livez").json()
    response = httpx.get(served.metrics_url)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert 'route="/livez",status="200"' in response.text
    missing = [name for name in API_METRICS if name not in response.text]
    assert not missing, missing
    # /livez and build_info name the same build.
    build = (
        f'build_info{{commit="{live["commit"]}",service="{service}",version="{live["version"]}"}}'
    )
    assert build in response.text, live
    assert httpx.get(f"{served.base_url}/metrics").status_code == 404


def assert_log_lines_carry_the_build(log: str, service: str) -> None:
    """Every JSON line an app wrote names its service and version; request lines their ID."""
    lines = [orjson.loads(line) for line in log.splitlines() if line.startswith("{")]

    assert lines, log
    unnamed = [line for line in lines if line.get("service") != service or not line.get("version")]
    assert not unnamed, unnamed[:3]
    requests = [line for line in lines if line.get("logger_name") == "shop.access"]
    assert requests, log
    assert all(line.get("request_id") for line in requests)


def assert_refuses_a_taken_port(
    command: list[str], port_variable: str, env: dict[str, str], service: str
) -> None:
    """Started on a port another process holds: exit 2 and one line naming app, address and
    the variable to change (uvicorn's own message names neither)."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        child_env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "APP_ENV": "test"}
        child_env |= {**env, port_variable: str(port)}
        finished = subprocess.run(  # noqa: S603 - the test's own command
            command, env=child_env, capture_output=True, text=True, timeout=60, check=False
        )

    assert finished.returncode == 2, finished.stderr[-2000:]
    assert "Traceback" not in finished.stderr
    # The last line: a test run's coverage may add its own warnings before it.
    assert finished.stderr.strip().splitlines()[-1:] == [
        f"{service} cannot listen on 127.0.0.1:{port}: the port is in use by another process "
        f"(`ss -ltnp 'sport = :{port}'` shows which); stop it or set {port_variable}"
    ], finished.stderr
