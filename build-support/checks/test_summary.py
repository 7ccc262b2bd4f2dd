"""Sum up the JUnit reports Pants wrote (dist/test/reports) into one closing line.

Pants prints one line per test file; CI and people want the total: `N passed, N failed`.
Exits non-zero when a report records a failure or an error, or when there are no reports.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPORTS = Path(__file__).resolve().parents[2] / "dist" / "test" / "reports"


def main() -> int:
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    reports = sorted(REPORTS.glob("*.xml"))
    for report in reports:
        root = ET.parse(report).getroot()  # noqa: S314
        suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
        for suite in suites:
            for key in totals:
                totals[key] += int(suite.get(key, 0))
    failed = totals["failures"] + totals["errors"]
    passed = totals["tests"] - failed - totals["skipped"]
    print(f"{len(reports)} test files")
    # The closing line in the form CI tools read: "N passed, N failed, N skipped".
    print(f"tests: {passed} passed, {failed} failed, {totals['skipped']} skipped")
    return 1 if failed or not reports else 0


if __name__ == "__main__":
    sys.exit(main())
