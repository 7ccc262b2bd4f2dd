"""The shop's domain: SQLAlchemy 2 models that carry their own rules.

Importing this package registers every model on `metadata` (what Alembic compares against).
"""

from shop.entities.accounts import Customer, CustomerStatus, StaffAccess, StaffRole, StaffUser
from shop.entities.base import Base, metadata, new_id
from shop.entities.order import Order, OrderLine, OrderStatus, StockMovement
from shop.entities.product import Product
from shop.entities.projections import CustomerOrderSummary, ProcessedEvent, ProductSales
from shop.entities.records import (
    AuditEntry,
    EventType,
    IdempotencyRecord,
    OutboxEvent,
    request_fingerprint,
)
from shop.entities.webhooks import (
    DeliveryAttempt,
    DeliveryStatus,
    WebhookDelivery,
    WebhookSubscription,
)

__all__ = [
    "AuditEntry",
    "Base",
    "Customer",
    "CustomerOrderSummary",
    "CustomerStatus",
    "DeliveryAttempt",
    "DeliveryStatus",
    "EventType",
    "IdempotencyRecord",
    "Order",
    "OrderLine",
    "OrderStatus",
    "OutboxEvent",
    "ProcessedEvent",
    "Product",
    "ProductSales",
    "StaffAccess",
    "StaffRole",
    "StaffUser",
    "StockMovement",
    "WebhookDelivery",
    "WebhookSubscription",
    "metadata",
    "new_id",
    "request_fingerprint",
]
