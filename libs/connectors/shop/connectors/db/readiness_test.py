from shop.connectors.db.readiness import schema_problem
from shop.entities.schema import SCHEMA_HISTORY, SCHEMA_REVISION


def test_only_this_apps_revision_or_a_later_one_can_serve() -> None:
    assert schema_problem(SCHEMA_REVISION) is None
    assert schema_problem("f00dcafe1234") is None  # a newer release migrated first
    assert "never migrated" in (schema_problem(None) or "")
    behind = schema_problem(SCHEMA_HISTORY[0]) or ""
    assert SCHEMA_HISTORY[0] in behind
    assert SCHEMA_REVISION in behind
