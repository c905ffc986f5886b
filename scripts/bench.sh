#!/usr/bin/env bash
# The benchmark, one command: national-scale data on SQLite and PostgreSQL,
# the Q-report against bare SQL queries, import, then on each backend HTTP
# load with wrk (64 connections) against GET /health of the same binary, peak
# memory and start-up time. Prints markdown tables; figures are for comparing within a run.
#   scripts/bench.sh            (PG_URL=postgres://postgres@127.0.0.1/postgres by default)
set -euo pipefail
cd "$(dirname "$0")/.."
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1/postgres}
DURATION=${DURATION:-10s}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet --bin portefolje --bin bench
dir=$(mktemp -d)
trap 'kill ${pid:-} 2>/dev/null || true; rm -rf "$dir"' EXIT

echo "# Benchmark on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)"
./target/release/bench "sqlite://$dir/bench.db"
psql "$PG_URL" -qc "DROP DATABASE IF EXISTS portefolje_bench WITH (FORCE)" -c "CREATE DATABASE portefolje_bench" >/dev/null
./target/release/bench "${PG_URL%/*}/portefolje_bench"

# The process's peak resident memory so far: which load raised it.
peak() { awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$pid/status; }

load() { # name path script key
  out=$(wrk -t2 -c64 -d"$DURATION" --latency -s "$3" "$base$2")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  transfer=$(echo "$out" | awk '/Transfer\/sec/ {print $2}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5} /Socket errors/ {print $0}' | tr '\n' ' ')
  echo "| $1 | $rps | $transfer/s | $p50 | $p99 | ${errors:-0} | $(peak) |"
  eval "rps_$4=$rps"
}

# HTTP load against the large database of one backend: name, DATABASE_URL.
http_load() {
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:$port"
  start=$(date +%s.%N)
  DATABASE_URL="$2" PORT=$port RUST_LOG=error ADMIN_EMAIL=bench@kommune.dk ADMIN_PASSWORD='benchmark-adgangskode' ./target/release/portefolje &
  pid=$!
  until curl -fs "$base/health" >/dev/null; do sleep 0.01; done
  ready=$(echo "$(date +%s.%N) - $start" | bc)
  started_with=$(peak)
  token=$(scripts/token.sh "$base" bench@kommune.dk benchmark-adgangskode)
  id=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v1/projects?limit=1&state=active" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  projects=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v1/projects?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  quarter=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v1/quarters" | python3 -c 'import json,sys; print([q["code"] for q in json.load(sys.stdin) if q["state"] == "open"][0])')
  cat > "$dir/put.lua" <<LUA
wrk.method = "PUT"
wrk.body = '{"ressourcer":{"colour":"green"},"leverancer":{"colour":"green"},"tid":{"colour":"red","comment":"Forsinket"},"okonomi":{"colour":"yellow"}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA
  cat > "$dir/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
LUA
  cat > "$dir/gzip.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
LUA
  # Reads spread over the whole portfolio, as many users would: any project,
  # any page of the list.
  cat > "$dir/project.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
request = function() return wrk.format(nil, "/api/v1/projects/" .. math.random(1, $projects)) end
LUA
  # Status writes spread over the portfolio, for the mixed load.
  cat > "$dir/put-any.lua" <<LUA
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
local body = '{"ressourcer":{"colour":"green"},"leverancer":{"colour":"green"},"tid":{"colour":"red","comment":"Forsinket"},"okonomi":{"colour":"yellow"}}'
request = function() return wrk.format(nil, "/api/v1/projects/" .. math.random(1, $projects) .. "/status/$quarter", nil, body) end
LUA
  cat > "$dir/list.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
request = function() return wrk.format(nil, "/api/v1/projects?limit=50&offset=" .. 50 * math.random(0, $projects / 50 - 1)) end
LUA
  echo
  echo "## HTTP load on $1, 64 connections, $DURATION each"
  echo
  echo "| request | req/s | bytes | p50 | p99 | errors | peak memory so far |"
  echo "|---|---|---|---|---|---|---|"
  load "GET /health (baseline)" "/health" "$dir/get.lua" health
  load "GET /api/v1/projects/{id} (any of $projects)" "/" "$dir/project.lua" project
  load "GET /api/v1/projects?limit=50&offset=… (any page)" "/" "$dir/list.lua" list
  load "GET /api/v1/reports/$quarter (JSON)" "/api/v1/reports/$quarter" "$dir/get.lua" report
  load "GET /api/v1/reports/$quarter (JSON, gzip as browsers ask for it)" "/api/v1/reports/$quarter" "$dir/gzip.lua" gzip
  load "GET /api/v1/reports/$quarter?format=xlsx" "/api/v1/reports/$quarter?format=xlsx" "$dir/get.lua" xlsx
  load "PUT /api/v1/projects/{id}/status/$quarter (one project, new version each time)" "/api/v1/projects/$id/status/$quarter" "$dir/put.lua" put
  # The mixed load: 32 connections reading any project while 32 report the
  # status of any project. A status write forgets that project's answers, the
  # lists and the reports, not every remembered answer.
  wrk -t1 -c32 -d"$DURATION" -s "$dir/project.lua" "$base/" > "$dir/mixed-reads" &
  readers=$!
  wrk -t1 -c32 -d"$DURATION" -s "$dir/put-any.lua" "$base/" > "$dir/mixed-writes"
  wait $readers
  rps_mixed=$(awk '/Requests\/sec/ {print $2}' "$dir/mixed-reads")
  mixed_writes=$(awk '/Requests\/sec/ {print $2}' "$dir/mixed-writes")
  mixed_errors=$(cat "$dir/mixed-reads" "$dir/mixed-writes" | awk '/Non-2xx/ {n += $5} END {print n + 0}')
  echo "| mixed: GET /api/v1/projects/{id} (32 connections) while PUT …/status/$quarter of any project (32) | $rps_mixed reads/s, $mixed_writes writes/s | | | | $mixed_errors | $(peak) |"
  echo
  echo "| figure | value |"
  echo "|---|---|"
  echo "| start-up to first answer on the large database | ${ready} s |"
  echo "| resident memory at start | $started_with |"
  echo "| peak resident memory during the load | $(peak) |"
  for k in project list report gzip xlsx mixed; do
    eval "r=\$rps_$k"; echo "| $k reads / health | $(echo "scale=2; $r / $rps_health" | bc) |"
  done
  # The same 10,000-project spreadsheet as the bench binary imports, through
  # the API this time: with an audit row per project, checked and rolled back.
  python3 - > "$dir/import.csv" <<'PY'
print("Projektnavn;Afdeling;Fase;Projektleder;Skal-projekt;Startdato;Budget")
for i in range(10000):
    must = "ja" if i % 4 == 0 else "nej"
    print(f"API-importeret projekt {i:05};A{i % 100 + 1:03};analyse;pl{i % 1000 + 1:04}@kommune.dk;{must};01-01-2024;{1000 * i}")
PY
  took=$(curl -fsS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
    --data-binary @"$dir/import.csv" "$base/api/v1/import/projects?dry_run=true")
  echo "| import 10000 projects through the API with their audit rows (dry run) | ${took} s |"
  kill $pid
  wait $pid 2>/dev/null || true
  pid=
}

http_load SQLite "sqlite://$dir/bench.db"
http_load PostgreSQL "${PG_URL%/*}/portefolje_bench"
