"""A throwaway PostgreSQL server made from the local binaries, for tests and `make run`.

Standard library only, so the Makefile can run it with any Python 3 before anything else is
installed: `python3 libs/testing/shop/testing/pg_server.py start` prints the server's URL.

The server lives in a folder under the temp dir keyed by user and port, and is reused while it
runs: its URL stays the same from run to run, which keeps Pants' test cache valid. Settings trade
durability for speed (fsync off): the data is disposable by design.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

DEFAULT_PORT = 55432
SUPERUSER = "postgres"
INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) were not found and TEST_DATABASE_URL is not "
    "set.\n  Either install PostgreSQL (Debian/Ubuntu: `apt-get install postgresql`, macOS: "
    "`brew install postgresql@15`),\n  point SHOP_TEST_PG_BIN at the folder holding initdb and "
    "pg_ctl,\n  or set TEST_DATABASE_URL to a server you run, e.g. "
    "postgresql://postgres@127.0.0.1:5432/postgres"
)


class PostgresUnavailableError(RuntimeError):
    """The harness cannot get a server; the message says what to install or set."""


def port() -> int:
    return int(os.environ.get("SHOP_TEST_PG_PORT", DEFAULT_PORT))


def url() -> str:
    return f"postgresql://{SUPERUSER}@127.0.0.1:{port()}/postgres"


def find_bin_dir() -> Path:
    configured = os.environ.get("SHOP_TEST_PG_BIN")
    candidates = [configured] if configured else []
    if not configured:
        pg_config = shutil.which("pg_config")
        if pg_config:
            with contextlib.suppress(subprocess.CalledProcessError, OSError):
                candidates.append(
                    subprocess.check_output([pg_config, "--bindir"], text=True).strip()  # noqa: S603
                )
        # Debian keeps server binaries off PATH; prefer the newest major version.
        candidates += sorted(map(str, Path("/usr/lib/postgresql").glob("*/bin")), reverse=True)
        candidates += ["/opt/homebrew/bin", "/usr/local/bin", "/usr/bin"]
        on_path = shutil.which("initdb")
        if on_path:
            candidates.insert(0, str(Path(on_path).resolve().parent))
    for candidate in candidates:
        folder = Path(candidate)
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    raise PostgresUnavailableError(INSTALL_HINT)


def _server_user() -> str | None:
    """initdb refuses to run as root; run the server as the `postgres` account then."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SUPERUSER)
    except KeyError:
        raise PostgresUnavailableError(
            "running as root, and PostgreSQL refuses to run as root: create a `postgres` user, "
            "run the tests as another user, or set TEST_DATABASE_URL"
        ) from None
    return SUPERUSER


def _state_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"shop-test-pg-{os.geteuid()}-{port()}"


def _run(args: list[str], user: str | None) -> None:
    command = ["runuser", "-u", user, "--", *args] if user else args
    # Arguments are the harness's own paths and options, never outside input.
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise PostgresUnavailableError(
            f"{' '.join(args[:2])} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )


def run_as_server(args: list[str]) -> None:
    """A PostgreSQL tool (pg_basebackup, pg_ctl...) as the account the servers run as."""
    _run(args, _server_user())


def server_account() -> tuple[int, int] | None:
    """uid and gid that the servers' folders must belong to (None: this process's own)."""
    user = _server_user()
    if user is None:
        return None
    entry = pwd.getpwnam(user)
    return entry.pw_uid, entry.pw_gid


def is_accepting(server_port: int | None = None) -> bool:
    """Whether something accepts connections on the port (this server's by default)."""
    with (
        contextlib.suppress(OSError),
        socket.create_connection(("127.0.0.1", server_port or port()), 0.5),
    ):
        return True
    return False


@contextlib.contextmanager
def exclusive(name: str) -> Iterator[None]:
    """Holds a lock shared by every process of this user on this machine."""
    lock_path = Path(tempfile.gettempdir()) / f"{name}-{os.geteuid()}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _exclusive() -> contextlib.AbstractContextManager[None]:
    return exclusive(f"shop-test-pg-{port()}")


def start() -> str:
    """Start the server unless it already runs; return its URL."""
    with _exclusive():
        data = _state_dir() / "data"
        if is_accepting():
            if not (data / "postmaster.pid").exists():
                raise PostgresUnavailableError(
                    f"port {port()} is taken by another program; set SHOP_TEST_PG_PORT to a "
                    "free port"
                )
            return url()
        bin_dir = find_bin_dir()
        user = _server_user()
        state = _state_dir()
        state.mkdir(mode=0o700, exist_ok=True)
        if user:
            entry = pwd.getpwnam(user)
            os.chown(state, entry.pw_uid, entry.pw_gid)
        if not (data / "PG_VERSION").exists():
            shutil.rmtree(data, ignore_errors=True)
            _run(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    SUPERUSER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-sync",
                ],
                user,
            )
        options = (
            f"-p {port()} -c listen_addresses=127.0.0.1 -c unix_socket_directories={state} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        _run(
            [
                str(bin_dir / "pg_ctl"),
                "start",
                "-D",
                str(data),
                "-w",
                "-t",
                "30",
                "-l",
                str(state / "server.log"),
                "-o",
                options,
            ],
            user,
        )
        return url()


def stop() -> None:
    with _exclusive():
        data = _state_dir() / "data"
        if (data / "postmaster.pid").exists():
            _run(
                [str(find_bin_dir() / "pg_ctl"), "stop", "-D", str(data), "-m", "fast"],
                _server_user(),
            )


def destroy() -> None:
    """Stop the server and delete its data (a server a single test made for itself)."""
    stop()
    with _exclusive():
        shutil.rmtree(_state_dir(), ignore_errors=True)


def main(argv: list[str]) -> int:
    commands: dict[str, Callable[[], None]] = {
        "start": lambda: print(start()),
        "stop": stop,
        "destroy": destroy,
        "url": lambda: print(url()),
    }
    if len(argv) != 1 or argv[0] not in commands:
        print(f"usage: pg_server.py {{{'|'.join(commands)}}}", file=sys.stderr)
        return 2
    try:
        commands[argv[0]]()
    except PostgresUnavailableError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
