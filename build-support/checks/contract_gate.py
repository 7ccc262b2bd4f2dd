"""The breaking-change gate: an API whose committed OpenAPI document changed against the base
branch may not break its clients, unless it says so.

For each app whose `openapi.json` differs from the base's, Optic (`optic diff --check`, from
build-support/node, offline) compares the two with its breaking-change rules: an operation or a
response field removed, a type narrowed, an enum value removed, a new required parameter or
field, a success status changed, a security requirement added. A breaking change passes only if
the document's `info.version` has a higher major part than the base's and the app's CHANGELOG.md
has an entry for that version saying what broke. An operation may be removed only once the base
document had it deprecated and its sunset (`x-sunset`) has passed (shop.core.deprecation), so
its clients were told by every response for the whole notice period.

Usage: contract_gate.py BASE_REF      (default main)
       contract_gate.py --self-test   (plants a breaking and an additive change in a document:
                                       the gate must refuse the one and accept the other)
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OPTIC = ROOT / "build-support/node/node_modules/.bin/optic"
DOCUMENTS = sorted(ROOT.glob("apps/*/openapi.json"))
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def optic_finds_breaking(base: dict[str, Any], head: dict[str, Any]) -> tuple[bool, str]:
    if not OPTIC.exists():
        sys.exit("the gate needs the npm build tools: run `make node-tools`")
    with tempfile.TemporaryDirectory() as scratch:
        before, after = Path(scratch) / "base.json", Path(scratch) / "head.json"
        before.write_text(json.dumps(base))
        after.write_text(json.dumps(head))
        done = subprocess.run(  # noqa: S603 - our own tool and files
            [str(OPTIC), "diff", str(before), str(after), "--check"],
            cwd=scratch,
            capture_output=True,
            text=True,
            env={**os.environ, "OPTIC_TELEMETRY_LEVEL": "off", "NO_COLOR": "1"},
            check=False,
        )
    report = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)
    if done.returncode not in {0, 1} or "Error" in report.split("\n", 1)[0]:
        sys.exit(f"optic failed ({done.returncode}):\n{report[-3000:]}")
    return done.returncode == 1, report


def removed_before_sunset(base: dict[str, Any], head: dict[str, Any], today: date) -> list[str]:
    """Operations the head dropped that the base had not deprecated, or not long enough ago."""
    early = []
    for path, item in base.get("paths", {}).items():
        for method, operation in item.items():
            if method not in HTTP_METHODS or method in head.get("paths", {}).get(path, {}):
                continue
            sunset = operation.get("x-sunset") if operation.get("deprecated") else None
            if sunset is None or date.fromisoformat(sunset) > today:
                name = operation.get("operationId", "")
                early.append(f"{method.upper()} {path} {name} (sunset: {sunset or 'none'})")
    return early


def major(document: dict[str, Any]) -> int:
    return int(str(document["info"]["version"]).split(".", 1)[0])


def changelog_explains(app: Path, version: str) -> bool:
    changelog = app / "CHANGELOG.md"
    if not changelog.exists():
        return False
    entry = changelog.read_text().split(f"## {version}", 1)
    return len(entry) == 2 and "breaking" in entry[1].split("\n## ", 1)[0].lower()  # noqa: PLR2004


def base_document(base_ref: str, path: Path) -> dict[str, Any] | None:
    shown = subprocess.run(  # noqa: S603
        ["git", "show", f"{base_ref}:{path.relative_to(ROOT)}"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(shown.stdout) if shown.returncode == 0 else None


def gate(base_ref: str) -> int:
    refused = []
    for path in DOCUMENTS:
        app, head = path.parent, json.loads(path.read_text())
        base = base_document(base_ref, path)
        if base is None or base == head:
            continue  # a new contract, or this app's contract did not change: nothing to compare
        # Judged as if the version had not moved (Optic lets a major bump pass anything); the
        # gate itself decides what a bump allows.
        same_version = copy.deepcopy(head)
        same_version["info"]["version"] = base["info"]["version"]
        breaking, report = optic_finds_breaking(base, same_version)
        version = str(head["info"]["version"])
        early = removed_before_sunset(base, head, datetime.now(UTC).date())
        if early:
            print(
                f"{app.name}: operations removed before their sunset (deprecate them first, "
                f"see README 'Versions and deprecation'): {'; '.join(early)}",
                file=sys.stderr,
            )
            refused.append(app.name)
        elif not breaking:
            print(f"{app.name}: contract changed, nothing breaking")
        elif major(head) > major(base) and changelog_explains(app, version):
            print(f"{app.name}: breaking changes, announced in {version} and its CHANGELOG")
        else:
            print(
                f"{report[-4000:]}\n{app.name}: breaking changes: raise the major part of the "
                "API version (interface/openapi.py) and say what broke in the app's "
                "CHANGELOG.md, or keep the change compatible",
                file=sys.stderr,
            )
            refused.append(app.name)
    if refused:
        print(f"contract gate: refused for {', '.join(refused)}", file=sys.stderr)
        return 1
    print(f"contract gate: {len(DOCUMENTS)} API documents checked against {base_ref}")
    return 0


def self_test() -> int:
    document = json.loads((ROOT / "apps/public_api/openapi.json").read_text())
    breaking = copy.deepcopy(document)
    del breaking["paths"]["/v1/orders/{order_id}"]  # an operation removed
    additive = copy.deepcopy(document)
    additive["paths"]["/v1/products"]["get"]["parameters"].append(
        {"name": "colour", "in": "query", "required": False, "schema": {"type": "string"}}
    )
    refused, _ = optic_finds_breaking(document, breaking)
    accepted = not optic_finds_breaking(document, additive)[0]
    print(
        f"contract gate self-test: a removed operation {'refused' if refused else 'ACCEPTED'}, "
        f"an added optional parameter {'accepted' if accepted else 'REFUSED'}"
    )
    # The deprecation policy: removing an operation not deprecated, or before its sunset, is
    # refused whatever the version says; after its sunset it may go.
    today, retiring = date(2027, 7, 1), copy.deepcopy(document)
    listing = retiring["paths"]["/v1/orders/{order_id}"]["get"]
    listing.update({"deprecated": True, "x-deprecated-since": "2026-12-01"})
    early = bool(removed_before_sunset(document, breaking, today))
    listing["x-sunset"] = "2027-07-02"
    too_soon = bool(removed_before_sunset(retiring, breaking, today))
    listing["x-sunset"] = "2027-06-30"
    in_time = not removed_before_sunset(retiring, breaking, today)
    print(
        f"contract gate self-test: removing an operation never deprecated "
        f"{'refused' if early else 'ACCEPTED'}, before its sunset "
        f"{'refused' if too_soon else 'ACCEPTED'}, after it {'accepted' if in_time else 'REFUSED'}"
    )
    return 0 if refused and accepted and early and too_soon and in_time else 1


if __name__ == "__main__":
    argument = sys.argv[1] if len(sys.argv) > 1 else "main"
    sys.exit(self_test() if argument == "--self-test" else gate(argument))
