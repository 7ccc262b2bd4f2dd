"""Which build a process is: its service name, version and commit.

Each app names itself in `shop/<app>/release.py` (SERVICE, VERSION): the version is the app's
release (its CHANGELOG.md; `make check` wants it moved, or a line under "Unreleased", when the
app's code changes), and for an API also its contract's `info.version`.

Every log line carries the first two (three processes share one terminal in `make run`), and the
`build_info` metric all three, so an operator can tell which release answered. The commit is
stamped into an image at build time (`BUILD_COMMIT`); a process run from a checkout reads it
from git when it can.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
from pathlib import Path

from prometheus_client import CollectorRegistry, Info

UNKNOWN_COMMIT = "unknown"


@dataclasses.dataclass(frozen=True)
class BuildInfo:
    service: str
    version: str
    commit: str

    def liveness(self) -> dict[str, str]:
        """What `/livez` answers: up, and which build (the version a deploy should have put)."""
        return {"status": "ok", **dataclasses.asdict(self)}

    def register(self, registry: CollectorRegistry) -> None:
        """The `build_info` metric: a constant 1 labelled with service, version and commit."""
        Info("build", "The build this process runs.", registry=registry).info(
            dataclasses.asdict(self)
        )


def build_info(service: str, version: str) -> BuildInfo:
    return BuildInfo(service, version, _commit())


def _commit() -> str:
    stamped = os.environ.get("BUILD_COMMIT", "").strip()
    if stamped:
        return stamped
    try:  # a checkout (make run, the tests); an image has no git and no .git
        found = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],  # noqa: S607 - git from PATH, fixed args
            capture_output=True,
            text=True,
            timeout=2,
            check=True,
            cwd=Path(__file__).parent,
        )
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN_COMMIT
    return found.stdout.strip() or UNKNOWN_COMMIT
