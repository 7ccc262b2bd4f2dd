"""Code that changed against the base branch must say so in its version and changelog.

Usage: versions.py [BASE_REF]   (default: main)

A lib: its version lives in its BUILD file (`shop_distribution(name=..., version="X.Y.Z")`); a
change to its code needs a new version with a `## X.Y.Z` section in its CHANGELOG.md (other
code pins libs by version).

An app: its version is `VERSION` in `apps/<app>/shop/<app>/release.py`; a change to its code
either moves the version forward (with its `## X.Y.Z` section) or adds a line under
`## Unreleased` in its CHANGELOG.md, to be released with the next version.

Tests are not code that ships: changing only them needs neither.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VERSION = re.compile(r'(?:python_artifact|shop_distribution)\([^)]*version="([^"]+)"', re.DOTALL)
APP_VERSION = re.compile(r'^VERSION = "(\d+\.\d+\.\d+)"$', re.MULTILINE)


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


def code_changed(folder: str, base: str) -> list[str]:
    changed = git("diff", "--name-only", base, "--", folder)
    return [
        path
        for path in changed.stdout.splitlines()
        if path.endswith(".py") and not path.endswith(("_test.py", "conftest.py"))
    ]


def app_version(text: str) -> str | None:
    match = APP_VERSION.search(text)
    return match.group(1) if match else None


def semver(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def unreleased_lines(changelog: str) -> set[str]:
    """The entries under `## Unreleased` (up to the next section)."""
    _, found, rest = changelog.partition("\n## Unreleased\n")
    section = rest.split("\n## ", 1)[0] if found else ""
    return {line for line in section.splitlines() if line.startswith("- ")}


def read_changelog(folder: Path) -> str:
    changelog = folder / "CHANGELOG.md"
    return changelog.read_text() if changelog.exists() else ""


def missing_section(folder: Path, changelog: str, version: str) -> list[str]:
    """A released version must say what it changed."""
    if f"\n## {version}\n" in changelog:
        return []
    return [f"{folder.relative_to(ROOT)}: CHANGELOG.md has no `## {version}` section"]


def check_app(app: Path, base: str) -> list[str]:
    name = app.name
    release = app / "shop" / name / "release.py"
    current = app_version(release.read_text()) if release.exists() else None
    if current is None:
        return [f'apps/{name}: {release.relative_to(ROOT)} has no VERSION = "X.Y.Z"']
    changelog = read_changelog(app)
    problems = missing_section(app, changelog, current)
    changed = code_changed(f"apps/{name}", base)
    if not changed:
        return problems
    before = git("show", f"{base}:{release.relative_to(ROOT)}")
    previous = app_version(before.stdout) if before.returncode == 0 else None
    if previous is not None and semver(current) < semver(previous):
        problems.append(f"apps/{name}: version {current} is behind {base}'s {previous}")
    if previous is None or previous != current:
        return problems
    old = git("show", f"{base}:apps/{name}/CHANGELOG.md")
    if not unreleased_lines(changelog) - unreleased_lines(
        old.stdout if old.returncode == 0 else ""
    ):
        problems.append(
            f"apps/{name}: code changed since {base} ({len(changed)} files, e.g. {changed[0]}) "
            f"but its version is still {current} and CHANGELOG.md has no new line under "
            "`## Unreleased`: add one, or move the version"
        )
    return problems


def check_lib(lib: Path, base: str) -> list[str]:
    name = lib.name
    current = version_in((lib / "BUILD").read_text())
    if current is None:
        return [f"libs/{name}: BUILD has no shop_distribution version"]
    problems = missing_section(lib, read_changelog(lib), current)
    code = code_changed(f"libs/{name}", base)
    if not code:
        return problems
    before = git("show", f"{base}:libs/{name}/BUILD")
    previous = version_in(before.stdout) if before.returncode == 0 else None
    if previous is not None and previous == current:
        problems.append(
            f"libs/{name}: code changed since {base} ({len(code)} files, e.g. "
            f"{code[0]}) but its version is still {current}; bump it in "
            f"libs/{name}/BUILD and add a CHANGELOG.md entry"
        )
    return problems


def main(argv: list[str]) -> int:
    base = argv[0] if argv else "main"
    if git("rev-parse", "--verify", "--quiet", f"{base}^{{commit}}").returncode != 0:
        print(f"versions: base {base!r} not found; checking changelogs only")
        base = "HEAD"
    libs = sorted(p for p in (ROOT / "libs").iterdir() if (p / "BUILD").exists())
    apps = sorted(p for p in (ROOT / "apps").iterdir() if (p / "BUILD").exists())
    problems = [problem for lib in libs for problem in check_lib(lib, base)]
    problems += [problem for app in apps for problem in check_app(app, base)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"versions: {len(libs)} libs and {len(apps)} apps consistent with {base}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
