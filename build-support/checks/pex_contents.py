"""Each app's PEX carries only what that app imports: no Litestar in the public API's, no
FastAPI (or Starlette) in the admin API's, no web framework in the worker's, no database driver
or ORM in the notifications app's, and no test tooling in any.

Usage: pex_contents.py   (after `pants package apps/*:bin`)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    # Both APIs rate-limit sign-ins, in memory or through Redis (`limits` loads its client by
    # name, so the PEX must carry it explicitly).
    "public_api": {"must": {"fastapi", "uvicorn", "asyncpg", "limits", "redis"},
                   "never": {"litestar"}},
    "admin_api": {"must": {"litestar", "uvicorn", "asyncpg", "limits", "redis"},
                  "never": {"fastapi", "starlette"}},
    # The worker serves three fixed routes with plain ASGI: no web framework at all.
    "worker": {"must": {"uvicorn", "asyncpg", "aiohttp"},
               "never": {"fastapi", "litestar", "limits"}},
    # Another team's app on the event stream: no database, no web framework.
    "notifications": {"must": {"uvicorn", "nats-py", "aiosmtplib", "jinja2", "babel"},
                      "never": {"fastapi", "litestar", "sqlalchemy", "asyncpg", "aiohttp"}},
}  # fmt: skip
NEVER_ANYWHERE = {"pytest", "mypy", "ruff", "coverage", "hypothesis", "schemathesis"}


def distributions(pex: Path) -> set[str]:
    """Project names of the wheels inside a packed-layout PEX (`.deps/<name>-<ver>-...whl`)."""
    names = set()
    for wheel in (pex / ".deps").iterdir():
        match = re.match(r"([A-Za-z0-9_.]+?)-\d", wheel.name)
        if match:
            names.add(re.sub(r"[-_.]+", "-", match.group(1)).lower())
    return names


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1024 / 1024


def main() -> int:
    failed = False
    for app, rules in EXPECTED.items():
        pex = ROOT / "dist" / f"apps.{app}" / "bin.pex"
        if not pex.is_dir():
            print(f"{pex} not built: run `./pants package apps/{app}:bin`", file=sys.stderr)
            return 1
        names = distributions(pex)
        missing = rules["must"] - names
        leaked = (rules["never"] | NEVER_ANYWHERE) & names
        print(f"{app}: {len(names)} distributions, {size_mb(pex):.1f} MB")
        if missing or leaked:
            failed = True
            print(
                f"  missing {sorted(missing)}, must not contain {sorted(leaked)}", file=sys.stderr
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
