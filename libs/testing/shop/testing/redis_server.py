"""A throwaway Redis server made from the local `redis-server` binary, for tests.

`TEST_REDIS_URL` wins when set. Otherwise one server per user and port is started on first use
and reused while it runs (nothing on disk, loopback only), as `pg_server` does for PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from shop.testing.pg_server import exclusive, is_accepting

DEFAULT_PORT = 56379
INSTALL_HINT = (
    "redis-server was not found and TEST_REDIS_URL is not set.\n  Either install Redis "
    "(Debian/Ubuntu: `apt-get install redis-server`, macOS: `brew install redis`),\n  or set "
    "TEST_REDIS_URL to a server you run, e.g. redis://127.0.0.1:6379/0"
)


class RedisUnavailableError(RuntimeError):
    """The harness cannot get a server; the message says what to install or set."""


def port() -> int:
    return int(os.environ.get("SHOP_TEST_REDIS_PORT", DEFAULT_PORT))


def url() -> str:
    return os.environ.get("TEST_REDIS_URL") or f"redis://127.0.0.1:{port()}/0"


def _state_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"shop-test-redis-{os.geteuid()}-{port()}"


def start() -> str:
    """The configured server's URL, or a local one started unless it already runs."""
    if os.environ.get("TEST_REDIS_URL"):
        return url()
    with exclusive(f"shop-test-redis-{port()}"):
        state = _state_dir()
        if is_accepting(port()):
            if not (state / "redis.pid").exists():
                raise RedisUnavailableError(
                    f"port {port()} is taken by another program; set SHOP_TEST_REDIS_PORT to a "
                    "free port"
                )
            return url()
        binary = shutil.which("redis-server")
        if binary is None:
            raise RedisUnavailableError(INSTALL_HINT)
        state.mkdir(mode=0o700, exist_ok=True)
        command = [
            binary,
            "--port", str(port()),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "yes",
            "--dir", str(state),
            "--pidfile", str(state / "redis.pid"),
            "--logfile", str(state / "redis.log"),
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            raise RedisUnavailableError(f"redis-server failed: {done.stdout}{done.stderr}")
        deadline = time.monotonic() + 10
        while not is_accepting(port()):
            if time.monotonic() > deadline:
                raise RedisUnavailableError(f"redis-server did not start; see {state}/redis.log")
            time.sleep(0.05)
        return url()


def stop() -> None:
    with exclusive(f"shop-test-redis-{port()}"):
        pid_file = _state_dir() / "redis.pid"
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            pid_file.unlink(missing_ok=True)
