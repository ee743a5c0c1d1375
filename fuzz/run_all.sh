#!/usr/bin/env bash
# Runs every fuzz target in turn (never two at once), each for SECONDS
# (default 600), at low priority, continuing past crashes so that each target
# gets its whole time. Logs go to fuzz/logs/TARGET.log, crashes to
# fuzz/artifacts/TARGET/.
#
#   bash fuzz/run_all.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(annotation_reader plain_source markdown_source html_source normalize_offsets matcher facts writer)
fi
export RUSTC_BOOTSTRAP=1
python3 seed_corpus.py
cargo fuzz build --sanitizer none
mkdir -p logs
for target in "${targets[@]}"; do
  echo "== $target: ${seconds}s from $(date -u +%FT%TZ)"
  nice -n 10 cargo fuzz run --sanitizer none "$target" -- \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -print_final_stats=1 >"logs/$target.log" 2>&1 || true
  grep -E '^#[0-9]+: cov|^INFO: exiting|^Done|stat::' "logs/$target.log" | tail -4
done
