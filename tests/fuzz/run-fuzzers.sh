#!/usr/bin/env bash
# run-fuzzers.sh BUILD_DIR SECONDS: runs every fuzzer for SECONDS on a copy of its seed corpus.
# Exits non-zero on the first finding (libFuzzer leaves the crashing input in the work folder).
set -euo pipefail
build=$1
seconds=${2:-60}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for name in framing sse config httprequest; do
  bin=$(find "$build" -type f -name "fuzz_$name" -perm -u+x | head -n 1)
  [[ -n "$bin" ]] || { echo "fuzz_$name was not built" >&2; exit 1; }
  mkdir -p "$work/$name"
  cp -r "$here/corpus/$name/." "$work/$name/"
  echo "fuzz_$name: ${seconds}s"
  (cd "$work" && "$bin" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
      "$work/$name" 2>"$work/$name.log") || { tail -n 60 "$work/$name.log"; exit 1; }
  grep -E "stat::number_of_executed_units|Done" "$work/$name.log" | tail -n 2
done
