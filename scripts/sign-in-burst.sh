#!/usr/bin/env bash
# A burst of 60 sign-ins at once on the demo portfolio (SQLite, release):
# peak memory, and API reads during the burst as a ratio to the same reads
# just before it. Argon2 takes 19 MiB per password; this shows what a
# Monday-morning burst costs the other users.
#   scripts/sign-in-burst.sh [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then cargo build --release --quiet --bin portefolje; bin=target/release/portefolje; fi
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATABASE_URL="sqlite://$dir/demo.db" PORT=$port RUST_LOG=error TRUSTED_PROXY=127.0.0.1 "$bin" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
until curl -fs "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.05; done
token=$(scripts/token.sh "http://127.0.0.1:$port" kent.bruun@albertslund.dk)
python3 scripts/sign-in-burst.py "$port" "$pid" "$token"
