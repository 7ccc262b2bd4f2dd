"""Alembic, configured in code so it works the same from a checkout, a PEX or a test sandbox.

Revision files are date-prefixed so a listing reads as a history, and carry no `downgrade`: a
deployed schema is fixed by a new forward revision, never by rewinding one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from alembic import command
from alembic.config import CommandLine, Config

from shop.connectors.db.reachability import unreachable_database
from shop.connectors.db.settings import DatabaseSettings
from shop.core.settings import InvalidSettingsError

_HERE = Path(__file__).resolve().parent


def versions_folder() -> Path:
    return _HERE / "versions"


def revision_files() -> list[Path]:
    return sorted(p for p in versions_folder().glob("*.py") if p.name != "__init__.py")


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_HERE))
    # One folder, named whole: the path may hold spaces, so no splitting on them.
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(versions_folder()))
    config.set_main_option(
        "file_template",
        "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s",
    )
    config.set_main_option("truncate_slug_length", "40")
    config.set_main_option("timezone", "UTC")
    if database_url is not None:
        config.attributes["database_url"] = database_url
    return config


def upgrade_to_head(database_url: str | None = None) -> None:
    command.upgrade(alembic_config(database_url), "head")


def main(argv: list[str] | None = None) -> None:
    """The `alembic` command line on this project's configuration (`python -m shop.migrations`)."""
    cli = CommandLine(prog="python -m shop.migrations")
    options = cli.parser.parse_args(sys.argv[1:] if argv is None else argv)
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    config = alembic_config()
    config.cmd_opts = options
    with database_problems_in_one_line("migrations"):
        cli.run_cmd(config, options)


@contextmanager
def database_problems_in_one_line(command_name: str) -> Iterator[None]:
    """A bad setting or a database that cannot be reached is one line a person can act on and
    exit code 2, not the driver's traceback (`make run`, `make migrate`, `make seed`)."""
    try:
        yield
    except InvalidSettingsError as error:
        _exit_with(command_name, f"configuration error: {error}")
    except Exception as error:
        problem = unreachable_database(error, DatabaseSettings.load().url.get_secret_value())
        if problem is None:
            raise
        _exit_with(command_name, problem)


def _exit_with(command_name: str, problem: str) -> NoReturn:
    print(f"{command_name}: {problem}", file=sys.stderr)  # noqa: T201
    sys.exit(2)
