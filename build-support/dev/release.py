"""Release each app whose version has not been released yet: image, tags, SBOM, release note.

  release.py plan                              which apps would be released, and why not others
  release.py publish --registry R [--git-tag]  build, tag and push them; write their SBOMs and
                                               release notes to dist/release/

An app is released when its version (`VERSION` in shop/<app>/release.py) has no git tag
`<app>/v<version>` yet: an unchanged app is not released again, and a release is the commit
that moved the version. Its image is tagged `<version>` and `<commit>` and pushed to
`<registry>/<repository>` (the repository its BUILD names); `--git-tag` adds the tag (CI on
main pushes it and makes the GitHub release). Rolling back is deploying the previous tag.

The SBOM is CycloneDX JSON made by cyclonedx-py from the app's PEX, installed into a venv as
the image installs it: what the image runs, with versions and hashes. Runs in the dev venv.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from checks.versions import app_version

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "dist" / "release"
REPOSITORY = re.compile(r'repository="([^"]+)"')


@dataclass(frozen=True)
class App:
    name: str  # its folder under apps/
    version: str
    repository: str  # the image's, e.g. shop/public-api

    @property
    def tag(self) -> str:
        return f"{self.name}/v{self.version}"

    @property
    def pex(self) -> Path:
        return ROOT / "dist" / f"apps.{self.name}" / "bin.pex"

    def release_note(self) -> str:
        changelog = (ROOT / "apps" / self.name / "CHANGELOG.md").read_text()
        _, found, rest = changelog.partition(f"\n## {self.version}\n")
        if not found:
            raise SystemExit(f"apps/{self.name}/CHANGELOG.md has no `## {self.version}` section")
        return rest.split("\n## ", 1)[0].strip() + "\n"


def run(*command: str, capture: bool = False, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(  # noqa: S603 - our own tools, fixed arguments
        command, cwd=ROOT, check=True, text=True, capture_output=capture, env=env
    )
    return done.stdout.strip() if capture else ""


def apps() -> list[App]:
    found = []
    for folder in sorted((ROOT / "apps").iterdir()):
        release = folder / "shop" / folder.name / "release.py"
        build = folder / "BUILD"
        if release.exists() and build.exists():
            version = app_version(release.read_text())
            repository = REPOSITORY.search(build.read_text())
            if version and repository:
                found.append(App(folder.name, version, repository.group(1)))
    return found


def unreleased() -> list[App]:
    tags = set(run("git", "tag", "--list", "*/v*", capture=True).split())
    return [app for app in apps() if app.tag not in tags]


@dataclass(frozen=True)
class Engine:
    command: list[str]
    podman: bool

    def push(self, ref: str) -> str:
        """Push `ref`; its digest in the registry."""
        if not self.podman:
            run(*self.command, "push", ref)
            pushed = run(*self.command, "inspect", "--format", "{{index .RepoDigests 0}}", ref,
                         capture=True)  # fmt: skip
            return pushed.rpartition("@")[2]
        # A registry on loopback (the local check) speaks plain HTTP.
        insecure = ref.startswith(("127.0.0.1", "localhost"))
        with tempfile.NamedTemporaryFile("r") as digest:
            run(*self.command, "push", f"--tls-verify={str(not insecure).lower()}",
                "--digestfile", digest.name, ref)  # fmt: skip
            return Path(digest.name).read_text().strip()


def engine() -> Engine:
    """docker when an engine answers, else podman with the project's settings."""
    docker = shutil.which("docker")
    answers = docker and subprocess.run(  # noqa: S603 - the docker client, fixed arguments
        [docker, "info"], capture_output=True, check=False
    )
    if docker and answers and answers.returncode == 0:
        return Engine([docker], podman=False)
    return Engine([str(ROOT / "build-support" / "podman" / "docker")], podman=True)


def commit() -> str:
    return os.environ.get("BUILD_COMMIT") or run(
        "git", "rev-parse", "--short=12", "HEAD", capture=True
    )


def push(app: App, registry: str, tool: Engine) -> tuple[list[str], str]:
    """The image tagged by version and commit in the registry; its refs and its digest."""
    refs = [f"{registry}/{app.repository}:{tag}" for tag in (app.version, commit())]
    digests = []
    for ref in refs:
        run(*tool.command, "tag", f"{app.repository}:latest", ref)
        digests.append(tool.push(ref))
    return refs, digests[0]


def sbom(app: App) -> tuple[Path, int]:
    """CycloneDX JSON of what the app's image runs: its PEX installed into a venv."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{app.name}-{app.version}.cdx.json"
    with tempfile.TemporaryDirectory() as venv:
        run(sys.executable, str(app.pex), "venv", "--scope=deps", venv,
            env={**os.environ, "PEX_TOOLS": "1"})  # fmt: skip
        cyclonedx = str(Path(sys.executable).parent / "cyclonedx-py")
        run(cyclonedx, "environment", f"{venv}/bin/python", "--output-format", "JSON",
            "--output-file", str(path), "--mc-type", "application")  # fmt: skip
    components = len(json.loads(path.read_text()).get("components", []))
    return path, components


def publish(registry: str, *, git_tag: bool) -> int:
    todo = unreleased()
    if not todo:
        print("release: every app's version is released already; nothing to publish")
        return 0
    run("build-support/images", *(f"apps/{app.name}:image" for app in todo),
        env={**os.environ, "BUILD_COMMIT": commit()})  # fmt: skip
    tool = engine()
    OUT.mkdir(parents=True, exist_ok=True)
    summary = []
    for app in todo:
        note = OUT / f"{app.name}-{app.version}.md"
        note.write_text(app.release_note())
        refs, digest = push(app, registry, tool)
        bom, components = sbom(app)
        if git_tag:
            run("git", "tag", "-a", app.tag, "-F", str(note))
        summary.append({"app": app.name, "tag": app.tag, "images": refs, "digest": digest,
                        "sbom": str(bom.relative_to(ROOT)), "sbom_components": components,
                        "note": str(note.relative_to(ROOT))})  # fmt: skip
        print(f"released {app.tag}: {', '.join(refs)} {digest} SBOM {components} components")
    (OUT / "released.json").write_text(json.dumps(summary, indent=2) + "\n")
    return 0


def plan() -> int:
    todo = {app.name for app in unreleased()}
    for app in apps():
        state = "to release" if app.name in todo else "released already"
        print(f"{app.tag}: {state}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("plan")
    publishing = sub.add_parser("publish")
    publishing.add_argument("--registry", required=True, help="e.g. ghcr.io/acme, 127.0.0.1:5000")
    publishing.add_argument("--git-tag", action="store_true", help="tag each release in git")
    options = parser.parse_args()
    if options.command == "plan":
        return plan()
    return publish(options.registry.rstrip("/"), git_tag=options.git_tag)


if __name__ == "__main__":
    sys.exit(main())
