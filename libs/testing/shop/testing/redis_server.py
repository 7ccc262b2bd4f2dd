"""A throwaway Redis server made from the local `redis-server` binary, for tests.

`TEST_REDIS_URL` wins when set. Otherwise one server per user and port is started on first use
and reused while it runs (nothing on disk, loopback only); `stop()` ends it. Standard library
only, like `pg_server`, so a Makefile can call it before anything is installed:
`python3 libs/testing/shop/testing/redis_server.py start` prints the URL.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

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


def is_accepting() -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port()), 0.5):
        return True
    return False


@contextlib.contextmanager
def _exclusive() -> Iterator[None]:
    lock_path = Path(tempfile.gettempdir()) / f"shop-test-redis-{os.geteuid()}-{port()}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def start() -> str:
    """The configured server's URL, or a local one started unless it already runs."""
    if os.environ.get("TEST_REDIS_URL"):
        return url()
    with _exclusive():
        state = _state_dir()
        if is_accepting():
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
        while not is_accepting():
            if time.monotonic() > deadline:
                raise RedisUnavailableError(f"redis-server did not start; see {state}/redis.log")
            time.sleep(0.05)
        return url()


def stop() -> None:
    with _exclusive():
        pid_file = _state_dir() / "redis.pid"
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            pid_file.unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    commands: dict[str, Callable[[], None]] = {
        "start": lambda: print(start()),
        "stop": stop,
        "url": lambda: print(url()),
    }
    if len(argv) != 1 or argv[0] not in commands:
        print(f"usage: redis_server.py {{{'|'.join(commands)}}}", file=sys.stderr)
        return 2
    try:
        commands[argv[0]]()
    except RedisUnavailableError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
