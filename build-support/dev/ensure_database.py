"""Create a database on a server unless it exists: ensure_database.py SERVER_URL NAME."""

from __future__ import annotations

import asyncio
import sys

import asyncpg


async def ensure(server_url: str, name: str) -> None:
    connection = await asyncpg.connect(server_url, timeout=5)
    try:
        if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


if __name__ == "__main__":
    asyncio.run(ensure(sys.argv[1], sys.argv[2]))
