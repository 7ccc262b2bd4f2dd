"""Who owns what, from .github/CODEOWNERS.

  owners.py check          every folder under apps/ and libs/ has a line of its own
  owners.py who PATH...    the owning teams of each path, and the apps a change to it ships
  owners.py isolated       a change inside an app ships that app's image alone, and tests
                           only that app (and the tests of apps that start it, by name)

The matching follows GitHub's rules for the patterns this file uses: the last matching line
wins; `*` matches every path; `/dir/` matches everything below dir.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODEOWNERS = ROOT / ".github" / "CODEOWNERS"
# Paths every target is built with: a change to one is a change to every app (as CI sees it).
GLOBAL = re.compile((ROOT / "build-support" / "global-paths").read_text().strip())


def rules() -> list[tuple[str, list[str]]]:
    parsed = []
    for line in CODEOWNERS.read_text().splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            parsed.append((words[0], words[1:]))
    return parsed


def _matches(pattern: str, path: str) -> bool:
    if pattern == "*":
        return True
    if pattern.startswith("/") and pattern.endswith("/"):
        return f"/{path}".startswith(pattern) or f"/{path}/" == pattern
    raise SystemExit(f"CODEOWNERS: pattern {pattern!r} is not one this check understands")


def owners_of(path: str) -> list[str]:
    found: list[str] = []
    for pattern, owners in rules():
        if _matches(pattern, path):
            found = owners
    return found


def check() -> int:
    explicit = {pattern for pattern, _ in rules() if pattern != "*"}
    folders = [
        f"/{folder.relative_to(ROOT)}/"
        for parent in ("apps", "libs")
        for folder in sorted((ROOT / parent).iterdir())
        if folder.is_dir()
    ]
    unowned = [folder for folder in folders if folder not in explicit]
    for folder in unowned:
        print(f"{folder} has no line in .github/CODEOWNERS: name its owning team", file=sys.stderr)
    if not unowned:
        print(f"owners: each of {len(folders)} app and lib folders has an owning team")
    return 1 if unowned else 0


def _pants(*args: str) -> list[str]:
    found = subprocess.run(  # noqa: S603 - our own launcher, fixed arguments
        [str(ROOT / "pants"), *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return found.stdout.split()


def who(paths: list[str]) -> int:
    images = set(_pants("list", "--filter-target-type=docker_image", "::"))
    for path in paths:
        relative = str((Path.cwd() / path).resolve().relative_to(ROOT))
        print(f"{relative}: owned by {' '.join(owners_of(relative)) or 'nobody'}")
        if GLOBAL.search(relative):
            shipped = sorted(images)
            print("  a change to it is a change to the build: it ships every app")
        else:
            owners = _pants("list", relative) if (ROOT / relative).is_file() else []
            dependents = set(_pants("dependents", "--transitive", *owners)) if owners else set()
            shipped = sorted(images & (dependents | set(owners)))
        for image in shipped or ["(no app: nothing ships)"]:
            print(f"  ships {image}")
    return 0


def isolated() -> int:
    """What Pants' affected-only run (`--changed-dependents=transitive`) would pick for a change
    anywhere in each app: its dependents. Another app's image among them is a failure (one team's
    change would ship another team's app); another app's tests are listed (an external test that
    starts the app's PEX, say)."""
    images = set(_pants("list", "--filter-target-type=docker_image", "::"))
    tests = set(_pants("list", "--filter-target-type=python_test", "::"))
    failed = False
    for app in sorted(folder.name for folder in (ROOT / "apps").iterdir() if folder.is_dir()):
        inside = f"apps/{app}"
        affected = _pants("dependents", "--transitive", f"{inside}::")
        outside = {
            target for target in affected if not target.startswith((f"{inside}/", f"{inside}:"))
        }
        shipped = sorted(images & outside)
        others = sorted({target.split(":")[0] for target in tests & outside if "/" in target})
        print(f"{inside}: a change ships {shipped or 'its own image alone'}; "
              f"tests outside it: {len(others) or 'none'}")  # fmt: skip
        for test in others:
            print(f"  {test}")
        failed = failed or bool(shipped)
    return 1 if failed else 0


if __name__ == "__main__":
    match sys.argv[1:]:
        case ["check"]:
            sys.exit(check())
        case ["who", *paths] if paths:
            sys.exit(who(paths))
        case ["isolated"]:
            sys.exit(isolated())
        case _:
            raise SystemExit("usage: owners.py check | who PATH... | isolated")
