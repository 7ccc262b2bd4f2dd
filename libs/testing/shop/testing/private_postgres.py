"""A PostgreSQL server of a test's own, to stop and start under running apps.

Made from the local binaries on a free port (`pg_server` in a subprocess, with its own port),
migrated to head, destroyed afterwards: restarting it disturbs no other test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from shop.migrations import runner as migrations
from shop.testing import pg_server
from shop.testing.database import with_database
from shop.testing.processes import free_port

_SERVER = [sys.executable, str(Path(pg_server.__file__))]


class PrivatePostgres:
    def __init__(self) -> None:
        self._env = {**os.environ, "SHOP_TEST_PG_PORT": str(free_port())}
        self.url = ""

    def start(self) -> str:
        self.url = self._run("start")
        return self.url

    def stop(self) -> None:
        """A fast shutdown: sessions are cut, committed work is kept."""
        self._run("stop")

    def destroy(self) -> None:
        self._run("destroy")

    def _run(self, command: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own script
            [*_SERVER, command], env=self._env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"pg_server {command} failed: {done.stderr}")
        return done.stdout.strip()


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    url = server.start()
    try:
        # Alembic's env runs its own event loop: off the caller's, in a thread.
        with ThreadPoolExecutor(1) as pool:
            asyncpg_url = with_database(url, "postgres", "postgresql+asyncpg")
            pool.submit(migrations.upgrade_to_head, asyncpg_url).result()
        yield server
    finally:
        server.destroy()
