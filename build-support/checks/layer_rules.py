"""Proves that the build refuses forbidden imports: each canary must fail `pants lint`.

The `layer-rules` linter (pants-plugins/shop_layers) reports what the BUILD files'
`__dependencies_rules__` deny; every goal that resolves dependencies refuses it as well.

For every rule of the architecture, a one-line module with a forbidden import is written into
the tree, `pants lint` runs on it, and the check fails unless Pants denies the dependency. The
canaries are removed whatever happens. Then the whole tree is linted once for real.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Canary:
    rule: str
    path: str
    forbidden_import: str


CANARIES = (
    Canary(
        "an app never imports another app",
        "apps/admin_api/shop/admin_api/layer_canary.py",
        "import shop.public_api.app",
    ),
    Canary(
        "a lib never imports an app",
        "libs/core/shop/core/layer_canary.py",
        "import shop.admin_api.app",
    ),
    Canary(
        "entities never import connectors",
        "libs/entities/shop/entities/layer_canary.py",
        "import shop.connectors.db.engine",
    ),
    Canary(
        "services never import the interface",
        "apps/public_api/shop/public_api/services/layer_canary.py",
        "import shop.public_api.interface.health",
    ),
    Canary(
        "services never import a web framework",
        "apps/admin_api/shop/admin_api/services/layer_canary.py",
        "import litestar",
    ),
    Canary(
        "the notifications app never reads the database (the events are its contract)",
        "apps/notifications/shop/notifications/layer_canary.py",
        "import shop.connectors.db.engine",
    ),
    Canary(
        "deployable code never imports test support",
        "apps/public_api/shop/public_api/layer_canary.py",
        "import shop.testing.database",
    ),
)

# The control: an allowed import must pass, or a broken linter would "deny" everything.
CONTROL = Canary(
    "services may use the libs",
    "apps/public_api/shop/public_api/services/layer_canary.py",
    "import shop.core.errors",
)


def pants(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments
        [str(ROOT / "pants"), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def denied(canary: Canary) -> bool:
    path = ROOT / canary.path
    path.write_text(f'"""Layer-rule canary: must be refused."""\n\n{canary.forbidden_import}\n')
    try:
        result = pants("lint", "--only=layer-rules", canary.path)
    finally:
        path.unlink()
    return result.returncode != 0 and ": DENY" in result.stdout + result.stderr


def main() -> int:
    failures = []
    if denied(CONTROL):
        print(f"FAIL control: `{CONTROL.forbidden_import}` was refused", file=sys.stderr)
        failures.append(CONTROL.rule)
    for canary in CANARIES:
        refused = denied(canary)
        print(f"{'ok  ' if refused else 'FAIL'} {canary.rule}: `{canary.forbidden_import}`")
        if not refused:
            failures.append(canary.rule)
    if failures:
        print(f"layer rules not enforced: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
