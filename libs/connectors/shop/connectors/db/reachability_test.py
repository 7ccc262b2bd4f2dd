import asyncpg

from shop.connectors.db.reachability import unreachable_database

URL = "postgresql+asyncpg://shop:secret@db.internal:6543/shop"


def wrapped(cause: BaseException) -> Exception:
    """As SQLAlchemy raises it: the driver's error as the cause of its own."""
    error = RuntimeError("(sqlalchemy) could not connect")
    error.__cause__ = cause
    return error


def test_each_way_of_not_reaching_the_database_is_one_line_naming_the_server() -> None:
    refused = unreachable_database(wrapped(ConnectionRefusedError(111, "refused")), URL) or ""
    missing = unreachable_database(asyncpg.InvalidCatalogNameError("no db"), URL) or ""
    password = unreachable_database(wrapped(asyncpg.InvalidPasswordError("bad")), URL) or ""

    assert "db.internal:6543" in refused
    assert "running" in refused
    assert "'shop' does not exist on db.internal:6543" in missing
    assert "'shop'" in password
    assert "secret" not in f"{refused}{missing}{password}"


def test_anything_else_is_not_explained_away() -> None:
    assert unreachable_database(ValueError("a bug"), URL) is None


def test_a_pooler_taken_for_postgresql_is_named() -> None:
    refused = asyncpg.ProtocolViolationError("unsupported startup parameter: statement_timeout")

    problem = unreachable_database(wrapped(refused), URL) or ""

    assert problem.startswith("db.internal:6543 refused a connection setting")
    assert "set DB_POOLER=true" in problem
