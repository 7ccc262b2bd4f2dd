"""A lib whose code changed against the base branch must carry a new version and changelog entry.

Usage: lib_versions.py [BASE_REF]   (default: main)

The version lives in the lib's BUILD file (`shop_distribution(name=..., version="X.Y.Z")`); its
CHANGELOG.md must have a `## X.Y.Z` heading. Tests are not the lib's code: changing only
them needs no release.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VERSION = re.compile(r'(?:python_artifact|shop_distribution)\([^)]*version="([^"]+)"', re.DOTALL)


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments
        ["git", *args],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def version_in(build_text: str) -> str | None:
    match = VERSION.search(build_text)
    return match.group(1) if match else None


def check_lib(lib: Path, base: str) -> list[str]:
    name = lib.name
    current = version_in((lib / "BUILD").read_text())
    if current is None:
        return [f"libs/{name}: BUILD has no shop_distribution version"]
    problems = []
    changelog = lib / "CHANGELOG.md"
    if not changelog.exists() or f"## {current}" not in changelog.read_text():
        problems.append(f"libs/{name}: CHANGELOG.md has no `## {current}` entry")
    changed = git("diff", "--name-only", base, "--", f"libs/{name}")
    code_changed = [
        path
        for path in changed.stdout.splitlines()
        if path.endswith(".py") and not path.endswith(("_test.py", "conftest.py"))
    ]
    if not code_changed:
        return problems
    before = git("show", f"{base}:libs/{name}/BUILD")
    previous = version_in(before.stdout) if before.returncode == 0 else None
    if previous is not None and previous == current:
        problems.append(
            f"libs/{name}: code changed since {base} ({len(code_changed)} files, e.g. "
            f"{code_changed[0]}) but its version is still {current}; bump it in "
            f"libs/{name}/BUILD and add a CHANGELOG.md entry"
        )
    return problems


def main(argv: list[str]) -> int:
    base = argv[0] if argv else "main"
    if git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").returncode != 0:
        print(f"lib versions: base {base!r} not found; checking changelogs only")
        base = "HEAD"
    libs = sorted(p for p in (ROOT / "libs").iterdir() if (p / "BUILD").exists())
    problems = [problem for lib in libs for problem in check_lib(lib, base)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"lib versions: {len(libs)} libs consistent with {base}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
