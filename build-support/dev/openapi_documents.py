"""Each app's contract documents, committed beside the app: the APIs' OpenAPI documents and the
worker's AsyncAPI document of its event stream. `write` makes them from the apps, `check` fails
when a committed one differs from what its app would serve or publish."""

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
from shop.worker.interface.asyncapi import asyncapi_document

ROOT = Path(__file__).resolve().parents[2]


def _public() -> dict[str, Any]:
    return create_app().openapi()


def _admin() -> dict[str, Any]:
    return contract_document(create_litestar(AdminApiSettings.load()))


DOCUMENTS: dict[str, Callable[[], dict[str, Any]]] = {
    "apps/public_api/openapi.json": _public,
    "apps/admin_api/openapi.json": _admin,
    # Not OpenAPI, but the same kind of contract: what the worker publishes to NATS JetStream.
    "apps/worker/asyncapi.json": asyncapi_document,
}


# The AsyncAPI 3.0 JSON Schema, from the npm package the build's lockfile pins (make node-tools).
ASYNCAPI_SCHEMA = (
    ROOT / "build-support/node/node_modules/@asyncapi/specs/schemas/3.0.0-without-$id.json"
)


def asyncapi_problems(document: dict[str, Any]) -> list[str]:
    """What makes the document not AsyncAPI 3.0 (the specification's own JSON Schema)."""
    import jsonschema_rs  # noqa: PLC0415 - the dev venv's, only when checking

    validator = jsonschema_rs.validator_for(json.loads(ASYNCAPI_SCHEMA.read_text()))
    return [str(error) for error in validator.iter_errors(document)]


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
        document = make()
        path, fresh = ROOT / relative, rendered(document)
        if relative.endswith("asyncapi.json") and (problems := asyncapi_problems(document)):
            print(
                f"{relative} is not valid AsyncAPI 3.0:", *problems[:5], sep="\n  ", file=sys.stderr
            )
            stale.append(relative)
        if argv == ["write"]:
            path.write_text(fresh)
            print(f"wrote {relative}")
        elif not path.exists() or path.read_text() != fresh:
            committed = path.read_text().splitlines() if path.exists() else []
            diff = difflib.unified_diff(committed, fresh.splitlines(), relative, "served", n=1)
            print("\n".join(list(diff)[:40]), file=sys.stderr)
            stale.append(relative)
    if stale:
        print(f"stale contract documents: {', '.join(stale)}; run `make openapi`", file=sys.stderr)
        return 1
    if argv == ["check"]:
        print(f"contract documents: {len(DOCUMENTS)} committed, each what its app serves")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
