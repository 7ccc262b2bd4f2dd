# Sourced by the dev scripts: the dev venv, the source roots, and a database.
#
# DATABASE_URL is used when set. Otherwise the local development database: a throwaway
# PostgreSQL made from the local binaries (the same one the tests use), database `shop`.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
[[ -x "$venv/bin/python" ]] || { echo "no dev venv: run \`make setup\` first" >&2; exit 1; }

roots=("$root"/libs/* "$root"/apps/* "$root/migrations" "$root/build-support")
PYTHONPATH="$(IFS=:; echo "${roots[*]}")${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONPATH APP_ENV="${APP_ENV:-development}"

if [[ -z "${DATABASE_URL:-}" ]]; then
  server="$(python3 "$root/libs/testing/shop/testing/pg_server.py" start)"
  "$venv/bin/python" "$root/build-support/dev/ensure_database.py" "$server" shop
  DATABASE_URL="${server%/*}/shop"
  export DATABASE_URL
fi
