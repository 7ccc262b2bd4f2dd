"""Order exports as byte chunks: CSV (a row per order line) or NDJSON (an order per line).

Chunks of a few hundred rows keep the number of writes to the socket low while the memory
held stays that of one chunk, whatever the size of the export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

import orjson

CSV_COLUMNS = (
    "order_id",
    "placed_at",
    "customer_id",
    "status",
    "currency",
    "total_minor",
    "product_id",
    "quantity",
    "unit_price_minor",
)
ORDERS_PER_CHUNK = 500


async def csv_chunks(orders: AsyncIterable[dict[str, Any]]) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    pending = 0
    async for order in orders:
        head = (
            order["id"],
            order["placed_at"],
            order["customer_id"],
            order["status"],
            order["currency"],
            order["total_minor"],
        )
        writer.writerows(
            (*head, line["product_id"], line["quantity"], line["unit_price_minor"])
            for line in order["lines"]
        )
        pending += 1
        if pending == ORDERS_PER_CHUNK:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode()


async def ndjson_chunks(orders: AsyncIterable[dict[str, Any]]) -> AsyncIterator[bytes]:
    chunk: list[bytes] = []
    async for order in orders:
        chunk.append(orjson.dumps(order))
        if len(chunk) == ORDERS_PER_CHUNK:
            yield b"\n".join(chunk) + b"\n"
            chunk.clear()
    if chunk:
        yield b"\n".join(chunk) + b"\n"
