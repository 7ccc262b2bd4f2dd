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
export POSTGRES_PASSWORD=lint AUTH_SECRET_KEY=lint
.venv/bin/podman-compose -f docker-compose.yml -f docker-compose.override.yml config >/dev/null
# The production file's rules, on what compose makes of it: nothing but the APIs' client ports
# listens beyond the host, and every long-running service has limits and a healthcheck.
.venv/bin/podman-compose -f docker-compose.yml --profile replicas --profile events config 2>/dev/null | .venv/bin/python -c '
import sys, yaml
services = yaml.safe_load(sys.stdin)["services"]
public = {"8000:8000", "8001:8001", "8080:8000", "8081:8001"}
problems = [
    f"{name}: publishes {port} on every interface"
    for name, service in services.items()
    for port in service.get("ports", [])
    if str(port) not in public and not str(port).startswith("127.0.0.1:")
]
for name, service in services.items():
    if name == "migrate":
        continue
    if "healthcheck" not in service:
        problems.append(f"{name}: no healthcheck")
    if not service.get("deploy", {}).get("resources", {}).get("limits"):
        problems.append(f"{name}: no resource limits")
if problems:
    sys.exit("docker-compose.yml: " + "; ".join(problems))
'
# The replicas profile's balancer, checked by HAProxy itself where it is installed (its service
# names do not resolve here: warnings, not errors).
if command -v haproxy >/dev/null 2>&1; then
  haproxy -c -q -f deploy/haproxy/haproxy.cfg >/dev/null 2>&1 || haproxy -c -f deploy/haproxy/haproxy.cfg
fi
echo "compose files: valid (production: loopback-only operator ports, limits, healthchecks)"
