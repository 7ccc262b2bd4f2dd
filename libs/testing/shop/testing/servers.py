"""A server the harness starts from a local binary (PgBouncer, HAProxy, NATS): running until the
block ends, once it accepts connections."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shop.testing.pg_server import is_accepting

STARTUP_SECONDS = 10


@contextmanager
def server_process(
    command: list[str], port: int, *, failure: type[RuntimeError], log: Path | None = None
) -> Iterator[None]:
    """`command` until the block ends, entered once something accepts connections on `port`;
    `failure`, with the server's own words (its stderr, or `log`), when it exits first or is
    not listening within STARTUP_SECONDS."""
    process = subprocess.Popen(  # noqa: S603 - the harness's own binaries and options
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not is_accepting(port):
            if process.poll() is not None or time.monotonic() > deadline:
                if log is not None:
                    said = log.read_text() if log.exists() else ""
                else:
                    said = process.stderr.read().decode() if process.stderr else ""
                raise failure(f"{Path(command[0]).name} did not start:\n{said[-2000:]}")
            time.sleep(0.05)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)
