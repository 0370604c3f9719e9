#!/usr/bin/env bash
# Runs one libFuzzer harness (Fuzz/<NAME>/Harness.swift) for SECONDS:
#   scripts/fuzz.sh NAME SECONDS [libFuzzer flags...]
# NAME: FuzzTemplate, FuzzData, FuzzExpression, FuzzImage, FuzzCFF, FuzzSMTPReply, FuzzMIME.
# Builds with -sanitize=fuzzer,address into .build-fuzz (apart from the normal build), starts from the
# committed seeds in Fuzz/corpus/NAME plus what earlier runs found (.build-fuzz/corpus/NAME), and
# keeps any crashing input as .build-fuzz/artifacts/NAME-crash-*. Exits non-zero on a crash, a
# timeout (one input over 20 s) or an out-of-memory (over 2 GB).
# Swift is compiled with -O: unoptimised generic code (metadata look-ups, retain/release at every
# step) dominated the MIME harness (about 8 times faster with -O and its fixed recipient made once);
# the template harness gains about 10 %, its time being in Yams, Foundation's regular expressions and
# ASan's allocator. The first build after this flag rebuilds .build-fuzz (about 10 minutes a harness).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/fuzz.sh NAME SECONDS [libFuzzer flags...]}
seconds=${2:-60}
shift $(( $# >= 2 ? 2 : 1 ))
WENSHU_FUZZ=1 swift build -c debug --product "$name" --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -O 2>&1 | grep -v "ld.gold: warning: Cannot export local symbol" | tail -n 5
mkdir -p ".build-fuzz/corpus/$name" .build-fuzz/artifacts "Fuzz/corpus/$name"
# ASan's leak check at exit would report the process-wide caches (fonts, templates) as leaks.
ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
  ".build-fuzz/debug/$name" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
  -artifact_prefix=".build-fuzz/artifacts/$name-" "$@" ".build-fuzz/corpus/$name" "Fuzz/corpus/$name"
