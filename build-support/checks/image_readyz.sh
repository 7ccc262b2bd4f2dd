#!/usr/bin/env bash
# Run each built image against a migrated PostgreSQL database and require 200 from /readyz and
# no error in its log (the worker's loops start at once: a loop that fails fails the check).
# The notifications image gets what it reads instead: a NATS server with the shop's stream
# (Debian's nats-server) and an SMTP server (aiosmtpd from the dev venv), both on loopback.
#
#   build-support/checks/image_readyz.sh                (after `make images`: every app's image)
#   build-support/checks/image_readyz.sh IMAGE PREFIX   (one image, its settings prefix)
# Uses TEST_DATABASE_URL (or the throwaway server) for a clone of the migrated test template,
# and host networking, so the container reaches the database on 127.0.0.1 and the check reaches
# the container the same way.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
engine=docker
docker info >/dev/null 2>&1 || engine="$root/build-support/podman/docker"  # podman, configured
: "${TEST_DATABASE_URL:?run through build-support/with-test-db}"
database() {  # create | drop NAME: a clone of the migrated template, as a test process gets one
  "$root/build-support/in-dev-venv" python -c '
import sys
from shop.testing.database import TestDatabase
database = TestDatabase()
if sys.argv[1] == "create":
    database.create()
    print(database.name, database.url)
else:
    database.name = sys.argv[2]
    database.drop()
' "$@"
}
read -r db_name db_url < <(database create)
trap 'database drop "$db_name"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

check() {  # IMAGE PREFIX [docker run options: the app's own settings]
  local image=$1 prefix=$2 port name status=000
  shift 2
  port="$(free_port)"
  name="shop-readyz-$$-${prefix,,}"
  "$engine" run -d --rm --name "$name" --network host \
    -e "DB_URL=$db_url" -e "${prefix}_PORT=$port" -e "${prefix}_METRICS_PORT=$(free_port)" \
    -e "AUTH_SECRET_KEY=image-check-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    "$@" "$image" >/dev/null
  for _ in $(seq 1 60); do
    status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true)"
    [[ "$status" == 200 ]] && break
    sleep 0.5
  done
  sleep 2  # the worker's loops take their first steps
  local user log errors
  user="$("$engine" exec "$name" id -u 2>/dev/null || "$engine" inspect -f '{{.Config.User}}' "$name")"
  log="$("$engine" logs "$name" 2>&1)"
  errors="$(grep -c '"level":"error"' <<<"$log" || true)"
  if [[ "$errors" != 0 ]]; then grep '"level":"error"' <<<"$log" | head -n 3; else tail -n 3 <<<"$log" | cut -c1-240; fi
  "$engine" stop -t 5 "$name" >/dev/null 2>&1 || true
  local size hosts
  size="$("$engine" image inspect -f '{{.Size}}' "$image")"
  # The image's own settings and no other app's (one Dockerfile builds them all).
  hosts="$("$engine" image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$image" |
    grep -o '^[A-Z_]*_HOST=' | tr -d '\n')"
  echo "$image: /readyz -> $status, user $user, size $((size / 1024 / 1024)) MB, $errors error lines, settings ${hosts%=}"
  [[ "$status" == 200 && "$errors" == 0 && "$hosts" == "${prefix}_HOST=" ]]
}

cd "$root"
if [[ $# -eq 2 ]]; then
  check "$1" "$2"
  exit
fi
check shop/public-api:latest PUBLIC_API
check shop/admin-api:latest ADMIN_API
check shop/worker:latest WORKER

# The notifications app's event stream and mail server.
nats_port="$(free_port)" smtp_port="$(free_port)" nats_store="$(mktemp -d)"
nats-server -a 127.0.0.1 -p "$nats_port" -js -sd "$nats_store" >/dev/null 2>&1 & nats_pid=$!
"$root/.venv/bin/python" -m aiosmtpd -n -l "127.0.0.1:$smtp_port" >/dev/null 2>&1 & smtp_pid=$!
trap 'kill "$nats_pid" "$smtp_pid" 2>/dev/null; rm -rf "$nats_store"; database drop "$db_name"' EXIT
"$root/.venv/bin/python" - "nats://127.0.0.1:$nats_port" <<'PY'
import asyncio, sys, time
import nats

async def make_stream() -> None:  # as the worker does when it first connects
    for _ in range(50):
        try:
            client = await nats.connect(sys.argv[1], connect_timeout=1, max_reconnect_attempts=0)
            break
        except Exception:  # noqa: BLE001 - the server is still starting
            time.sleep(0.1)
    await client.jetstream().add_stream(name="SHOP_ORDERS", subjects=["shop.orders.>"])
    await client.close()

asyncio.run(make_stream())
PY
check shop/notifications:latest NOTIFICATIONS -e "NOTIFICATIONS_NATS_URL=nats://127.0.0.1:$nats_port" \
  -e SMTP_HOST=127.0.0.1 -e "SMTP_PORT=$smtp_port" -e SMTP_SECURITY=none
