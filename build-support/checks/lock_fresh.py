"""The committed lockfile was generated from the current requirements (else: `make lock`).

Pants refuses a stale lockfile too, but only when a goal first builds from it; this says so
up front, naming what differs.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "3rdparty/python/requirements.txt"
LOCKFILE = ROOT / "3rdparty/python/default.lock"


def normalise(requirement: str) -> str:
    match = re.fullmatch(r"([A-Za-z0-9_.\-]+)(.*)", requirement.strip())
    if match is None:
        raise ValueError(f"cannot read requirement {requirement!r}")
    name, rest = match.groups()
    return re.sub(r"[-_.]+", "-", name).lower() + rest.replace(" ", "")


def declared() -> set[str]:
    lines = (line.split("#", 1)[0].strip() for line in REQUIREMENTS.read_text().splitlines())
    return {normalise(line) for line in lines if line}


def locked() -> set[str]:
    header = "".join(
        line.removeprefix("//").strip("\n")
        for line in LOCKFILE.read_text().splitlines()
        if line.startswith("//")
    )
    start = header.index("--- BEGIN PANTS LOCKFILE METADATA: DO NOT EDIT OR REMOVE ---")
    end = header.index("--- END PANTS LOCKFILE METADATA ---")
    metadata = json.loads(header[start:end].split("---", 2)[2])
    return {normalise(item) for item in metadata["generated_with_requirements"]}


def main() -> int:
    want, have = declared(), locked()
    if want == have:
        print(f"lockfile fresh: {len(want)} requirements")
        return 0
    for item in sorted(want - have):
        print(f"not in the lockfile: {item}", file=sys.stderr)
    for item in sorted(have - want):
        print(f"in the lockfile but no longer required: {item}", file=sys.stderr)
    print("the lockfile is stale: run `make lock` and commit it", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
