"""Database errors translated into the shared vocabulary, so no driver exception reaches an API.

PostgreSQL's SQLSTATE says what went wrong; the constraint name (thanks to the naming
convention in libs/entities) says which rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import asyncpg
from asyncpg.exceptions import ConnectionDoesNotExistError, InternalClientError
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


def _driver_error(error: Exception) -> BaseException | None:
    """asyncpg's own exception, whether raised bare (read pool) or wrapped by SQLAlchemy."""
    if isinstance(error, asyncpg.PostgresError):
        return error
    if isinstance(error, DBAPIError) and error.orig is not None:
        return error.orig.__cause__ or error.orig
    return None


def _sqlstate(error: Exception) -> str:
    driver = _driver_error(error)
    return str(getattr(driver, "sqlstate", "") or "")


def _constraint(error: Exception) -> str:
    return str(getattr(_driver_error(error), "constraint_name", None) or "a constraint")


# What a client reads when its change would duplicate what must be unique: the one place
# this rule is said, for every app (the constraints are named by libs/entities' convention).
DUPLICATES = {
    "uq_customers_email": "An account with this email exists already.",
    "uq_staff_users_email": "A staff user with this email exists already.",
    "uq_products_sku": "A product with this SKU exists already.",
}


def duplicate(constraint: str) -> ConflictError:
    """The conflict of a change that would break the UNIQUE constraint named `constraint`."""
    default = f"That would duplicate a unique value ({constraint})."
    return ConflictError(DUPLICATES.get(constraint, default))


def _conflict(error: Exception) -> ShopError:
    return duplicate(_constraint(error))


def _invalid(error: Exception) -> ShopError:
    return ValidationFailedError(f"The change breaks a data rule ({_constraint(error)}).")


def _retry(_: Exception) -> ShopError:
    return ConflictError("A concurrent change got in the way; retry the request.")


def _unavailable(_: Exception) -> ShopError:
    return UnavailableError("The database is not available right now.")


def _out_of_range(_: Exception) -> ShopError:
    return ValidationFailedError("A value is out of the range the data can hold.")


_BY_SQLSTATE: dict[str, Callable[[Exception], ShopError]] = {
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
_BY_SQLSTATE_CLASS: tuple[tuple[str, Callable[[Exception], ShopError]], ...] = (
    ("22", _out_of_range),
    ("08", _unavailable),
    ("53", _unavailable),
    ("57P", _unavailable),
)


def _connection_lost(error: Exception) -> bool:
    """The driver's own words for a connection that died under a query (a restart)."""
    driver = _driver_error(error) if isinstance(error, DBAPIError) else error
    if isinstance(driver, ConnectionDoesNotExistError | InternalClientError):
        return True
    return isinstance(driver, asyncpg.InterfaceError) and "closed" in str(driver)


def translate(error: Exception) -> ShopError | None:
    """The shared error for a database failure, or None when it is not one we understand."""
    if isinstance(error, StaleDataError):
        return PreconditionFailedError("The resource was changed by someone else; reload it.")
    if isinstance(error, PoolTimeoutError | DisconnectionError | ConnectionError | OSError):
        return _unavailable(error)
    if _connection_lost(error):
        return _unavailable(error)
    if not isinstance(error, DBAPIError | asyncpg.PostgresError):
        return None
    state = _sqlstate(error)
    factory = _BY_SQLSTATE.get(state) or next(
        (factory for prefix, factory in _BY_SQLSTATE_CLASS if state.startswith(prefix)), None
    )
    if factory is not None:
        return factory(error)
    invalidated = isinstance(error, DBAPIError) and error.connection_invalidated
    return _unavailable(error) if invalidated else None


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
