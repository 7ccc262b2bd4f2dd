"""The shop's domain: SQLAlchemy 2 models that carry their own rules.

Importing this package registers every model on `metadata` (what Alembic compares against).
"""

from shop.entities.accounts import Customer, CustomerStatus, StaffRole, StaffUser
from shop.entities.base import Base, metadata, new_id
from shop.entities.order import Order, OrderLine, OrderStatus, StockMovement
from shop.entities.product import Product
from shop.entities.records import AuditEntry, IdempotencyRecord, OutboxEvent, request_fingerprint

__all__ = [
    "AuditEntry",
    "Base",
    "Customer",
    "CustomerStatus",
    "IdempotencyRecord",
    "Order",
    "OrderLine",
    "OrderStatus",
    "OutboxEvent",
    "Product",
    "StaffRole",
    "StaffUser",
    "StockMovement",
    "metadata",
    "new_id",
    "request_fingerprint",
]
