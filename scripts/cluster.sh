#!/usr/bin/env bash
# Three instances of the service on one PostgreSQL behind nginx, on loopback,
# measured (figures for comparing within a run, not timed tests):
#   1. staleness: a write through one instance, read through the others until
#      they show it (p50/p99/max over WRITES writes); a revoked token and a
#      changed role, refused or applied on the others;
#   2. throughput through nginx with 1, 2 and 3 instances (wrk, 64
#      connections): reads, status writes, and the mixed load (32 reading,
#      32 writing), as ratios to one instance and to GET /health;
#   3. failure: SIGKILL of one instance under load (no acknowledged write
#      lost, failures counted), then a rolling restart of all three under
#      load (no failed request);
#   4. the sign-in throttle across instances (20 wrong passwords, at most 5 verified).
#
#   scripts/cluster.sh   (PG_URL=postgres://postgres@127.0.0.1/postgres, DURATION=10s, WRITES=1000)
# nginx and wrk come from Debian and are installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1/postgres}
DURATION=${DURATION:-10s}
export WRITES=${WRITES:-1000}
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq nginx-light wrk >/dev/null
fi
PATH=$PATH:/usr/sbin
pg_isready -qh 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
cargo build --release --quiet --bin portefolje

dir=$(mktemp -d)
export RUN_DIR=$dir
db_url="${PG_URL%/*}/portefolje_cluster"
export PG_DB_URL=$db_url
psql "$PG_URL" -qc "DROP DATABASE IF EXISTS portefolje_cluster WITH (FORCE)" -c "CREATE DATABASE portefolje_cluster" >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ports=("$(free_port)" "$(free_port)" "$(free_port)")
front=("$(free_port)" "$(free_port)" "$(free_port)")
export INSTANCE_PORTS="${ports[*]}"

# One instance: started in the background with its pid in the run directory;
# restarting one drains it with SIGTERM first, as a rolling upgrade would.
cat > "$dir/start" <<SH
#!/usr/bin/env bash
port=\$1
DATABASE_URL=$db_url PORT=\$port TRUSTED_PROXY=127.0.0.1 POOL_SIZE=16 RUST_LOG=warn \
  $PWD/target/release/portefolje >> $dir/instance-\$port.log 2>&1 < /dev/null &
echo \$! > $dir/instance-\$port.pid
for i in \$(seq 1 600); do
  curl -fs -o /dev/null http://127.0.0.1:\$port/health && exit 0
  sleep 0.02
done
echo "instance \$port did not become ready" >&2; exit 1
SH
cat > "$dir/restart" <<SH
#!/usr/bin/env bash
port=\$1 pid=\$(cat $dir/instance-\$1.pid)
kill -TERM \$pid
while kill -0 \$pid 2>/dev/null; do sleep 0.02; done
exec $dir/start \$port
SH
chmod +x "$dir/start" "$dir/restart"
export RESTART="$dir/restart"

stop_all() {
  for p in "${ports[@]}"; do
    [ -f "$dir/instance-$p.pid" ] && kill "$(cat "$dir/instance-$p.pid")" 2>/dev/null || true
  done
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  rm -rf "$dir"
}
trap stop_all EXIT

# The first instance migrates and loads the demo portfolio; then the others.
"$dir/start" "${ports[0]}"
"$dir/start" "${ports[1]}" & second=$!
"$dir/start" "${ports[2]}" & third=$!
wait "$second"; wait "$third"

# nginx in front: one server per cluster size, passing a request that could
# not be delivered (refused connection, 502/503 of a draining or deaf
# instance) to the next instance.
upstream() { # name, ports...
  local name=$1; shift
  echo "  upstream $name {"
  for p in "$@"; do echo "    server 127.0.0.1:$p max_fails=1 fail_timeout=1s;"; done
  echo "    keepalive 32;"
  echo "    keepalive_requests 200;"
  echo "  }"
}
server() { # port, upstream
  cat <<NGINX
  server {
    listen 127.0.0.1:$1;
    location / {
      proxy_pass http://$2;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 1s;
    }
  }
NGINX
}
{
  echo "worker_processes 1; pid $dir/nginx.pid; error_log $dir/nginx-error.log warn;"
  echo "events { worker_connections 4096; }"
  echo "http {"
  echo "  access_log off;"
  upstream one "${ports[0]}"
  upstream two "${ports[0]}" "${ports[1]}"
  upstream three "${ports[@]}"
  server "${front[0]}" one
  server "${front[1]}" two
  server "${front[2]}" three
  echo "}"
} > "$dir/nginx.conf"
nginx -c "$dir/nginx.conf" -p "$dir"
export NGINX_PORT=${front[2]}

base="http://127.0.0.1:${ports[0]}"
TOKEN=$(scripts/token.sh "$base" kent.bruun@albertslund.dk)
[ -n "$TOKEN" ] || { echo "no API token: could the demo administrator sign in?" >&2; exit 1; }
export TOKEN
auth="Authorization: Bearer $TOKEN"
QUARTER=$(curl -fs -H "$auth" "$base/api/v1/quarters" | python3 -c 'import json,sys; print([q["code"] for q in json.load(sys.stdin) if q["state"] == "open"][0])')
export QUARTER
projects=$(curl -fs -H "$auth" "$base/api/v1/projects?limit=500" | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)["items"]))')

echo "# Three instances on one PostgreSQL behind nginx: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)"
echo
echo "## Staleness: from a write's answer until the other instances show it"
echo
echo "| what | p50 | p99 | max |"
echo "|---|---|---|---|"
python3 scripts/cluster-probe.py staleness
python3 scripts/cluster-probe.py access

echo
echo "## The sign-in throttle across instances"
echo
echo "| what | verified | refused | other |"
echo "|---|---|---|---|"
python3 scripts/cluster-probe.py throttle

ids_lua="{$(echo "$projects" | tr ' ' ',')}"
cat > "$dir/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
cat > "$dir/read.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
local ids = $ids_lua
request = function() return wrk.format(nil, "/api/v1/projects/" .. ids[math.random(#ids)]) end
LUA
cat > "$dir/write.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
local ids = $ids_lua
local body = '{"ressourcer":{"colour":"green"},"leverancer":{"colour":"green"},"tid":{"colour":"red","comment":"Forsinket"},"okonomi":{"colour":"green"}}'
request = function() return wrk.format("PUT", "/api/v1/projects/" .. ids[math.random(#ids)] .. "/status/$QUARTER", nil, body) end
LUA
rate() { # connections, script, port → requests/s and non-2xx count
  local out
  out=$(wrk -t1 -c"$1" -d"$DURATION" -s "$2" "http://127.0.0.1:$3/health")
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '/Non-2xx/ {print $5}' | grep . || echo 0)"
}
ratio() { echo "scale=2; $1 / $2" | bc; }

echo
echo "## Throughput through nginx, 64 connections, $DURATION each"
echo
echo "| instances | GET /health | reads | status writes | mixed: reads | mixed: writes | mixed reads / health | non-2xx |"
echo "|---|---|---|---|---|---|---|---|"
for n in 1 2 3; do
  port=${front[$((n - 1))]}
  read -r health e1 < <(rate 64 "$dir/get.lua" "$port")
  read -r reads e2 < <(rate 64 "$dir/read.lua" "$port")
  read -r writes e3 < <(rate 64 "$dir/write.lua" "$port")
  rate 32 "$dir/read.lua" "$port" > "$dir/mixed-reads" &
  rate 32 "$dir/write.lua" "$port" > "$dir/mixed-writes"
  wait
  read -r mixed_reads e4 < "$dir/mixed-reads"
  read -r mixed_writes e5 < "$dir/mixed-writes"
  eval "h$n=$health r$n=$reads w$n=$writes m$n=$mixed_reads"
  echo "| $n | $health | $reads | $writes | $mixed_reads | $mixed_writes | $(ratio "$mixed_reads" "$health") | $((e1 + e2 + e3 + e4 + e5)) |"
done
echo
echo "| ratio to one instance | GET /health | reads | status writes | mixed reads |"
echo "|---|---|---|---|---|"
for n in 2 3; do
  eval "echo \"| $n instances | \$(ratio \$h$n \$h1) | \$(ratio \$r$n \$r1) | \$(ratio \$w$n \$w1) | \$(ratio \$m$n \$m1) |\""
done

echo
echo "## Failure under load (8 clients through nginx: 4 reading, 4 writing status)"
echo
echo "| what | answered | failed | writes |"
echo "|---|---|---|---|"
python3 scripts/cluster-probe.py kill
"$dir/start" "${ports[2]}"
python3 scripts/cluster-probe.py rolling
echo
echo "cluster measurement passed"
