#!/usr/bin/env bash
# Fuzzes the running service against its own OpenAPI document with schemathesis: no 5xx, and every
# response matches the schema (status, content type, body). Starts `wenshu serve` on a free loopback
# port with a temporary data folder and a test token, and stops it afterwards.
# Usage: scripts/schemathesis.sh [path/to/wenshu] [max examples per operation]
set -euo pipefail
cd "$(dirname "$0")/.."
wenshu="${1:-.build/debug/wenshu}"
examples="${2:-25}"
data="$(mktemp -d /tmp/wenshu-fuzz.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
token="fuzz-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
WENSHU_API_TOKENS="fuzz:${token}:*" WENSHU_RETRY_BASE_MS=50 "$wenshu" serve --host 127.0.0.1 --port "$port" --data-dir "$data" \
  >"$data/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$data/server.log"; echo "wenshu serve exited"; exit 1; }
  sleep 0.2
done
status=0
schemathesis --no-color run "http://127.0.0.1:$port/openapi.yaml" \
  --header "Authorization: Bearer ${token}" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$examples" --phases examples,coverage,fuzzing --workers 1 --seed 1 --request-timeout 30 || status=$?
if [ "$status" -ne 0 ]; then echo "--- server log (tail)"; tail -50 "$data/server.log"; fi
kill -0 "$server" 2>/dev/null || { echo "wenshu serve died during the fuzzing"; tail -50 "$data/server.log"; exit 1; }
exit "$status"
