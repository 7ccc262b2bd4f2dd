"""A NATS server with JetStream for tests, from the local `nats-server` binary (Debian:
`apt-get install nats-server`), or the one TEST_NATS_URL names.

A server per `running_nats` block, on a free loopback port, its JetStream store in a temporary
folder; with TEST_NATS_URL the block yields that URL (streams are per test database name, see
`stream_name`, so runs do not mix).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shop.testing.processes import free_port
from shop.testing.servers import server_process

INSTALL_HINT = (
    "nats-server was not found and TEST_NATS_URL is not set: install it (Debian/Ubuntu: "
    "`apt-get install nats-server`, macOS: `brew install nats-server`) or point TEST_NATS_URL "
    "at a server with JetStream"
)


class NatsUnavailableError(RuntimeError):
    """The harness cannot get a NATS server; the message says what to install or set."""


@contextmanager
def running_nats() -> Iterator[str]:
    """A NATS URL with JetStream enabled, until the block ends."""
    if os.environ.get("TEST_NATS_URL"):
        yield os.environ["TEST_NATS_URL"]
        return
    binary = shutil.which("nats-server") or "/usr/sbin/nats-server"
    if not Path(binary).exists():
        raise NatsUnavailableError(INSTALL_HINT)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="shop-nats-") as store:
        command = [binary, "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", store]
        with server_process(command, port, failure=NatsUnavailableError):
            yield f"nats://127.0.0.1:{port}"
