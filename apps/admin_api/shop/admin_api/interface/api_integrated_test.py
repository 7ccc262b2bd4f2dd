"""The admin API end to end through its ASGI app, against PostgreSQL."""

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from shop.entities import AuditEntry, OutboxEvent, Product, StaffRole, StaffUser
from shop.testing.callers import Callers
from shop.testing.data import PASSWORD, add_customer, add_order, add_product, add_staff

pytestmark = pytest.mark.integrated

PROBLEM = "application/problem+json"


def new_product_body(**overrides: object) -> dict[str, object]:
    return {
        "sku": f"SKU-{uuid.uuid4().hex[:10]}",
        "name": "Teapot",
        "price_minor": 4900,
        "currency": "EUR",
        "stock": 3,
    } | overrides


async def audit_of(engine: AsyncEngine, object_id: str) -> list[Any]:
    """The audit rows of an object, oldest first."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(AuditEntry.action, AuditEntry.before, AuditEntry.after, AuditEntry.actor_id)
            .where(AuditEntry.object_id == object_id)
            .order_by(AuditEntry.created_at, AuditEntry.id)
        )
        return list(rows.all())


async def test_staff_sign_in_gives_an_admin_token_and_refusals_look_alike(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    user = await add_staff(engine, StaffRole.VIEWER)
    gone = await add_staff(engine, StaffRole.OWNER, active=False)

    signed = await client.post(
        "/admin/v1/auth/token", data={"username": user.email, "password": PASSWORD}
    )
    wrong = await client.post(
        "/admin/v1/auth/token", data={"username": user.email, "password": "not the password"}
    )
    unknown = await client.post(
        "/admin/v1/auth/token", data={"username": "nobody@x.example", "password": PASSWORD}
    )
    deactivated = await client.post(
        "/admin/v1/auth/token", data={"username": gone.email, "password": PASSWORD}
    )
    token = signed.json()["access_token"]
    listing = await client.get("/admin/v1/products", headers={"Authorization": f"Bearer {token}"})

    assert signed.status_code == 200, signed.text
    assert signed.json()["token_type"] == "bearer"
    assert listing.status_code == 200
    assert {wrong.status_code, unknown.status_code, deactivated.status_code} == {401}
    assert wrong.json()["detail"] == unknown.json()["detail"] == deactivated.json()["detail"]
    assert wrong.headers["www-authenticate"] == "Bearer"


async def test_a_deactivated_user_is_refused_while_the_token_lives(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    assert (await client.get("/admin/v1/products", headers=callers.viewer)).status_code == 200
    async with engine.begin() as connection:
        await connection.execute(
            update(StaffUser).where(StaffUser.role == StaffRole.VIEWER).values(active=False)
        )

    refused = await client.get("/admin/v1/products", headers=callers.viewer)

    assert refused.status_code == 401
    assert refused.headers["content-type"] == PROBLEM


async def test_a_write_answers_with_the_bytes_a_read_gives(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    name = 'Teapot "Größe" \\ 🍵'
    created = await client.post(
        "/admin/v1/products", json=new_product_body(name=name), headers=callers.operator
    )
    product_url = f"/admin/v1/products/{created.json()['id']}"
    product_read = await client.get(product_url, headers=callers.viewer)
    adjusted = await client.post(
        f"{product_url}/stock-adjustments",
        json={"delta": -3, "reason": "breakage"},
        headers=callers.operator,
    )
    adjusted_read = await client.get(product_url, headers=callers.viewer)
    customer = await add_customer(engine)
    two = await add_product(engine, stock=5)
    order = await add_order(engine, customer, [(two, 2), (await add_product(engine), 1)])
    fulfilled = await client.post(f"/admin/v1/orders/{order.id}/fulfil", headers=callers.operator)
    order_read = await client.get(f"/admin/v1/orders/{order.id}", headers=callers.viewer)

    assert (created.status_code, adjusted.status_code, fulfilled.status_code) == (201, 200, 200)
    assert created.content == product_read.content
    assert adjusted.content == adjusted_read.content
    assert adjusted.json()["in_stock"] is False
    assert fulfilled.content == order_read.content


async def test_a_product_is_created_then_edited_only_against_its_current_version(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    created = await client.post(
        "/admin/v1/products", json=new_product_body(), headers=callers.operator
    )
    product = created.json()
    url = f"/admin/v1/products/{product['id']}"
    etag = (await client.get(url, headers=callers.viewer)).headers["etag"]

    missing = await client.patch(url, json={"price_minor": 5100}, headers=callers.operator)
    edited = await client.patch(
        url, json={"price_minor": 5100}, headers=callers.operator | {"If-Match": etag}
    )
    stale = await client.patch(
        url, json={"name": "Old"}, headers=callers.operator | {"If-Match": etag}
    )

    assert (created.status_code, created.headers["etag"]) == (201, '"1"')
    assert etag == '"1"'
    assert (missing.status_code, missing.json()["title"]) == (428, "Precondition required")
    assert edited.status_code == 200
    assert (edited.json()["price_minor"], edited.headers["etag"]) == (5100, '"2"')
    assert stale.status_code == 412
    assert stale.json()["current_version"] == 2
    entries = await audit_of(engine, product["id"])
    assert [entry.action for entry in entries] == ["product.create", "product.update"]
    assert (entries[1].before["price_minor"], entries[1].after["price_minor"]) == (4900, 5100)


async def test_bad_product_input_is_a_problem_naming_the_fields(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    body = new_product_body()
    first = await client.post("/admin/v1/products", json=body, headers=callers.operator)
    duplicate = await client.post("/admin/v1/products", json=body, headers=callers.operator)
    invalid = await client.post(
        "/admin/v1/products",
        json=new_product_body(price_minor=-1, currency="euro"),
        headers=callers.operator,
    )
    malformed = await client.post(
        "/admin/v1/products",
        content=b"{not json",
        headers=callers.operator | {"Content-Type": "application/json"},
    )

    assert first.status_code == 201
    assert (duplicate.status_code, duplicate.headers["content-type"]) == (409, PROBLEM)
    assert invalid.status_code == 422
    assert invalid.json()["type"] == "https://problems.shop.example/validation-failed"
    assert invalid.json()["errors"][0]["location"].startswith("body")
    assert malformed.status_code in {400, 422}
    assert malformed.headers["content-type"] == PROBLEM


async def test_stock_moves_with_a_reason_and_never_below_zero(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    product = await add_product(engine, stock=2)
    url = f"/admin/v1/products/{product.id}/stock-adjustments"

    delivered = await client.post(
        url, json={"delta": 10, "reason": "delivery"}, headers=callers.operator
    )
    too_many = await client.post(
        url, json={"delta": -13, "reason": "breakage"}, headers=callers.operator
    )
    no_reason = await client.post(url, json={"delta": 1, "reason": ""}, headers=callers.operator)

    assert (delivered.status_code, delivered.json()["stock"]) == (200, 12)
    assert too_many.status_code == 409
    assert no_reason.status_code == 422
    entries = await audit_of(engine, str(product.id))
    assert [(e.action, e.after["stock"], e.after["reason"]) for e in entries] == [
        ("product.adjust_stock", 12, "delivery")
    ]


async def test_archived_products_are_listed_by_status_and_low_stock(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    low = await add_product(engine, stock=1)
    plenty = await add_product(engine, stock=500)
    archived = await client.post(
        f"/admin/v1/products/{plenty.id}/archive", headers=callers.operator
    )

    async def ids(query: str) -> set[str]:
        response = await client.get(f"/admin/v1/products?limit=100&{query}", headers=callers.viewer)
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["items"]}

    assert archived.json()["active"] is False
    assert str(plenty.id) in await ids(f"status=archived&q={plenty.sku}")
    assert str(plenty.id) not in await ids(f"status=active&q={plenty.sku}")
    assert str(low.id) in await ids(f"stock_below=2&q={low.sku}")
    assert str(plenty.id) not in await ids(f"stock_below=2&q={plenty.sku}")
    back = await client.post(f"/admin/v1/products/{plenty.id}/unarchive", headers=callers.operator)
    assert back.json()["active"] is True


async def test_orders_are_fulfilled_or_cancelled_once_with_events_and_audit(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    customer = await add_customer(engine)
    product = await add_product(engine, stock=10)
    first = await add_order(engine, customer, [(product, 2)])
    second = await add_order(engine, customer, [(product, 3)])

    fulfilled = await client.post(f"/admin/v1/orders/{first.id}/fulfil", headers=callers.operator)
    again = await client.post(f"/admin/v1/orders/{first.id}/cancel", headers=callers.operator)
    cancelled = await client.post(f"/admin/v1/orders/{second.id}/cancel", headers=callers.operator)
    listed = await client.get(f"/admin/v1/orders?customer_id={customer.id}", headers=callers.viewer)

    assert (fulfilled.status_code, fulfilled.json()["status"]) == (200, "fulfilled")
    assert again.status_code == 409
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    items = listed.json()["items"]
    assert [(o["id"], o["status"]) for o in items] == [
        (str(second.id), "cancelled"),
        (str(first.id), "fulfilled"),
    ]
    assert items[1]["lines"] == [
        {"product_id": str(product.id), "quantity": 2, "unit_price_minor": 1250}
    ]
    product_now = await client.get(f"/admin/v1/products/{product.id}", headers=callers.viewer)
    assert product_now.json()["stock"] == 8  # 10 - 2 - 3 + 3 given back
    async with engine.connect() as connection:
        events = (
            await connection.execute(
                select(OutboxEvent.type).where(
                    OutboxEvent.payload["order_id"].astext.in_([str(first.id), str(second.id)])
                )
            )
        ).scalars()
        assert sorted(events) == ["order.cancelled", "order.fulfilled"]
    assert [e.action for e in await audit_of(engine, str(first.id))] == ["order.fulfil"]


async def test_the_order_list_pages_with_a_cursor_and_filters_by_status_and_date(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    customer = await add_customer(engine)
    product = await add_product(engine, stock=10)
    placed = [await add_order(engine, customer, [(product, 1)]) for _ in range(5)]
    base = f"/admin/v1/orders?customer_id={customer.id}&limit=2"

    seen: list[str] = []
    url = base
    while True:
        page = (await client.get(url, headers=callers.viewer)).json()
        seen += [order["id"] for order in page["items"]]
        if page["next_cursor"] is None:
            break
        url = f"{base}&cursor={page['next_cursor']}"
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    future = await client.get(
        f"{base}&placed_from={tomorrow.replace('+', '%2B')}", headers=callers.viewer
    )
    fulfilled = await client.get(f"{base}&status=fulfilled", headers=callers.viewer)
    bad_cursor = await client.get(f"{base}&cursor=nonsense", headers=callers.viewer)

    assert seen == [str(order.id) for order in reversed(placed)]
    assert future.json()["items"] == []
    assert fulfilled.json()["items"] == []
    assert bad_cursor.status_code == 422


async def test_the_export_streams_every_matching_order_as_csv_or_ndjson(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    customer = await add_customer(engine)
    mug, pot = await add_product(engine, stock=50), await add_product(engine, stock=50)
    orders = [await add_order(engine, customer, [(mug, 1), (pot, 2)]) for _ in range(3)]
    query = f"customer_id={customer.id}"

    as_csv = await client.get(f"/admin/v1/orders/export?{query}", headers=callers.viewer)
    as_ndjson = await client.get(
        f"/admin/v1/orders/export?{query}&format=ndjson", headers=callers.viewer
    )

    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert len(rows) == 6  # a row per line
    assert [row["order_id"] for row in rows[::2]] == [str(order.id) for order in orders]
    assert {row["quantity"] for row in rows} == {"1", "2"}
    lines = [orjson.loads(line) for line in as_ndjson.text.splitlines()]
    assert as_ndjson.headers["content-type"] == "application/x-ndjson"
    assert [order["id"] for order in lines] == [str(order.id) for order in orders]
    assert [len(order["lines"]) for order in lines] == [2, 2, 2]


async def test_customers_are_searched_shown_with_spending_and_suspended(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    customer = await add_customer(engine)
    product = await add_product(engine, stock=10, price_minor=1000)
    await add_order(engine, customer, [(product, 2)])
    cancelled = await add_order(engine, customer, [(product, 1)])
    await client.post(f"/admin/v1/orders/{cancelled.id}/cancel", headers=callers.operator)

    found = await client.get(f"/admin/v1/customers?q={customer.email}", headers=callers.viewer)
    detail = await client.get(f"/admin/v1/customers/{customer.id}", headers=callers.viewer)
    suspended = await client.post(
        f"/admin/v1/customers/{customer.id}/suspend", headers=callers.operator
    )

    assert [c["id"] for c in found.json()["items"]] == [str(customer.id)]
    assert detail.json()["order_count"] == 2
    assert detail.json()["spent_minor"] == {"EUR": 2000}
    assert suspended.json()["status"] == "suspended"
    assert [e.action for e in await audit_of(engine, str(customer.id))] == ["customer.suspend"]


async def test_owners_manage_staff_but_the_last_active_owner_stays(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    created = await client.post(
        "/admin/v1/staff",
        json={
            "email": f"new-{uuid.uuid4().hex[:8]}@staff.example",
            "name": "Nia",
            "password": PASSWORD,
            "role": "viewer",
        },
        headers=callers.owner,
    )
    staff_id = created.json()["id"]
    promoted = await client.post(
        f"/admin/v1/staff/{staff_id}/role", json={"role": "operator"}, headers=callers.owner
    )
    deactivated = await client.post(f"/admin/v1/staff/{staff_id}/deactivate", headers=callers.owner)
    me = next(
        user
        for user in (await client.get("/admin/v1/staff", headers=callers.owner)).json()
        if user["role"] == "owner" and user["active"]
    )
    # Leave exactly one active owner in this database: the caller.
    caller_id = await owner_id_of(client, callers)
    async with engine.begin() as connection:
        await connection.execute(
            update(StaffUser)
            .where(StaffUser.role == StaffRole.OWNER, StaffUser.id != caller_id)
            .values(active=False)
        )
    demote_last = await client.post(
        f"/admin/v1/staff/{caller_id}/role", json={"role": "viewer"}, headers=callers.owner
    )
    deactivate_last = await client.post(
        f"/admin/v1/staff/{caller_id}/deactivate", headers=callers.owner
    )

    assert created.status_code == 201, created.text
    assert "password" not in created.json()
    assert "password_hash" not in created.json()
    assert promoted.json()["role"] == "operator"
    assert deactivated.json()["active"] is False
    assert me["active"]
    assert demote_last.status_code == 409
    assert deactivate_last.status_code == 409
    actions = [e.action for e in await audit_of(engine, staff_id)]
    assert actions == ["staff.create", "staff.change_role", "staff.deactivate"]


async def owner_id_of(client: httpx.AsyncClient, callers: Callers) -> uuid.UUID:
    """The owner behind the `owner` caller's token: the one whose audit entries it writes."""
    product = await client.post(
        "/admin/v1/products", json=new_product_body(), headers=callers.owner
    )
    audit = await client.get(
        f"/admin/v1/audit?object_id={product.json()['id']}", headers=callers.owner
    )
    return uuid.UUID(audit.json()["items"][0]["actor_id"])


async def test_the_audit_log_filters_by_actor_object_and_time(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    product = await add_product(engine, stock=1)
    await client.post(f"/admin/v1/products/{product.id}/archive", headers=callers.operator)
    await client.post(f"/admin/v1/products/{product.id}/unarchive", headers=callers.operator)
    actor = (await audit_of(engine, str(product.id)))[0].actor_id
    later = (datetime.now(UTC) + timedelta(minutes=5)).isoformat().replace("+", "%2B")

    by_object = await client.get(
        f"/admin/v1/audit?object_type=product&object_id={product.id}", headers=callers.viewer
    )
    by_actor = await client.get(f"/admin/v1/audit?actor_id={actor}", headers=callers.viewer)
    none_later = await client.get(
        f"/admin/v1/audit?object_id={product.id}&since={later}", headers=callers.viewer
    )

    assert [e["action"] for e in by_object.json()["items"]] == [
        "product.unarchive",
        "product.archive",
    ]
    assert {e["object_id"] for e in by_actor.json()["items"]} == {str(product.id)}
    assert none_later.json()["items"] == []


async def test_sales_per_day_are_summed_in_sql_without_cancelled_orders(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    today = datetime.now(UTC).date()
    url = f"/admin/v1/stats/sales?from={today}&to={today}"
    before = {
        row["currency"]: row for row in (await client.get(url, headers=callers.viewer)).json()
    }
    customer = await add_customer(engine)
    product = await add_product(engine, stock=10, price_minor=1000)
    await add_order(engine, customer, [(product, 3)])
    cancelled = await add_order(engine, customer, [(product, 1)])
    await client.post(f"/admin/v1/orders/{cancelled.id}/cancel", headers=callers.operator)

    after = {row["currency"]: row for row in (await client.get(url, headers=callers.viewer)).json()}
    backwards = await client.get(
        f"/admin/v1/stats/sales?from={today}&to={today - timedelta(days=1)}",
        headers=callers.viewer,
    )

    was = before.get("EUR", {"orders": 0, "items": 0, "revenue_minor": 0})
    assert after["EUR"]["day"] == str(today)
    assert after["EUR"]["orders"] - was["orders"] == 1
    assert after["EUR"]["items"] - was["items"] == 3
    assert after["EUR"]["revenue_minor"] - was["revenue_minor"] == 3000
    assert backwards.status_code == 422
    assert [e["location"] for e in backwards.json()["errors"]] == ["query.to"]


async def test_products_read_through_the_view_match_the_entity(
    client: httpx.AsyncClient, callers: Callers, engine: AsyncEngine
) -> None:
    product = await add_product(engine, stock=7)
    async with engine.connect() as connection:
        stored = (await connection.execute(select(Product).where(Product.id == product.id))).one()

    shown = (await client.get(f"/admin/v1/products/{product.id}", headers=callers.viewer)).json()

    assert (shown["sku"], shown["stock"], shown["version"]) == (stored.sku, 7, stored.version)
