"""The orders listings sort by: unique column tuples, so a cursor resumes exactly."""

from shop.connectors.db.queries.pages import Keyset
from shop.entities import AuditEntry, Customer, Order, Product, WebhookDelivery

# What a catalogue reader expects; the id makes it unique.
PRODUCTS_BY_NAME = Keyset(Product.name, Product.id)
ORDERS_NEWEST_FIRST = Keyset(Order.created_at, Order.id, descending=True)
CUSTOMERS_NEWEST_FIRST = Keyset(Customer.created_at, Customer.id, descending=True)
AUDIT_NEWEST_FIRST = Keyset(AuditEntry.created_at, AuditEntry.id, descending=True)
DELIVERIES_NEWEST_FIRST = Keyset(WebhookDelivery.created_at, WebhookDelivery.id, descending=True)
