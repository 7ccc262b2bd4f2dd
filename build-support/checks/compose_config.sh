#!/usr/bin/env bash
# Validate the compose files as compose itself reads them (interpolation, merge, schema).
# podman-compose asks podman for its version first, so without podman there is nothing to run
# it with: then this says so in one line and passes, rather than failing `make check` on a
# machine without a container engine (`.ci/run` installs podman, so CI always checks).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if ! command -v podman >/dev/null 2>&1; then
  echo "compose files: not validated here (podman-compose needs podman: apt-get install podman)"
  exit 0
fi
POSTGRES_PASSWORD=lint AUTH_SECRET_KEY=lint .venv/bin/podman-compose -f docker-compose.yml \
  -f docker-compose.override.yml config >/dev/null
echo "compose files: valid"
