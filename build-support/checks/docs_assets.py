"""The docs UI's assets, vendored into libs/docs_ui from the npm package the lockfile pins.

Usage: docs_assets.py write   (after `npm ci` in build-support/node)
       docs_assets.py check   (standard library only: the committed files match SHA256SUMS)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "build-support/node/node_modules/swagger-ui-dist"
ASSETS = ROOT / "libs/docs_ui/shop/docs_ui/assets"
FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE")
SUMS = ASSETS / "SHA256SUMS"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write() -> int:
    if not PACKAGE.exists():
        print("run `npm ci --prefix build-support/node` first", file=sys.stderr)
        return 1
    version = json.loads((PACKAGE / "package.json").read_text())["version"]
    for name in FILES:
        shutil.copyfile(PACKAGE / name, ASSETS / name)
    lines = [f"{digest(ASSETS / name)}  {name}" for name in FILES]
    SUMS.write_text(f"# swagger-ui-dist {version}\n" + "\n".join(lines) + "\n")
    print(f"vendored swagger-ui-dist {version}: {', '.join(FILES)}")
    return 0


def check() -> int:
    expected = {
        name: sha
        for sha, name in (
            line.split("  ", 1) for line in SUMS.read_text().splitlines() if "  " in line
        )
    }
    wrong = [name for name in FILES if digest(ASSETS / name) != expected.get(name)]
    if wrong:
        print(f"docs UI assets differ from SHA256SUMS: {', '.join(wrong)}", file=sys.stderr)
        return 1
    print(f"docs UI assets: {SUMS.read_text().splitlines()[0][2:]}, {len(FILES)} files intact")
    return 0


if __name__ == "__main__":
    commands = {"write": write, "check": check}
    if len(sys.argv) != 2 or sys.argv[1] not in commands:  # noqa: PLR2004
        print("usage: docs_assets.py write|check", file=sys.stderr)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]]())
