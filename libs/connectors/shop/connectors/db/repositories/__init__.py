"""One repository per aggregate; the unit of work hands them out on one session."""

from shop.connectors.db.repositories.accounts import Customers, Staff
from shop.connectors.db.repositories.orders import Orders
from shop.connectors.db.repositories.placements import KeyedReply, OrderPlacements, Placement
from shop.connectors.db.repositories.products import Products, StockLedger
from shop.connectors.db.repositories.projections import Projections, SalesChange, SummaryChange
from shop.connectors.db.repositories.records import AuditLog, IdempotencyRecords, Outbox
from shop.connectors.db.repositories.retention import Retention
from shop.connectors.db.repositories.webhooks import DeliveryJob, Webhooks

__all__ = [
    "AuditLog",
    "Customers",
    "DeliveryJob",
    "IdempotencyRecords",
    "KeyedReply",
    "OrderPlacements",
    "Orders",
    "Outbox",
    "Placement",
    "Products",
    "Projections",
    "Retention",
    "SalesChange",
    "Staff",
    "StockLedger",
    "SummaryChange",
    "Webhooks",
]
