"""Each API's OpenAPI document, committed beside its app: `write` makes them from the apps (what
they serve), `check` fails when a committed one differs from what its app would serve.

Usage (dev venv, source roots on the path): openapi_documents.py write|check
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shop.admin_api.app import create_litestar
from shop.admin_api.interface.openapi import contract_document
from shop.admin_api.settings import AdminApiSettings
from shop.public_api.app import create_app

ROOT = Path(__file__).resolve().parents[2]


def _public() -> dict[str, Any]:
    return create_app().openapi()


def _admin() -> dict[str, Any]:
    return contract_document(create_litestar(AdminApiSettings.load()))


DOCUMENTS: dict[str, Callable[[], dict[str, Any]]] = {
    "apps/public_api/openapi.json": _public,
    "apps/admin_api/openapi.json": _admin,
}


def rendered(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    if argv not in (["write"], ["check"]):
        print("usage: openapi_documents.py write|check", file=sys.stderr)
        return 2
    # Development defaults (a local database URL, a signing key) build the apps; nothing is
    # connected to: the documents come from the code alone.
    os.environ["APP_ENV"] = "development"
    stale = []
    for relative, make in DOCUMENTS.items():
        path, fresh = ROOT / relative, rendered(make())
        if argv == ["write"]:
            path.write_text(fresh)
            print(f"wrote {relative}")
        elif not path.exists() or path.read_text() != fresh:
            committed = path.read_text().splitlines() if path.exists() else []
            diff = difflib.unified_diff(committed, fresh.splitlines(), relative, "served", n=1)
            print("\n".join(list(diff)[:40]), file=sys.stderr)
            stale.append(relative)
    if stale:
        print(f"stale OpenAPI documents: {', '.join(stale)}; run `make openapi`", file=sys.stderr)
        return 1
    if argv == ["check"]:
        print(f"OpenAPI documents: {len(DOCUMENTS)} committed, each what its app serves")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
