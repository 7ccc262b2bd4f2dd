"""PgBouncer in transaction mode in front of a test database, from the local `pgbouncer` binary
(Debian: `apt-get install pgbouncer`), for tests and benchmarks of the apps behind a pooler.

A server per `running_pgbouncer` block, on a free loopback port, its files in a temporary
folder; root runs it as the `postgres` account, as the PostgreSQL harness does.
"""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from shop.testing.processes import free_port
from shop.testing.servers import server_process

INSTALL_HINT = (
    "pgbouncer was not found: install it (Debian/Ubuntu: `apt-get install pgbouncer`, macOS: "
    "`brew install pgbouncer`)"
)


class PgBouncerUnavailableError(RuntimeError):
    """The harness cannot start PgBouncer; the message says what to install."""


def _binary() -> str:
    for candidate in (shutil.which("pgbouncer"), "/usr/sbin/pgbouncer"):
        if candidate and Path(candidate).exists():
            return candidate
    raise PgBouncerUnavailableError(INSTALL_HINT)


@contextmanager
def running_pgbouncer(database_url: str, pool_size: int = 20) -> Iterator[str]:
    """The same database's URL through PgBouncer (transaction pooling, `pool_size` server
    connections), until the block ends."""
    url = make_url(database_url)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="shop-pgbouncer-") as folder:
        state = Path(folder)
        user = url.username or "postgres"
        (state / "users.txt").write_text(f'"{user}" ""\n')
        (state / "pgbouncer.ini").write_text(
            f"""[databases]
* = host={url.host or "127.0.0.1"} port={url.port or 5432}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {state}/users.txt
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 1000
server_reset_query =
ignore_startup_parameters = extra_float_digits
logfile = {state}/pgbouncer.log
pidfile = {state}/pgbouncer.pid
"""
        )
        command = [_binary(), str(state / "pgbouncer.ini")]
        if os.geteuid() == 0:  # PgBouncer refuses to run as root
            account = pwd.getpwnam("postgres")
            os.chown(state, account.pw_uid, account.pw_gid)
            command[1:1] = ["-u", "postgres"]
        log = state / "pgbouncer.log"
        with server_process(command, port, failure=PgBouncerUnavailableError, log=log):
            yield url.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
