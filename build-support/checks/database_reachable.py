"""Fail within seconds, with a readable message, when a database URL points at nothing.

Usage: database_reachable.py URL. Standard library only: it opens a TCP connection to the
URL's host and port; the tests' own harness then reports authentication or database errors.
"""

from __future__ import annotations

import socket
import sys
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 3.0


def main(argv: list[str]) -> int:
    parts = urlsplit(argv[0])
    host, port = parts.hostname or "127.0.0.1", parts.port or 5432
    try:
        with socket.create_connection((host, port), timeout=TIMEOUT_SECONDS):
            return 0
    except OSError as error:
        print(
            f"error: TEST_DATABASE_URL points at {host}:{port}, which does not answer "
            f"({error}).\n  Start that server, fix the URL, or unset TEST_DATABASE_URL to let "
            "the tests start a throwaway PostgreSQL from the local binaries.",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
