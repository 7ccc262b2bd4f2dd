"""Each test file's name and marker agree, so Pants tags and pytest markers select the same set.

`*_integrated_test.py` must carry `pytest.mark.integrated`, `*_external_test.py`
`pytest.mark.external`, `*_reliability_test.py` `pytest.mark.reliability`, and other
`*_test.py` files (unit tests) none of them.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKERS = {
    "integrated": "pytest.mark.integrated",
    "external": "pytest.mark.external",
    "reliability": "pytest.mark.reliability",
}


def kind_of(path: Path) -> str:
    for kind in MARKERS:
        if path.name.endswith(f"_{kind}_test.py"):
            return kind
    return "unit"


def problems_in(path: Path) -> list[str]:
    text = path.read_text()
    kind = kind_of(path)
    found = [
        f"{path}: a {kind} test file must not use `{marker}` (rename the file or the marker)"
        for other, marker in MARKERS.items()
        if other != kind and marker in text
    ]
    if kind != "unit" and MARKERS[kind] not in text:
        found.append(f"{path}: needs `pytestmark = {MARKERS[kind]}`")
    return found


def tracked_test_files() -> list[Path]:
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*_test.py"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [ROOT / line for line in listing.stdout.splitlines() if line]


def main() -> int:
    files = tracked_test_files()
    problems = [problem for path in files for problem in problems_in(path)]
    for problem in problems:
        print(problem, file=sys.stderr)
    counts = {kind: sum(kind_of(p) == kind for p in files) for kind in ("unit", *MARKERS)}
    print("test files by kind: " + ", ".join(f"{k} {n}" for k, n in counts.items()))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
