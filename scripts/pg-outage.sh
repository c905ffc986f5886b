#!/usr/bin/env bash
# Database outage on PostgreSQL: stop the server under load, expect 503 with a
# clear error within seconds (no hang, no crash), start it again, expect the
# service to recover by itself. Also checks graceful shutdown on SIGTERM.
#   cargo build --release && scripts/pg-outage.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1/postgres}
cluster="$(ls /etc/postgresql | head -n1) main"
psql "$PG_URL" -qc "DROP DATABASE IF EXISTS portefolje_outage WITH (FORCE)" -c "CREATE DATABASE portefolje_outage" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
DATABASE_URL="${PG_URL%/*}/portefolje_outage" PORT=$port RUST_LOG=warn ./target/release/portefolje &
pid=$!
trap 'kill $pid 2>/dev/null || true; pg_ctlcluster --skip-systemctl-redirect $cluster start 2>/dev/null || true' EXIT
until curl -fs "$base/health" >/dev/null; do sleep 0.1; done
token=$(scripts/token.sh "$base" kent.bruun@albertslund.dk)
auth="Authorization: Bearer $token"
code() { curl -s -o /dev/null -w '%{http_code} %{time_total}s' --max-time 20 -H "$auth" "$base$1"; }
echo "before the outage: /health $(code /health), /api/v1/projects $(code /api/v1/projects)"

pg_ctlcluster --skip-systemctl-redirect $cluster stop
echo "PostgreSQL stopped"
# Paths not read before the outage: an answer remembered from just before it
# may still be served for up to 5 s, which is the point of remembering it.
for path in /health "/api/v1/projects?limit=7" /api/v1/reports/2022Q1; do
  echo "during the outage: $path $(code "$path")"
  body=$(curl -s --max-time 20 -H "$auth" "$base$path")
  echo "  answer: $body"
  case "$(code "$path")" in 503*) ;; *) echo "FAILED: expected 503 on $path"; exit 1 ;; esac
done
kill -0 $pid || { echo "FAILED: the service died"; exit 1; }

pg_ctlcluster --skip-systemctl-redirect $cluster start
echo "PostgreSQL started again"
for i in $(seq 1 30); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "$base/api/v1/projects")" = 200 ] && break
  sleep 1
done
echo "after the outage: /health $(code /health), /api/v1/projects $(code /api/v1/projects)"
case "$(code /api/v1/projects)" in 200*) ;; *) echo "FAILED: no recovery"; exit 1 ;; esac

# Graceful shutdown: a request in flight when SIGTERM arrives still gets its answer.
curl -s -o /dev/null -w 'in-flight report during SIGTERM: %{http_code}\n' -H "$auth" "$base/api/v1/reports/2022Q1?format=xlsx" &
req=$!
sleep 0.05
kill -TERM $pid
wait $req
wait $pid && echo "the service stopped cleanly on SIGTERM"
echo "outage test passed"
