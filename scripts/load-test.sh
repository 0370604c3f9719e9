#!/usr/bin/env bash
# Load benchmark for `wenshu serve` (issue 11). Not a test: it prints figures and a summary table,
# and exits non-zero only when the harness itself fails (not when a target is missed).
#
#   swift build -c release --product wenshu
#   scripts/load-test.sh [path/to/wenshu]          # default .build/release/wenshu
#
# What it does, on a free loopback port with a temporary data folder, token and SMTP spool:
#   1. starts the fault-injecting SMTP server (Tests/Servers/smtp_server.py, mode "ok", fault rate 0)
#      and `wenshu serve`, and waits for GET /health/ready;
#   2. renders: POST samples/epolicy.json to /v1/render/epolicy with wrk: 5 s warm-up, the maximum
#      throughput (best of -c 8/16/32, -t2, 20 s each), then p50/p99 at a paced constant rate of 50 %
#      and 90 % of that maximum and at 300 req/s (targets: >= 400 renders/s, p99 <= 25 ms at 300 req/s,
#      no errors);
#   3. RSS: renders on until at least 100,000 render requests in all, printing the server's RSS after
#      each run (target <= 300 MB after 100k);
#   4. documents: POST /v1/documents with one email each and a fresh idempotency key per request for
#      20 s, waits until the outbox is idle, and checks that the spool holds one .eml per 201;
#   5. prints the summary table and the server log's errors; a trap stops both servers and removes the
#      temporary folder on any exit.
#
# wrk and the server share the machine's cores: on a small machine wrk's own CPU lowers the maximum.
# The paced runs approximate wrk2 (not packaged for Debian) with a per-thread send schedule in
# scripts/load-test-post.lua; their latency is measured from the actual send.
#
# Knobs (environment): LOAD_THREADS (2), LOAD_CONNECTIONS ("8 16 32"), LOAD_DURATION (20 s),
# LOAD_WARMUP (5 s), LOAD_PACED_CONNECTIONS (16), LOAD_FIXED_RATE (300), LOAD_TOTAL (100000),
# LOAD_RSS_EVERY (20000), LOAD_DOC_CONNECTIONS (8), LOAD_DRAIN_TIMEOUT (900 s), LOAD_LOG_LEVEL (info),
# LOAD_KEEP=1 keeps the temporary folder (server log, spool, data). WENSHU_RENDER_THREADS and
# WENSHU_RENDER_QUEUE are passed through to the server; every other WENSHU_* variable is cleared.
# Needs: wrk, curl, python3 with aiosmtpd.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-.build/release/wenshu}
if [[ $BIN != /* ]]; then
    if [[ -x $BIN ]]; then BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
    else BIN=$ROOT/$BIN; fi
fi
LUA=$ROOT/scripts/load-test-post.lua
SAMPLE=$ROOT/samples/epolicy.json

THREADS=${LOAD_THREADS:-2}
CONNECTIONS=${LOAD_CONNECTIONS:-"8 16 32"}
DURATION=${LOAD_DURATION:-20}
WARMUP=${LOAD_WARMUP:-5}
PACED_CONNECTIONS=${LOAD_PACED_CONNECTIONS:-16}
FIXED_RATE=${LOAD_FIXED_RATE:-300}
TOTAL=${LOAD_TOTAL:-100000}
RSS_EVERY=${LOAD_RSS_EVERY:-20000}
DOC_CONNECTIONS=${LOAD_DOC_CONNECTIONS:-8}
DRAIN_TIMEOUT=${LOAD_DRAIN_TIMEOUT:-900}
LOG_LEVEL=${LOAD_LOG_LEVEL:-info}

die() { echo "load-test: $*" >&2; exit 1; }
[[ -x $BIN ]] || die "no executable at $BIN (swift build -c release --product wenshu)"
for tool in wrk curl python3; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
python3 -c 'import aiosmtpd' 2>/dev/null || die "python3 has no aiosmtpd (apt-get install python3-aiosmtpd)"
[[ -f $SAMPLE && -f $LUA ]] || die "missing $SAMPLE or $LUA"
cd "$ROOT" # fonts and templates are found beside the working directory

# Only the variables this run sets reach the server and the outbox CLI.
for name in $(compgen -e | grep '^WENSHU_' || true); do
    case $name in WENSHU_RENDER_THREADS|WENSHU_RENDER_QUEUE) ;; *) unset "$name" ;; esac
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wenshu-load.XXXXXX")
DATA=$WORK/data
SPOOL=$WORK/spool
SERVER_LOG=$WORK/server.log
SMTP_LOG=$WORK/smtp.log
mkdir -p "$DATA" "$SPOOL"
SERVER_PID=""
SMTP_PID=""

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    { exec 9>&-; } 2>/dev/null || true # the SMTP server's stdin: EOF makes it exit (--exit-on-stdin-eof)
    if [[ -n $SMTP_PID ]]; then
        for _ in $(seq 1 50); do kill -0 "$SMTP_PID" 2>/dev/null || break; sleep 0.1; done
        kill -TERM "$SMTP_PID" 2>/dev/null || true
        wait "$SMTP_PID" 2>/dev/null || true
    fi
    if [[ ${LOAD_KEEP:-0} == 1 ]]; then
        echo "load-test: kept $WORK (server.log, smtp.log, data/, spool/)"
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- ports, token, servers
read -r PORT SMTP_BASE < <(python3 - <<'EOF'
import random, socket
def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port)); return True
        except OSError:
            return False
with socket.socket() as s:
    s.bind(("127.0.0.1", 0)); server = s.getsockname()[1]
for _ in range(1000):
    base = random.randrange(20000, 60000)
    ports = range(base, base + 10)
    if server not in ports and all(free(p) for p in ports):
        print(server, base); break
else:
    raise SystemExit("no 10 consecutive free ports")
EOF
) || die "cannot find free ports"
TOKEN=load-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
RUN_ID=$(date +%s)-$$
BASE_URL=http://127.0.0.1:$PORT

mkfifo "$WORK/smtp.stdin"
exec 9<>"$WORK/smtp.stdin" # held open by this shell only (children get 9>&-)
python3 "$ROOT/Tests/Servers/smtp_server.py" --host 127.0.0.1 --base-port "$SMTP_BASE" --spool "$SPOOL" \
    --fault-rate 0 --exit-on-stdin-eof <"$WORK/smtp.stdin" >"$SMTP_LOG" 2>&1 9>&- &
SMTP_PID=$!
for _ in $(seq 1 100); do
    grep -q '^ready' "$SMTP_LOG" 2>/dev/null && break
    kill -0 "$SMTP_PID" 2>/dev/null || { cat "$SMTP_LOG" >&2; die "the SMTP server exited"; }
    sleep 0.1
done
grep -q '^ready' "$SMTP_LOG" || die "the SMTP server is not ready after 10 s"

export WENSHU_API_TOKENS="load:$TOKEN:*"
export WENSHU_SMTP_URL="smtp://127.0.0.1:$SMTP_BASE"
export WENSHU_MAIL_FROM='Wenshu <policy@insurer.example>'
"$BIN" serve --host 127.0.0.1 --port "$PORT" --data-dir "$DATA" --log-level "$LOG_LEVEL" \
    >"$SERVER_LOG" 2>&1 9>&- &
SERVER_PID=$!
ready=0
for _ in $(seq 1 600); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$SERVER_LOG" >&2; die "wenshu serve exited"; }
    if curl -fsS --max-time 5 -o /dev/null "$BASE_URL/health/ready" 2>/dev/null; then ready=1; break; fi
    sleep 0.2
done
[[ $ready == 1 ]] || { tail -20 "$SERVER_LOG" >&2; die "wenshu serve is not ready after 120 s"; }

rss_mb() { awk '{ printf "%.1f", $1 / 1024 }' <<<"$(ps -o rss= -p "$SERVER_PID")"; }
rss_kb() { ps -o rss= -p "$SERVER_PID" | tr -d ' '; }

# One render by hand, so that a wrong token or body fails here and not as 20 s of errors.
status=$(curl -sS --max-time 60 -o "$WORK/sanity.pdf" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' --data-binary @"$SAMPLE" "$BASE_URL/v1/render/epolicy")
[[ $status == 200 && $(head -c 5 "$WORK/sanity.pdf") == %PDF- ]] ||
    { head -c 500 "$WORK/sanity.pdf" >&2; echo >&2; die "a render answered HTTP $status, not a PDF"; }

echo "wenshu load test: $BIN"
echo "  server $BASE_URL (pid $SERVER_PID), SMTP 127.0.0.1:$SMTP_BASE, data $DATA"
echo "  $(nproc) cores shared by wrk and the server; WENSHU_RENDER_THREADS=${WENSHU_RENDER_THREADS:-default}," \
     "log level $LOG_LEVEL; wrk $(wrk -v 2>&1 | head -1 | awk '{ print $2 }')"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "  load average before: $LOAD_BEFORE (other work on these cores skews every figure)"
RSS_START_KB=$(rss_kb)
echo "  RSS after start: $(rss_mb) MB"
echo

# ---------------------------------------------------------------- wrk runs
# run_wrk LABEL THREADS CONNECTIONS SECONDS MODE PATH RATE_PER_THREAD: runs wrk, keeps its output in
# $WORK/LABEL.txt and sets R_REQUESTS R_RPS R_P50 R_P99 R_NON2XX R_SOCKET R_ERRORS R_LINE.
RENDER_REQUESTS=0
run_wrk() {
    local label=$1 threads=$2 connections=$3 seconds=$4 mode=$5 path=$6 rate=$7
    local out=$WORK/$label.txt
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$LUA" "$BASE_URL$path" \
        -- "$mode" "$TOKEN" "$SAMPLE" "$rate" "$RUN_ID-$label" >"$out" 2>"$out.err" ||
        { cat "$out" "$out.err" >&2; die "wrk failed ($label)"; }
    R_REQUESTS=$(awk '/ requests in / { print $1; exit }' "$out")
    R_RPS=$(awk '/^Requests\/sec:/ { printf "%.1f", $2; exit }' "$out")
    R_NON2XX=$(awk '/Non-2xx or 3xx responses:/ { print $NF; exit }' "$out")
    R_NON2XX=${R_NON2XX:-0}
    R_SOCKET=$(awk -F'[ ,]+' '/Socket errors:/ { print $5 + $7 + $9 + $11; exit }' "$out")
    R_SOCKET=${R_SOCKET:-0}
    R_ERRORS=$((R_NON2XX + R_SOCKET))
    # wrk prints latencies as 850.00us, 3.21ms, 1.02s or 1.50m
    percentile() {
        awk -v p="$1" '
            $1 == p {
                v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v)
                f = (unit == "us") ? 0.001 : (unit == "ms") ? 1 : (unit == "s") ? 1000 : (unit == "m") ? 60000 : 1
                printf "%.2f", v * f; exit
            }' "$out"
    }
    R_P50=$(percentile 50%)
    R_P99=$(percentile 99%)
    R_REQUESTS=${R_REQUESTS:-0}
    if [[ $mode == render ]]; then RENDER_REQUESTS=$((RENDER_REQUESTS + R_REQUESTS)); fi
    R_LINE=$(printf '%-26s %9s %10s %10s %10s %8s' "$label (t$threads c$connections ${seconds}s)" \
        "$R_REQUESTS" "$R_RPS" "${R_P50:-?}" "${R_P99:-?}" "$R_ERRORS")
    if [[ -s $out.err ]]; then sed 's/^/    wrk: /' "$out.err" | head -5; fi
}
HEADER=$(printf '%-26s %9s %10s %10s %10s %8s' "run" "requests" "req/s" "p50 ms" "p99 ms" "errors")
TABLE=()
SOCKET_DETAIL=()
note_errors() {
    if ((R_ERRORS > 0)); then
        SOCKET_DETAIL+=("$1: non-2xx $R_NON2XX; $(grep -h 'Socket errors' "$WORK/$1.txt" | sed 's/^ *//' || echo 'no socket errors')")
    fi
}

# ---------------------------------------------------------------- 2. renders
echo "== renders: POST /v1/render/epolicy (samples/epolicy.json)"
echo "   $HEADER"
run_wrk warmup "$THREADS" 16 "$WARMUP" render /v1/render/epolicy 0
echo "   $R_LINE   (warm-up)"
BEST_RPS=0
BEST_C=16
for c in $CONNECTIONS; do
    run_wrk "max-c$c" "$THREADS" "$c" "$DURATION" render /v1/render/epolicy 0
    echo "   $R_LINE"
    TABLE+=("$R_LINE"); note_errors "max-c$c"
    if awk -v a="$R_RPS" -v b="$BEST_RPS" 'BEGIN { exit !(a > b) }'; then BEST_RPS=$R_RPS; BEST_C=$c; fi
done
echo "   maximum: $BEST_RPS req/s with $BEST_C connections"

PACED_SUMMARY=()
for target in $(awk -v m="$BEST_RPS" 'BEGIN { printf "%d %d", m * 0.5, m * 0.9 }') "$FIXED_RATE"; do
    ((target > 0)) || continue
    per_thread=$(awk -v r="$target" -v t="$THREADS" 'BEGIN { printf "%.3f", r / t }')
    run_wrk "paced-$target" "$THREADS" "$PACED_CONNECTIONS" "$DURATION" render /v1/render/epolicy "$per_thread"
    echo "   $R_LINE   (target $target req/s)"
    TABLE+=("$R_LINE"); note_errors "paced-$target"
    PACED_SUMMARY+=("$target:$R_RPS:$R_P50:$R_P99:$R_ERRORS")
done
echo

# ---------------------------------------------------------------- 4. RSS over >= TOTAL renders
echo "== RSS: renders until $TOTAL render requests in all (t$THREADS c$BEST_C)"
echo "   RSS at start $(awk -v k="$RSS_START_KB" 'BEGIN { printf "%.1f", k / 1024 }') MB;" \
     "after $RENDER_REQUESTS requests so far: $(rss_mb) MB"
chunk=$(awk -v m="$BEST_RPS" -v n="$RSS_EVERY" 'BEGIN { s = int(n / (m > 1 ? m : 1)) + 1; if (s < 5) s = 5; if (s > 300) s = 300; print s }')
RSS_ERRORS=0
RSS_RUN=0
RSS_LINES=()
while ((RENDER_REQUESTS < TOTAL)); do
    RSS_RUN=$((RSS_RUN + 1))
    run_wrk "rss-$RSS_RUN" "$THREADS" "$BEST_C" "$chunk" render /v1/render/epolicy 0
    RSS_ERRORS=$((RSS_ERRORS + R_ERRORS)); note_errors "rss-$RSS_RUN"
    line=$(printf '   %7d render requests: RSS %7s MB  (this run %s req/s, p99 %s ms, %s errors)' \
        "$RENDER_REQUESTS" "$(rss_mb)" "$R_RPS" "$R_P99" "$R_ERRORS")
    echo "$line"; RSS_LINES+=("$line")
done
RSS_END_KB=$(rss_kb)
RSS_RENDER_REQUESTS=$RENDER_REQUESTS
echo

# ---------------------------------------------------------------- 3. documents with one email each
echo "== documents: POST /v1/documents, one email each, unique idempotency keys, ${DURATION}s (t$THREADS c$DOC_CONNECTIONS)"
count_eml() { find "$SPOOL/ok" -name '*.eml' 2>/dev/null | wc -l; }
# Outbox jobs by state from the gauge wenshu_outbox_jobs{state="…"} (read at scrape time), as
# "queued=N sending=N retrying=N sent=N dead=N"; the `wenshu outbox status --json` CLI gives the same
# figures and is called once at the end as a cross-check.
outbox_metrics() {
    curl -fsS --max-time 10 "$BASE_URL/metrics" | awk '
        /^wenshu_outbox_jobs[{]/ && match($0, /state="[a-z]+"/) {
            n[substr($0, RSTART + 7, RLENGTH - 8)] = $NF + 0
        }
        END { printf "queued=%d sending=%d retrying=%d sent=%d dead=%d", n["queued"], n["sending"], n["retrying"], n["sent"], n["dead"] }'
}
metric() { sed -n "s/.*\b$2=\([0-9]*\).*/\1/p" <<<"$1"; }
outbox_cli() {
    local out
    for _ in 1 2 3; do
        out=$("$BIN" outbox status --json --data-dir "$DATA" 2>/dev/null) && [[ -n $out ]] && { echo "$out"; return 0; }
        CLI_FAILURES=$((CLI_FAILURES + 1))
    done
    echo "(failed)"
}
CLI_FAILURES=0
EML_BEFORE=$(count_eml)
OUTBOX_BEFORE=$(outbox_metrics) || OUTBOX_BEFORE=""
run_wrk documents "$THREADS" "$DOC_CONNECTIONS" "$DURATION" documents /v1/documents 0
DOC_LINE=$R_LINE; note_errors documents
DOC_ERRORS=$R_ERRORS
CREATED=$(sed -n 's/^LOADTEST created=\([0-9]*\).*/\1/p' "$WORK/documents.txt")
REPLAYED=$(sed -n 's/^LOADTEST .*replayed=\([0-9]*\).*/\1/p' "$WORK/documents.txt")
OTHER=$(sed -n 's/^LOADTEST .*other=\([0-9]*\).*/\1/p' "$WORK/documents.txt")
CREATED=${CREATED:-0}; REPLAYED=${REPLAYED:-0}; OTHER=${OTHER:-0}
DOC_SECONDS=$(awk '/ requests in / { sub(/s,?$/, "", $4); print $4; exit }' "$WORK/documents.txt")
DOC_RATE=$(awk -v n="$CREATED" -v s="${DOC_SECONDS:-$DURATION}" 'BEGIN { printf "%.1f", n / s }')
echo "   $HEADER"
echo "   $DOC_LINE"
echo "   201 created $CREATED, 200 replayed $REPLAYED, other $OTHER: $DOC_RATE documents/s"

echo "   waiting for the outbox to be idle (queued + retrying + sending == 0)..."
drain_start=$(date +%s)
last_print=0
IDLE=0
while :; do
    now=$(date +%s)
    if counts=$(outbox_metrics); then
        busy=$(($(metric "$counts" queued) + $(metric "$counts" retrying) + $(metric "$counts" sending)))
        if ((busy == 0)); then IDLE=1; break; fi
        if ((now - last_print >= 10)); then
            echo "   $((now - drain_start)) s: $counts, $(count_eml) .eml in the spool"
            last_print=$now
        fi
    elif ((now - last_print >= 10)); then
        echo "   $((now - drain_start)) s: GET /metrics failed or took over 10 s, $(count_eml) .eml in the spool"
        last_print=$now
    fi
    ((now - drain_start < DRAIN_TIMEOUT)) || break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "   the server exited while draining"; break; }
    sleep 1
done
DRAIN_SECONDS=$(($(date +%s) - drain_start))
if ((IDLE == 0)); then
    echo "   the outbox is NOT idle after $DRAIN_SECONDS s; the server log ends:"
    tail -10 "$SERVER_LOG" | sed 's/^/   | /'
fi
OUTBOX_AFTER=$(outbox_metrics) || OUTBOX_AFTER=""
sleep 1 # the spool file is renamed into place before the SMTP reply; this is only a margin
EML_AFTER=$(count_eml)
EML_NEW=$((EML_AFTER - EML_BEFORE))
SENT_NEW=$(($(metric "$OUTBOX_AFTER" sent) - $(metric "$OUTBOX_BEFORE" sent)))
DEAD_NEW=$(($(metric "$OUTBOX_AFTER" dead) - $(metric "$OUTBOX_BEFORE" dead)))
jobs_total() { echo $(($(metric "$1" queued) + $(metric "$1" sending) + $(metric "$1" retrying) + $(metric "$1" sent) + $(metric "$1" dead))); }
JOBS_NEW=$(($(jobs_total "$OUTBOX_AFTER") - $(jobs_total "$OUTBOX_BEFORE")))
# wrk counts only the answers that arrive within its duration; the server finishes the ones in flight.
SERVER_CREATED=$(grep -E 'route=/v1/documents ' "$SERVER_LOG" | grep -c 'status=201' || true)
case $LOG_LEVEL in trace|debug|info) ;; *) SERVER_CREATED=$JOBS_NEW ;; esac # no request lines logged
OUTBOX_CLI=$(outbox_cli)
echo "   outbox idle after ${DRAIN_SECONDS} s: /metrics $OUTBOX_AFTER"
echo "   wenshu outbox status --json: $OUTBOX_CLI (crashed and retried $CLI_FAILURES times)"
echo "   documents created: $CREATED 201s seen by wrk, $SERVER_CREATED logged by the server (incl. those in flight when wrk stopped); email jobs +$JOBS_NEW"
echo "   .eml in spool/ok: $EML_BEFORE before, $EML_AFTER after: $EML_NEW new"
RSS_FINAL_KB=$(rss_kb)
echo

# ---------------------------------------------------------------- server log
LOG_LINES=$(wc -l <"$SERVER_LOG")
LOG_ERRORS=$(grep -cE '^[^ ]+ (error|critical) ' "$SERVER_LOG" || true)
LOG_WARNINGS=$(grep -cE '^[^ ]+ warning ' "$SERVER_LOG" || true)
LOG_5XX=$(grep -cE 'status=5[0-9][0-9]' "$SERVER_LOG" || true)
LOG_STATUSES=$(grep -oE 'status=[0-9]{3}' "$SERVER_LOG" | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }' || true)

# ---------------------------------------------------------------- summary
pass() { if eval "$1"; then echo "ok"; else echo "MISSED"; fi; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
echo "================================ summary ================================"
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), wrk and server on the same cores"
echo "load average: $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo
echo "renders (POST /v1/render/epolicy):"
echo "  $HEADER"
for line in "${TABLE[@]}"; do echo "  $line"; done
echo
echo "RSS (render requests):"
for line in "${RSS_LINES[@]}"; do echo "$line"; done
echo
echo "documents (POST /v1/documents + 1 email):"
echo "  $HEADER"
echo "  $DOC_LINE"
echo "  created $CREATED ($DOC_RATE documents/s), replayed $REPLAYED, other $OTHER;" \
     "server-side 201s $SERVER_CREATED, email jobs +$JOBS_NEW;" \
     "outbox idle after $DRAIN_SECONDS s: sent +$SENT_NEW, dead +$DEAD_NEW; .eml +$EML_NEW"
echo
echo "server log: $LOG_LINES lines, $LOG_ERRORS error/critical, $LOG_WARNINGS warning, $LOG_5XX with a 5xx status"
echo "  statuses: ${LOG_STATUSES:-none}"
if ((LOG_ERRORS + LOG_5XX > 0)); then
    grep -E '^[^ ]+ (error|critical) |status=5[0-9][0-9]' "$SERVER_LOG" | head -10 | sed 's/^/  | /'
fi
for line in "${SOCKET_DETAIL[@]}"; do echo "  wrk errors, $line"; done
echo
p300=""
for entry in "${PACED_SUMMARY[@]}"; do
    IFS=: read -r target rps p50 p99 errors <<<"$entry"
    if [[ $target == "$FIXED_RATE" ]]; then p300=$p99; fi
done
ALL_RENDER_ERRORS=0
for line in "${TABLE[@]}"; do ALL_RENDER_ERRORS=$((ALL_RENDER_ERRORS + $(awk '{ print $NF }' <<<"$line"))); done
ALL_RENDER_ERRORS=$((ALL_RENDER_ERRORS + RSS_ERRORS))
printf '%-44s %-28s %s\n' "target" "measured" "result"
printf '%-44s %-28s %s\n' ">= 400 renders/s" "$BEST_RPS req/s (c$BEST_C)" \
    "$(pass "awk -v a=$BEST_RPS 'BEGIN { exit !(a >= 400) }'")"
printf '%-44s %-28s %s\n' "p99 <= 25 ms at $FIXED_RATE req/s" "${p300:-not run} ms" \
    "$(pass "[[ -n '$p300' ]] && awk -v a='$p300' 'BEGIN { exit !(a <= 25) }'")"
printf '%-44s %-28s %s\n' "no render errors (non-2xx, socket)" "$ALL_RENDER_ERRORS" "$(pass "((ALL_RENDER_ERRORS == 0))")"
printf '%-44s %-28s %s\n' "RSS <= 300 MB after >= $TOTAL renders" \
    "$(mb "$RSS_START_KB") -> $(mb "$RSS_END_KB") MB ($RSS_RENDER_REQUESTS)" "$(pass "((RSS_END_KB <= 300 * 1024))")"
printf '%-44s %-28s %s\n' "documents: no errors" "$DOC_ERRORS" "$(pass "((DOC_ERRORS == 0 && OTHER == 0))")"
printf '%-44s %-28s %s\n' "one .eml per document created (server 201s)" "$EML_NEW / $SERVER_CREATED (wrk saw $CREATED)" \
    "$(pass "((IDLE == 1 && EML_NEW == SERVER_CREATED && EML_NEW == JOBS_NEW && SENT_NEW == JOBS_NEW && DEAD_NEW == 0 && CREATED <= SERVER_CREATED))")"
printf '%-44s %-28s %s\n' "server log: no error lines, no 5xx" "$LOG_ERRORS errors, $LOG_5XX 5xx" \
    "$(pass "((LOG_ERRORS == 0 && LOG_5XX == 0))")"
echo "RSS at the end (after the documents): $(mb "$RSS_FINAL_KB") MB"
