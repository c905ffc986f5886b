#!/usr/bin/env bash
# Prints a new API token for a demo account of a running service:
#   scripts/token.sh http://127.0.0.1:8080 kent.bruun@albertslund.dk
set -euo pipefail
base=$1 email=$2 password=${3:-Demo-Portefolje-2022}
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
csrf=$(curl -fsS -c "$jar" "$base/log-ind" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n1)
curl -fsS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "email=$email" --data-urlencode "password=$password" --data-urlencode "csrf=$csrf" "$base/log-ind"
# Signed in, the form token is the session's: read it from a page (the
# sign-in page is the cheapest one that carries it).
csrf=$(curl -fsS -b "$jar" "$base/log-ind" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n1)
curl -fsS -b "$jar" --data-urlencode "csrf=$csrf" --data-urlencode "name=script" "$base/api-noegler" | sed -n 's/.*value="\(pf_[0-9a-f]*\)".*/\1/p' | head -n1
