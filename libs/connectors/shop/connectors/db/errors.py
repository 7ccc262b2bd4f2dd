"""Database errors translated into the shared vocabulary, so no driver exception reaches an API.

PostgreSQL's SQLSTATE says what went wrong; the constraint name (thanks to the naming
convention in libs/entities) says which rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm.exc import StaleDataError

from shop.core.errors import (
    ConflictError,
    PreconditionFailedError,
    ShopError,
    UnavailableError,
    ValidationFailedError,
)

UNIQUE_VIOLATION = "23505"
CHECK_VIOLATION = "23514"
FOREIGN_KEY_VIOLATION = "23503"
NOT_NULL_VIOLATION = "23502"
SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
QUERY_CANCELED = "57014"


def _sqlstate(error: DBAPIError) -> str:
    return str(getattr(error.orig, "sqlstate", "") or getattr(error.orig, "pgcode", "") or "")


def _constraint(error: DBAPIError) -> str:
    cause = error.orig.__cause__ if error.orig is not None else None
    return str(getattr(cause, "constraint_name", None) or "a constraint")


def _conflict(error: DBAPIError) -> ShopError:
    return ConflictError(f"That would duplicate a unique value ({_constraint(error)}).")


def _invalid(error: DBAPIError) -> ShopError:
    return ValidationFailedError(f"The change breaks a data rule ({_constraint(error)}).")


def _retry(_: DBAPIError) -> ShopError:
    return ConflictError("A concurrent change got in the way; retry the request.")


def _unavailable(_: Exception) -> ShopError:
    return UnavailableError("The database is not available right now.")


def _out_of_range(_: DBAPIError) -> ShopError:
    return ValidationFailedError("A value is out of the range the data can hold.")


_BY_SQLSTATE: dict[str, Callable[[DBAPIError], ShopError]] = {
    UNIQUE_VIOLATION: _conflict,
    CHECK_VIOLATION: _invalid,
    NOT_NULL_VIOLATION: _invalid,
    FOREIGN_KEY_VIOLATION: _invalid,
    SERIALIZATION_FAILURE: _retry,
    DEADLOCK_DETECTED: _retry,
    QUERY_CANCELED: _unavailable,
}
# Whole SQLSTATE classes: data exceptions (a value the column cannot hold), and connection,
# resource and operator-intervention failures.
_BY_SQLSTATE_CLASS: tuple[tuple[str, Callable[[DBAPIError], ShopError]], ...] = (
    ("22", _out_of_range),
    ("08", _unavailable),
    ("53", _unavailable),
    ("57P", _unavailable),
)


def translate(error: Exception) -> ShopError | None:
    """The shared error for a database failure, or None when it is not one we understand."""
    if isinstance(error, StaleDataError):
        return PreconditionFailedError("The resource was changed by someone else; reload it.")
    if isinstance(error, PoolTimeoutError | DisconnectionError | ConnectionError | OSError):
        return _unavailable(error)
    if not isinstance(error, DBAPIError):
        return None
    state = _sqlstate(error)
    factory = _BY_SQLSTATE.get(state) or next(
        (factory for prefix, factory in _BY_SQLSTATE_CLASS if state.startswith(prefix)), None
    )
    if factory is not None:
        return factory(error)
    return _unavailable(error) if error.connection_invalidated else None


@contextmanager
def translated_errors() -> Iterator[None]:
    try:
        yield
    except ShopError:
        raise
    except Exception as error:
        shared = translate(error)
        if shared is None:
            raise
        raise shared from error
