"""Audit every locked dependency against known vulnerabilities; fail on a high-severity one.

Usage: audit.py PIP_AUDIT   (make audit: the dev venv's pip-audit; nightly in CI)

Every pin of 3rdparty/python/default.lock (what the apps, tools and tests install) goes to
pip-audit, which looks them up in OSV. A finding is high when OSV rates it HIGH or CRITICAL (the
GitHub advisory's rating, under the finding's id or one of its aliases), or when no rating can
be found: an unrated vulnerability is not known to be harmless. Lower ones are listed, and pass.
Needs the internet (osv.dev), which the nightly job has.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "3rdparty" / "python" / "default.lock"
OSV = "https://api.osv.dev/v1/vulns/"
HIGH = {"HIGH", "CRITICAL"}


def locked_pins(lock_text: str) -> list[str]:
    """`name==version` for every requirement the lockfile resolved."""
    body = "\n".join(line for line in lock_text.splitlines() if not line.startswith("//"))
    resolves = json.loads(body)["locked_resolves"]
    return sorted(
        {
            f"{requirement['project_name']}=={requirement['version']}"
            for resolve in resolves
            for requirement in resolve["locked_requirements"]
        }
    )


def severity(ids: list[str]) -> str | None:
    """OSV's rating of a finding (the first of its ids that has one)."""
    for vuln_id in ids:
        try:
            with urllib.request.urlopen(f"{OSV}{vuln_id}", timeout=20) as reply:  # noqa: S310 - fixed https URL
                record = json.load(reply)
        except OSError:
            continue
        rating = record.get("database_specific", {}).get("severity")
        if isinstance(rating, str):
            return rating.upper()
    return None


def findings(report: dict[str, object]) -> list[tuple[str, str, list[str]]]:
    """(package==version, id, [id, *aliases]) for each vulnerability pip-audit reported."""
    found = []
    for dependency in report.get("dependencies", []):  # type: ignore[attr-defined]
        for vuln in dependency.get("vulns", []):
            pin = f"{dependency['name']}=={dependency['version']}"
            found.append((pin, vuln["id"], [vuln["id"], *vuln.get("aliases", [])]))
    return found


def main(pip_audit: str) -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as requirements:
        requirements.write("\n".join(locked_pins(LOCK.read_text())) + "\n")
        requirements.flush()
        audited = subprocess.run(  # noqa: S603 - the dev venv's pip-audit, fixed arguments
            [pip_audit, "--requirement", requirements.name, "--no-deps", "--disable-pip",
             "--vulnerability-service", "osv", "--format", "json", "--progress-spinner", "off"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    if not audited.stdout.strip():
        print(f"audit: pip-audit could not run:\n{audited.stderr[-2000:]}", file=sys.stderr)
        return 2
    high = []
    for pin, vuln_id, ids in findings(json.loads(audited.stdout)):
        rating = severity(ids) or "UNRATED"
        print(f"audit: {pin}: {vuln_id} ({rating})")
        if rating in HIGH or rating == "UNRATED":
            high.append(vuln_id)
    if high:
        print(
            f"audit: {len(high)} high-severity findings: upgrade them (make lock)", file=sys.stderr
        )
        return 1
    print(f"audit: {len(locked_pins(LOCK.read_text()))} locked packages, no high-severity finding")
    return 0


if __name__ == "__main__":
    match sys.argv[1:]:
        case [pip_audit]:
            sys.exit(main(pip_audit))
        case _:
            raise SystemExit("usage: audit.py PIP_AUDIT")
