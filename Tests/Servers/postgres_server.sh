#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: initdb in a temp folder as the postgres user, listen on a
# loopback port only, print "ready <url>", and stop + delete everything when standard input closes
# (the test process that started it has ended: its end of the pipe closes even before it is reaped,
# where polling its pid would see a zombie and wait forever). Usage: postgres_server.sh PORT
set -euo pipefail
port="$1"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bindir/initdb" ] || { echo "error: PostgreSQL server not installed (apt-get install postgresql)" >&2; exit 1; }
dir="$(mktemp -d /tmp/wenshu-pg.XXXXXX)"
chown postgres "$dir" 2>/dev/null || true
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_pg "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
as_pg "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres wenshu
echo "ready postgres://postgres@127.0.0.1:$port/wenshu"
# From here on hold none of the caller's output pipes (a test runner waits for them to close).
exec >/dev/null 2>&1
while read -r _; do :; done
