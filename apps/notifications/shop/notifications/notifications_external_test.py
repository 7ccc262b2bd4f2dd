"""The packaged notifications app as a real process, on the real event stream: orders placed
and cancelled through the packaged public API, relayed by the packaged worker to NATS
JetStream, become e-mails on a real SMTP server, once each, across a restart of the app."""

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from shop.entities import Product
from shop.testing.contracts import assert_log_lines_carry_the_build
from shop.testing.data import PASSWORD, add_product
from shop.testing.database import TestDatabase
from shop.testing.nats_server import running_nats
from shop.testing.processes import ServedApp, packaged_command, running_app
from shop.testing.served import NOTIFICATIONS, PUBLIC_API, TOKEN_SECRET, WORKER, App
from shop.testing.smtp_server import SmtpServer, running_smtp

pytestmark = pytest.mark.external


def _command(app: App) -> list[str]:
    return packaged_command(app.pex, app.module)


async def _stocked_product(database_url: str) -> Product:
    engine = create_async_engine(database_url)
    try:
        return await add_product(engine, stock=50)
    finally:
        await engine.dispose()


class Customer:
    def __init__(self, base_url: str) -> None:
        self.email = f"n-{uuid.uuid4().hex[:8]}@example.com"
        self.base_url = base_url
        httpx.post(
            f"{base_url}/v1/customers",
            json={"email": self.email, "name": "Noor <Notified>", "password": PASSWORD},
        ).raise_for_status()
        token = httpx.post(
            f"{base_url}/v1/auth/token", data={"username": self.email, "password": PASSWORD}
        ).json()["access_token"]
        self.headers = {"Authorization": f"Bearer {token}"}

    def order(self, product: Product) -> str:
        placed = httpx.post(
            f"{self.base_url}/v1/orders",
            json={"lines": [{"product_id": str(product.id), "quantity": 2}]},
            headers={**self.headers, "Idempotency-Key": uuid.uuid4().hex},
        )
        assert placed.status_code == 201, placed.text
        return str(placed.json()["id"])

    def cancel(self, order_id: str) -> None:
        httpx.post(
            f"{self.base_url}/v1/orders/{order_id}/cancel", headers=self.headers
        ).raise_for_status()


@contextmanager
def notifications(nats_url: str, smtp: SmtpServer) -> Iterator[ServedApp]:
    env = {
        "NOTIFICATIONS_NATS_URL": nats_url,
        "SMTP_HOST": smtp.host,
        "SMTP_PORT": str(smtp.port),
        "SMTP_SECURITY": "none",
        "NOTIFICATIONS_STOREFRONT_URL": "https://shop.example",
    }
    with running_app(_command(NOTIFICATIONS), NOTIFICATIONS.port_variable, env) as app:
        yield app


def test_orders_placed_and_cancelled_through_the_api_are_e_mailed_once_across_a_restart(
    test_database: TestDatabase,
) -> None:
    product = asyncio.run(_stocked_product(test_database.url))
    database = {"DB_URL": test_database.url, "AUTH_SECRET_KEY": TOKEN_SECRET}
    with running_nats() as nats_url, running_smtp() as smtp:  # noqa: SIM117 - the URL first
        with (
            running_app(_command(PUBLIC_API), PUBLIC_API.port_variable, database) as api,
            running_app(
                _command(WORKER), WORKER.port_variable, {**database, "EVENTS_NATS_URL": nats_url}
            ),
        ):
            customer = Customer(api.base_url)
            with notifications(nats_url, smtp) as app:
                before = httpx.get(f"{app.base_url}/readyz")  # the worker made no stream yet
                first = customer.order(product)
                customer.cancel(first)
                mails = smtp.wait_for(2)
                ready = httpx.get(f"{app.base_url}/readyz")
                live = httpx.get(f"{app.base_url}/livez").json()
                metrics = httpx.get(f"{app.base_url}/metrics").text
            # Placed while the app is down: its durable consumer keeps the event for it.
            second = customer.order(product)
            with notifications(nats_url, smtp) as again:
                mails = smtp.wait_for(3)
                httpx.get(f"{again.base_url}/nowhere")  # one access line in its log
                assert smtp.wait_for(4, timeout=1.5) == mails  # nothing sent twice

    assert before.status_code == 503
    assert "SHOP_ORDERS does not exist yet" in before.json()["detail"]
    assert ready.status_code == 200, ready.text
    assert live["service"] == "shop-notifications"
    assert 'notifications_events_total{outcome="sent"} 2.0' in metrics
    subjects = [mail.message["Subject"] for mail in mails]
    assert subjects == [
        f"Shop: thank you for your order {first[:8].upper()}",
        f"Shop: your order {first[:8].upper()} is cancelled",
        f"Shop: thank you for your order {second[:8].upper()}",
    ]
    assert {tuple(mail.recipients) for mail in mails} == {(customer.email,)}
    html = mails[0].message.get_body(("html",))
    assert html is not None
    assert "Noor &lt;Notified&gt;" in html.get_content()
    assert f"https://shop.example/orders/{first}" in html.get_content()
    assert_log_lines_carry_the_build(again.log(), "shop-notifications")
    assert again.error_lines() == []
    assert (app.exit_code, again.exit_code) == (0, 0)
