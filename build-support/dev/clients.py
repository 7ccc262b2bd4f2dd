"""The typed clients of each API, generated from its committed OpenAPI document.

- Python: openapi-python-client, into libs/<api>_client/shop/clients/<api>/ (formatted with the
  repo's ruff), a versioned lib like the others;
- TypeScript (the public API's web and mobile clients): openapi-typescript's types, into
  libs/public_api_client/typescript/src/schema.d.ts, used by the typed fetch client beside it.

A client's version follows its API's: the same major and minor (the patch is the client's own,
for a fix of the generator's configuration). `check` holds that too.

Usage (the dev venv's python): clients.py write   regenerate them
                  clients.py check   fail when a committed client differs from a fresh one
"""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
NODE_BIN = ROOT / "build-support/node/node_modules/.bin"


@dataclass(frozen=True)
class Client:
    api: str  # the app: public_api, admin_api

    @property
    def document(self) -> Path:
        return ROOT / "apps" / self.api / "openapi.json"

    @property
    def lib(self) -> Path:
        return ROOT / "libs" / f"{self.api}_client"

    @property
    def package(self) -> Path:
        return self.lib / "shop" / "clients" / self.api.removesuffix("_api")

    def versions(self) -> tuple[str, str]:
        """The API's version and the client lib's."""
        api = json.loads(self.document.read_text())["info"]["version"]
        lib = re.search(r'version="([^"]+)"', (self.lib / "BUILD").read_text())
        return str(api), lib.group(1) if lib else "none"


CLIENTS = (Client("public_api"), Client("admin_api"))
TYPESCRIPT = ROOT / "libs/public_api_client/typescript/src/schema.d.ts"


def run(*command: str | Path, cwd: Path = ROOT) -> None:
    done = subprocess.run(  # noqa: S603 - our own tools
        [str(c) for c in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"{Path(str(command[0])).name} failed:\n{done.stdout}{done.stderr}")


def generate_python(client: Client, into: Path) -> Path:
    """The generated package, formatted, in a folder under `into`."""
    run(
        VENV_BIN / "openapi-python-client", "generate",
        "--path", client.document,
        "--config", client.lib / "generator.yaml",
        "--output-path", into / "project",
    )  # fmt: skip
    package = into / "project" / client.package.name
    run(VENV_BIN / "ruff", "format", "--quiet", "--config", ROOT / "pyproject.toml", package)
    return package


def generate_typescript(into: Path) -> Path:
    types = into / "schema.d.ts"
    # A property with a default is optional for whoever sends it (the sign-in form's scope).
    run(
        NODE_BIN / "openapi-typescript", ROOT / "apps/public_api/openapi.json",
        "--default-non-nullable", "false", "-o", types,
    )  # fmt: skip
    return types


def same_tree(left: Path, right: Path) -> bool:
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__"])
    if comparison.left_only or comparison.right_only or comparison.diff_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, comparison.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(left / sub, right / sub) for sub in comparison.common_dirs)


def main(argv: list[str]) -> int:
    if argv not in (["write"], ["check"]):
        print("usage: clients.py write|check", file=sys.stderr)
        return 2
    stale = []
    with tempfile.TemporaryDirectory() as scratch:
        for client in CLIENTS:
            fresh = generate_python(client, Path(scratch) / client.api)
            if argv == ["write"]:
                shutil.rmtree(client.package, ignore_errors=True)
                shutil.copytree(fresh, client.package, ignore=shutil.ignore_patterns("__pycache__"))
            elif not client.package.exists() or not same_tree(fresh, client.package):
                stale.append(str(client.package.relative_to(ROOT)))
        types = generate_typescript(Path(scratch))
        if argv == ["write"]:
            shutil.copyfile(types, TYPESCRIPT)
        elif not TYPESCRIPT.exists() or types.read_bytes() != TYPESCRIPT.read_bytes():
            stale.append(str(TYPESCRIPT.relative_to(ROOT)))
    if stale:
        print(f"stale clients: {', '.join(stale)}; run `make clients`", file=sys.stderr)
        return 1
    typescript = json.loads((TYPESCRIPT.parents[1] / "package.json").read_text())["version"]
    versions = [(client.lib, *client.versions()) for client in CLIENTS]
    versions.append((TYPESCRIPT.parents[1], CLIENTS[0].versions()[0], typescript))
    behind = [
        f"{lib.relative_to(ROOT)} is {version}, its API {api}"
        for lib, api, version in versions
        if api.split(".")[:2] != version.split(".")[:2]
    ]
    if behind:
        print(
            f"client versions must follow their API's major.minor: {'; '.join(behind)} (set "
            "it in the lib's BUILD or package.json, with a CHANGELOG entry)",
            file=sys.stderr,
        )
        return 1
    print(f"clients: {len(CLIENTS)} Python, 1 TypeScript, each fresh from its API's document")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
