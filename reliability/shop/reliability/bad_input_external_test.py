"""A table of bad requests against every operation of both packaged APIs.

The operations come from each API's own OpenAPI document, so a new route is covered the day it
is added. Each gets hostile path and query values, broken and hostile bodies (not JSON, nested
a thousand deep, numbers as strings, over the size limit declared or chunked), a head over the
size limit and a method it does not have. Whatever a client sends, the answer is never a 5xx,
and every error is problem details. Cursors get a property test of their own: random bytes and
random JSON, encoded as a cursor would be, on every paginated route.
"""

import asyncio
import base64
import json
import re
import socket
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import create_async_engine

from shop.testing.data import add_product
from shop.testing.database import TestDatabase
from shop.testing.processes import ServedApp
from shop.testing.served import ADMIN_API, PUBLIC_API, new_accounts, serve, signed_in

pytestmark = pytest.mark.external

PROBLEM = "application/problem+json"
HOSTILE_VALUES = [
    "",
    "not-a-uuid",
    "\x00",
    "%00",
    "../../etc/passwd",
    "x" * 3000,
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "true",
    "[]",
    "{}",
    "2026-13-45T99:99:99Z",
    "0.5",
    "ok' OR '1'='1",
    "🦄" * 50,
]
HOSTILE_BODIES: list[tuple[str, bytes, str]] = [
    ("not JSON", b"{'lines': ", "application/json"),
    ("not UTF-8", b"\xff\xfe\x00", "application/json"),
    ("nested 1,000 deep", b"[" * 1000 + b"]" * 1000, "application/json"),
    ("objects nested deep", b'{"a":' * 500 + b"1" + b"}" * 500, "application/json"),
    ("JSON null", b"null", "application/json"),
    ("a JSON array", b"[1, 2, 3]", "application/json"),
    ("a bare string", b'"lines"', "application/json"),
    ("a huge number", b'{"quantity": 1' + b"0" * 5000 + b"}", "application/json"),
    ("NUL in strings", b'{"name": "a\\u0000b", "email": "a\\u0000@b.example"}', "application/json"),
    ("form instead of JSON", b"a=1&b=2", "application/x-www-form-urlencoded"),
    ("text/plain", b"hello", "text/plain"),
    ("empty", b"", "application/json"),
]


@dataclass(frozen=True)
class Api:
    name: str
    app: ServedApp
    document: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Tally:
    cases: int = 0
    statuses: Counter[int] = None  # type: ignore[assignment]
    broken: list[str] = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.statuses, self.broken = Counter(), []

    def record(self, label: str, response: httpx.Response | None) -> None:
        self.cases += 1
        if response is None:
            self.broken.append(f"{label}: no answer")
            return
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.broken.append(f"{label}: {response.status_code} {response.text[:200]}")
        elif response.status_code >= 400 and response.headers.get("content-type") != PROBLEM:
            self.broken.append(
                f"{label}: {response.status_code} as {response.headers.get('content-type')}"
            )


@pytest.fixture(scope="module")
def apis(process_database: TestDatabase) -> Iterator[list[Api]]:
    accounts = new_accounts(process_database.url)
    asyncio.run(_a_product(process_database.url))
    url = process_database.url
    with serve(PUBLIC_API, url) as public, serve(ADMIN_API, url) as admin:
        yield [
            Api("public", public, httpx.get(f"{public.base_url}{PUBLIC_API.schema_path}").json(),
                signed_in(PUBLIC_API, public.base_url, accounts.customer)),
            Api("admin", admin, httpx.get(f"{admin.base_url}{ADMIN_API.schema_path}").json(),
                signed_in(ADMIN_API, admin.base_url, accounts.owner)),
        ]  # fmt: skip


async def _a_product(url: str) -> None:
    engine = create_async_engine(url)
    try:
        await add_product(engine, stock=5)
    finally:
        await engine.dispose()


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "patch", "put", "delete"} and not path.endswith("/events"):
                yield method.upper(), path, operation


def _filled(path: str, value: str = "01a2295d-479c-7029-aa3c-c2b932b0c3b1") -> str:
    return re.sub(r"\{[^}]+\}", value, path)


def _send(client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response | None:
    try:
        return client.request(method, url, **kwargs)
    except httpx.TransportError:
        return None


def test_no_bad_request_gets_a_server_error_or_a_non_problem(apis: list[Api]) -> None:
    tally = Tally()
    for api in apis:
        with httpx.Client(base_url=api.app.base_url, timeout=30, headers=api.headers) as client:
            for method, path, operation in _operations(api.document):
                _try_operation(client, tally, f"{api.name} {method} {path}", operation)
            _try_the_edges(client, tally, api)
    print(
        f"\nbad-input table: {tally.cases} requests over "
        f"{sum(len(list(_operations(a.document))) for a in apis)} operations of 2 APIs, "
        f"statuses {dict(sorted(tally.statuses.items()))}"
    )
    assert tally.broken == []


def _try_operation(
    client: httpx.Client, tally: Tally, label: str, operation: dict[str, Any]
) -> None:
    _, method, path = label.split(" ", 2)
    for value in HOSTILE_VALUES[:8] if "{" in path else ():
        hostile_path = _filled(path, quote(value, safe="") or "%20")
        tally.record(f"{label} path={value[:20]!r}", _send(client, method, hostile_path))
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        for value in HOSTILE_VALUES:
            params = {parameter["name"]: value}
            tally.record(
                f"{label} ?{parameter['name']}={value[:20]!r}",
                _send(client, method, _filled(path), params=params),
            )
    if "requestBody" in operation:
        for name, body, content_type in HOSTILE_BODIES:
            headers = {
                "Content-Type": content_type,
                "Idempotency-Key": "bad-input",
                "If-Match": '"1"',
            }
            tally.record(
                f"{label} body={name}",
                _send(client, method, _filled(path), content=body, headers=headers),
            )
        for name, wrong in _wrong_types(operation):
            headers = {"Idempotency-Key": "bad-input-types", "If-Match": '"1"'}
            tally.record(
                f"{label} {name}",
                _send(client, method, _filled(path), json=wrong, headers=headers),
            )


def _wrong_types(operation: dict[str, Any]) -> Iterator[tuple[str, object]]:
    """Every field of the body given a value of each wrong JSON type."""
    content = operation["requestBody"].get("content", {})
    if "application/json" not in content:
        return
    wrong_values: list[object] = ["1", True, 1.5, None, [], {}, "x" * 100_000, 2**70]
    for value in wrong_values:
        yield f"every field = {str(value)[:12]!r}", {"lines": value, "name": value,
               "price_minor": value, "quantity": value, "email": value, "delta": value,
               "role": value, "url": value, "event_types": value}  # fmt: skip
    yield "quantity as a string", {"lines": [{"product_id": "01a2295d-479c-7029-aa3c-c2b932b0c3b1",
                                             "quantity": "1"}]}  # fmt: skip


def _try_the_edges(client: httpx.Client, tally: Tally, api: Api) -> None:
    """What the shared edge and the HTTP server refuse, on one operation of the API."""
    method, path, _ = next(
        (m, p, o)
        for m, p, o in _operations(api.document)
        if m == "POST" and "application/json" in o.get("requestBody", {}).get("content", {})
    )  # a JSON body: another media type is refused (415) before its size is
    target = _filled(path)
    json_type = {"Content-Type": "application/json"}
    too_big = b'{"x": "' + b"a" * 1_100_000 + b'"}'

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(too_big), 65_536):
            yield too_big[start : start + 65_536]

    garbage = _raw(api.app.base_url, b"GARBAGE\r\n\r\n")  # refused by the server itself
    tally.cases += 1
    tally.statuses[int(garbage.split(b" ", 2)[1])] += 1
    if b"content-type: application/problem+json" not in garbage.lower():
        tally.broken.append(f"{api.name} an unparsable request: {garbage[:120]!r}")
    expected = {
        "declared body over the limit": 413,
        "chunked body over the limit": 413,
        "a 200 KB header": 431,
        "a method it lacks": 405,
    }
    for label, response in (
        ("declared body over the limit", _send(client, method, target, content=too_big,
                                               headers=json_type)),
        ("chunked body over the limit", _send(client, method, target, content=chunks(),
                                              headers=json_type)),
        ("a 200 KB header", _send(client, "GET", "/livez", headers={"X-Big": "a" * 200_000})),
        ("a method it lacks", _send(client, "PUT", target)),
        ("OPTIONS", _send(client, "OPTIONS", target)),
        ("a forged token", _send(client, "GET", target, headers={"Authorization": "Bearer x.y.z"})),
        ("a Basic token", _send(client, "GET", target, headers={"Authorization": "Basic eDp5"})),
        ("an unknown route", _send(client, "GET", "/nowhere/%00/..")),
    ):  # fmt: skip
        tally.record(f"{api.name} {label}", response)
        status = response.status_code if response is not None else 0
        if label in expected and status != expected[label]:
            tally.broken.append(f"{api.name} {label}: {status}, not {expected[label]}")
        allowed = response.headers.get("allow", "") if response is not None else ""
        if label == "a method it lacks" and method not in allowed.split(", "):
            tally.broken.append(f"{api.name} {label}: Allow {allowed!r} lacks {method}")


def _raw(base_url: str, request: bytes) -> bytes:
    """What the server answers to bytes no HTTP client would send."""
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65_536):
            answer += chunk
    return answer


# Cursors: what a forger can put in one, on every paginated route.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "name", "created_at", "x"]), children, max_size=3)
    ),
    max_leaves=8,
)
# The keys real cursors carry, with any JSON at all as their values: what gets furthest.
well_keyed = st.sampled_from([("name", "id"), ("created_at", "id")]).flatmap(
    lambda keys: st.fixed_dictionaries(dict.fromkeys(keys, json_values))
)


def _encoded(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


cursors = st.one_of(
    st.binary(max_size=200).map(lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip("=")),
    json_values.map(_encoded),
    well_keyed.map(_encoded),
    well_keyed.map(_encoded),
    st.text(max_size=200),
)


def _paginated(api: Api) -> list[str]:
    return [
        path
        for method, path, operation in _operations(api.document)
        if method == "GET" and any(p["name"] == "cursor" for p in operation.get("parameters", []))
    ]


def test_no_forged_cursor_gets_a_server_error(apis: list[Api]) -> None:
    routes = [(api, path) for api in apis for path in _paginated(api)]
    seen: Counter[int] = Counter()

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(cursor=cursors, route=st.sampled_from(routes))
    def forged(cursor: str, route: tuple[Api, str]) -> None:
        api, path = route
        response = httpx.get(
            f"{api.app.base_url}{path}", params={"cursor": cursor}, headers=api.headers, timeout=30
        )
        seen[response.status_code] += 1
        assert response.status_code < 500, (path, cursor, response.text[:300])

    forged()
    print(f"\nforged cursors on {len(routes)} paginated routes: {dict(sorted(seen.items()))}")
    assert len(routes) >= 7
