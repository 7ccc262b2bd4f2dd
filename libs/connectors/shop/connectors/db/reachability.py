"""A database that cannot be reached, in one line an operator can act on (instead of the
driver's traceback): which server, what went wrong, what to do."""

from __future__ import annotations

import socket

import asyncpg
from sqlalchemy.engine import make_url


def _causes(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def unreachable_database(error: BaseException, url: str) -> str | None:
    """What `error` says about the database at `url`, if it is about reaching it; else None."""
    parsed = make_url(url)
    server = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    for cause in _causes(error):
        if isinstance(cause, asyncpg.InvalidCatalogNameError):
            return (
                f"database {parsed.database!r} does not exist on {server}: create it "
                "(createdb) or point DATABASE_URL at one that does"
            )
        if isinstance(
            cause, asyncpg.InvalidAuthorizationSpecificationError | asyncpg.InvalidPasswordError
        ):
            return (
                f"PostgreSQL at {server} refused user {parsed.username!r}: check the user and "
                "password in DATABASE_URL"
            )
        if isinstance(cause, asyncpg.ProtocolViolationError) and "startup parameter" in str(cause):
            return (
                f"{server} refused a connection setting ({cause}): it looks like a PgBouncer; "
                "set DB_POOLER=true (and DB_LISTEN_URL to PostgreSQL itself)"
            )
        if isinstance(cause, socket.gaierror):
            return f"cannot resolve the database host {parsed.host!r}: check DATABASE_URL"
        if isinstance(cause, OSError | TimeoutError):
            return (
                f"cannot reach PostgreSQL at {server} ({cause.strerror or type(cause).__name__}): "
                "is it running? (`make run` starts a local one unless DATABASE_URL is set)"
            )
    return None
