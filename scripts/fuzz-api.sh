#!/usr/bin/env bash
# Property-based API fuzzing: starts the service on a free port with a fresh
# SQLite database and the demo seed, and runs schemathesis with every check
# against its own /api/openapi.json (settings in schemathesis.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATABASE_URL="sqlite://$dir/fuzz.db" PORT=$port RUST_LOG=warn ./target/debug/portefolje &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs "$base/health" >/dev/null && break; sleep 0.1; done
token=$(scripts/token.sh "$base" kent.bruun@albertslund.dk)
schemathesis run "$base/api/openapi.json" --url "$base" --checks all --max-examples "${MAX_EXAMPLES:-100}" \
  -H "Authorization: Bearer $token" --no-color
