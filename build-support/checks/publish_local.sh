#!/usr/bin/env bash
# The release path, end to end on this machine, as CI takes it on main: a registry on loopback
# (Debian's docker-registry), every app not yet released published to it (images tagged by
# version and commit, SBOMs, release notes: build-support/dev/release.py), one of them deleted
# locally, pulled back by its version tag and run to /readyz 200 against PostgreSQL.
#
#   build-support/with-test-db build-support/checks/publish_local.sh      (`make publish-check`)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
registry_bin="$(command -v docker-registry || true)"
if [[ -z "$registry_bin" ]]; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-registry >/dev/null
    registry_bin=/usr/bin/docker-registry
  else
    echo "publish check: needs Debian's docker-registry (apt-get install docker-registry)" >&2
    exit 1
  fi
fi

work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat >"$work/config.yml" <<YAML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $work/storage}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YAML
"$registry_bin" serve "$work/config.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
trap 'kill "$registry_pid" 2>/dev/null; wait "$registry_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
registry="127.0.0.1:$port"
echo "publish check: registry on $registry"

build-support/in-dev-venv python build-support/dev/release.py plan
build-support/in-dev-venv python build-support/dev/release.py publish --registry "$registry"

# What the registry holds now, as a deploy would see it.
for repository in $(curl -sf "http://$registry/v2/_catalog" | python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin)["repositories"]))'); do
  tags="$(curl -sf "http://$registry/v2/$repository/tags/list" | python3 -c 'import json,sys; print(" ".join(sorted(json.load(sys.stdin)["tags"])))')"
  echo "publish check: $registry/$repository: $tags"
done

# One app back from the registry by its version tag, not from the local build.
version="$(sed -n 's/^VERSION = "\(.*\)"$/\1/p' apps/worker/shop/worker/release.py)"
image="$registry/shop/worker:$version"
engine=docker
docker info >/dev/null 2>&1 || engine="$root/build-support/podman/docker"
"$engine" rmi "$image" >/dev/null
pull_flags=()
[[ "$engine" == docker ]] || pull_flags=(--tls-verify=false)
"$engine" pull "${pull_flags[@]}" "$image" >/dev/null
echo "publish check: pulled $image back"
build-support/checks/image_readyz.sh "$image" WORKER
