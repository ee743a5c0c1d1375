#!/usr/bin/env bash
# Where does a claimcheck run spend its time? Used to diagnose the targets
# that benches/run.py reports as MISS (see BENCHMARKS.md).
#
#   python3 benches/run.py --keep ...          # keeps the generated cases
#   bash benches/profile.sh target/release/claimcheck check FILE --source REVISED --format json
#
# Samples the run with perf (DWARF call graphs; this VM has no hardware
# counters, so the event is cpu-clock) and prints the claimcheck functions
# with their inclusive share of the samples, then the hottest functions by
# self time. Without perf, falls back to valgrind's callgrind and prints
# inclusive instruction counts instead.
set -euo pipefail

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

if command -v perf >/dev/null && perf record -o "$out/probe" true >/dev/null 2>&1; then
    perf record --call-graph dwarf,32768 -F 999 -o "$out/perf.data" -- "$@" >/dev/null 2>&1 || true
    echo "== inclusive (children) share of samples, claimcheck functions"
    perf report -i "$out/perf.data" --children --stdio -g none --percent-limit 3 2>/dev/null \
        | grep -E '^ +[0-9]' | grep -v '(inlined)' \
        | awk '$6 ~ /^(claimcheck|similar|serde_json|memchr)::/ { print $1, $6 }' | head -25
    echo "== self time, hottest functions"
    perf report -i "$out/perf.data" --no-children --stdio -g none --percent-limit 1.5 2>/dev/null \
        | grep -E '^ +[0-9]' | awk '{ print $1, $5, $6 }' | head -15
else
    valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" -- "$@" >/dev/null 2>&1 || true
    echo "== inclusive instruction counts (callgrind)"
    callgrind_annotate --inclusive=yes "$out/callgrind.out" 2>/dev/null \
        | grep -E 'claimcheck::|similar::' | head -25
fi
