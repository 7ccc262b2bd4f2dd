"""A streaming replica of the test server, made with pg_basebackup from the local binaries, for
tests of the reads that go to a replica (DB_READ_URL).

One per `running_replica` block: a base backup of the primary (the whole cluster: the test
databases are small), started as a hot standby on a free port, stopped and deleted after.
Pausing its replay (`paused_replay`) holds it behind the primary at will.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from shop.connectors.db.settings import plain_dsn
from shop.testing.pg_server import find_bin_dir, is_accepting, run_as_server, server_account
from shop.testing.processes import free_port


@contextmanager
def running_replica(primary_url: str) -> Iterator[str]:
    """The URL of the same database on a replica of its server, until the block ends."""
    primary = make_url(primary_url)
    bin_dir = find_bin_dir()
    port = free_port()
    state = Path(tempfile.mkdtemp(prefix="shop-replica-"))
    account = server_account()
    if account is not None:
        os.chown(state, *account)
    data = state / "data"
    try:
        run_as_server(
            [
                str(bin_dir / "pg_basebackup"),
                "--host", primary.host or "127.0.0.1",
                "--port", str(primary.port or 5432),
                "--username", primary.username or "postgres",
                "--pgdata", str(data),
                "--write-recovery-conf",  # standby.signal and primary_conninfo
                "--wal-method=stream",
                "--checkpoint=fast",
                "--no-sync",
            ]
        )  # fmt: skip
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={state} "
            "-c hot_standby=on -c fsync=off -c max_connections=300"
        )
        run_as_server(
            [str(bin_dir / "pg_ctl"), "start", "-D", str(data), "-w", "-t", "60",
             "-l", str(state / "server.log"), "-o", options]
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while not is_accepting(port) and time.monotonic() < deadline:
            time.sleep(0.05)
        yield primary.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    finally:
        if (data / "postmaster.pid").exists():
            run_as_server([str(bin_dir / "pg_ctl"), "stop", "-D", str(data), "-m", "immediate"])
        shutil.rmtree(state, ignore_errors=True)


async def caught_up(replica_url: str, primary_url: str) -> None:
    """Wait until the replica has replayed everything the primary had written when called
    (callers bound the wait with asyncio.timeout)."""
    primary = await asyncpg.connect(plain_dsn(primary_url))
    replica = await asyncpg.connect(plain_dsn(replica_url))
    try:
        # The insert position: with synchronous_commit=off (the test server) a commit can be in
        # the WAL buffers, not yet written, and the write position would be before it.
        target = await primary.fetchval("SELECT pg_current_wal_insert_lsn()")
        while await replica.fetchval("SELECT pg_last_wal_replay_lsn() < $1", target):  # noqa: ASYNC110 - polling another server
            await asyncio.sleep(0.05)
    finally:
        await primary.close()
        await replica.close()


@asynccontextmanager
async def paused_replay(replica_url: str) -> AsyncIterator[None]:
    """The replica stops applying what it receives inside the block: it falls behind."""
    replica = await asyncpg.connect(plain_dsn(replica_url))
    try:
        await replica.execute("SELECT pg_wal_replay_pause()")
        yield
    finally:
        await replica.execute("SELECT pg_wal_replay_resume()")
        await replica.close()
