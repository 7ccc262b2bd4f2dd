"""Demo data for development: a catalogue, an owner staff user and a demo customer.

`make seed` (python -m shop.migrations.seed). Safe to run again: what exists is left alone.
Refuses to run in production; the demo passwords are development defaults, printed once.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass

from shop.connectors.db.engine import create_engine
from shop.connectors.db.sessions import UnitOfWork, create_session_factory
from shop.connectors.db.settings import DatabaseSettings
from shop.core.security.passwords import PasswordHashing
from shop.core.settings import Environment, current_environment
from shop.entities import Customer, Product, StaffRole, StaffUser
from shop.migrations.runner import database_problems_in_one_line

OWNER_EMAIL = "owner@shop.example"
CUSTOMER_EMAIL = "demo@shop.example"
DEMO_PASSWORD = "demo-password-1"  # noqa: S105 - development data only, refused in production

CATALOGUE = [
    ("MUG-RED", "Red mug", "Stoneware, 350 ml.", 1250, 40),
    ("MUG-BLUE", "Blue mug", "Stoneware, 350 ml.", 1250, 25),
    ("TEA-EARL", "Earl Grey, 100 g", "Loose leaf black tea with bergamot.", 699, 120),
    ("TEA-SENCHA", "Sencha, 100 g", "Japanese green tea.", 899, 60),
    ("POT-CAST", "Cast iron teapot", "0.8 l, with infuser.", 4900, 8),
    ("KETTLE-GOOSE", "Gooseneck kettle", "1 l, stovetop.", 3900, 0),
]


@dataclass(frozen=True)
class SeedReport:
    products_added: int
    staff_added: int
    customers_added: int


async def seed(uow: UnitOfWork, hashing: PasswordHashing) -> SeedReport:
    async with uow:
        existing = {p.sku for p in (await uow.products.list_by_skus([c[0] for c in CATALOGUE]))}
        new_products = [
            Product.create(
                sku=sku, name=name, description=text, price_minor=price, currency="EUR", stock=stock
            )
            for sku, name, text, price, stock in CATALOGUE
            if sku not in existing
        ]
        for product in new_products:
            uow.products.add(product)
        staff_added = 0
        if await uow.staff.by_email(OWNER_EMAIL) is None:
            uow.staff.add(
                StaffUser.create(
                    email=OWNER_EMAIL,
                    name="Shop Owner",
                    password_hash=hashing.hash(DEMO_PASSWORD),
                    role=StaffRole.OWNER,
                )
            )
            staff_added = 1
        customers_added = 0
        if await uow.customers.by_email(CUSTOMER_EMAIL) is None:
            uow.customers.add(
                Customer.register(
                    email=CUSTOMER_EMAIL,
                    name="Demo Customer",
                    password_hash=hashing.hash(DEMO_PASSWORD),
                )
            )
            customers_added = 1
        await uow.commit()
    return SeedReport(len(new_products), staff_added, customers_added)


async def _main() -> None:
    engine = create_engine(DatabaseSettings.load(), application_name="shop-seed")
    try:
        report = await seed(UnitOfWork(create_session_factory(engine)), PasswordHashing())
    finally:
        await engine.dispose()
    print(  # noqa: T201
        f"seeded: {report.products_added} products, {report.staff_added} staff, "
        f"{report.customers_added} customers (sign in as {OWNER_EMAIL} or {CUSTOMER_EMAIL}, "
        f"password {DEMO_PASSWORD!r})"
    )


def main() -> None:
    if current_environment() == Environment.PRODUCTION:
        print("seed: refusing to load demo data in production (APP_ENV)", file=sys.stderr)  # noqa: T201
        sys.exit(2)
    with database_problems_in_one_line("seed"):
        asyncio.run(_main())


if __name__ == "__main__":
    main()
