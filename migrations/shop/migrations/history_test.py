import ast

from alembic.script import ScriptDirectory

from shop.entities.schema import SCHEMA_HISTORY
from shop.migrations.runner import alembic_config, revision_files


def test_the_entities_know_every_revision_in_order() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    oldest_first = [revision.revision for revision in script.walk_revisions()][::-1]

    # A new migration goes into shop.entities.schema too: the apps' readiness reads it.
    assert tuple(oldest_first) == SCHEMA_HISTORY


def test_the_history_has_exactly_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()

    assert len(heads) == 1, f"several heads, merge them: {heads}"


def test_no_revision_defines_a_downgrade() -> None:
    offenders = [
        path.name
        for path in revision_files()
        if any(
            isinstance(node, ast.FunctionDef) and node.name == "downgrade"
            for node in ast.parse(path.read_text()).body
        )
    ]

    assert offenders == []


def test_revision_files_are_date_prefixed() -> None:
    names = [path.name for path in revision_files()]

    assert names, "the history is empty"
    assert all(name[:4].isdigit() and name[4] == "_" for name in names), names
    assert names == sorted(names), "file names must sort in history order"
