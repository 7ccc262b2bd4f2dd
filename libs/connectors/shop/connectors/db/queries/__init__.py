"""The vocabulary of queries that the repositories (ORM, for writes) and the reads (SQL
straight to JSON) share without importing each other: pages, filters and orderings."""

from shop.connectors.db.queries.filters import AuditFilter, OrderFilter, ProductFilter
from shop.connectors.db.queries.pages import MAX_PAGE_SIZE, Keyset, Page, validated_limit

__all__ = [
    "MAX_PAGE_SIZE",
    "AuditFilter",
    "Keyset",
    "OrderFilter",
    "Page",
    "ProductFilter",
    "validated_limit",
]
