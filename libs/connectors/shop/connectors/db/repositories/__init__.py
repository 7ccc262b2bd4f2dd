"""One repository per aggregate; the unit of work hands them out on one session."""

from shop.connectors.db.repositories.accounts import Customers, Staff
from shop.connectors.db.repositories.orders import OrderFilter, Orders
from shop.connectors.db.repositories.pagination import MAX_PAGE_SIZE, Keyset, Page
from shop.connectors.db.repositories.products import ProductFilter, Products, StockLedger
from shop.connectors.db.repositories.projections import Projections
from shop.connectors.db.repositories.records import (
    AuditFilter,
    AuditLog,
    IdempotencyRecords,
    Outbox,
)
from shop.connectors.db.repositories.webhooks import DeliveryJob, Webhooks

__all__ = [
    "MAX_PAGE_SIZE",
    "AuditFilter",
    "AuditLog",
    "Customers",
    "DeliveryJob",
    "IdempotencyRecords",
    "Keyset",
    "OrderFilter",
    "Orders",
    "Outbox",
    "Page",
    "ProductFilter",
    "Products",
    "Projections",
    "Staff",
    "StockLedger",
    "Webhooks",
]
