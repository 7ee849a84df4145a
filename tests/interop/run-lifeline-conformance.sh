#!/usr/bin/env bash
# run-lifeline-conformance.sh LIFELINE_BINARY FIXTURE_BINARY SCENARIO...
# The real thing: `mcp-lifeline --headless` on a free loopback port, watching one fixture server;
# the official conformance suite's server scenarios against its /mcp, then Lifeline checking
# itself with `mcp-lifeline check http://127.0.0.1:PORT/mcp`.
# Exit 77 (skipped) when the suite is not installed, unless LIFELINE_REQUIRE_NPM=1.
set -euo pipefail
lifeline=$1
fixture=$2
shift 2
source "$(dirname "${BASH_SOURCE[0]}")/headless-lifeline.sh"
dir=$cache/conformance
if [[ ! -d $dir/node_modules/@modelcontextprotocol/conformance ]]; then
  echo "conformance suite not installed in $dir (run: packaging/dev.sh test)" >&2
  [[ ${LIFELINE_REQUIRE_NPM:-0} == 1 ]] && exit 1
  exit 77
fi

lifeline_workdir
cat >"$work/servers.json" <<JSON
{"mcpServers": {"fixture": {"command": "$fixture"}},
 "lifeline": {"defaults": {"interval": "1s"}}}
JSON

start_headless_lifeline "$lifeline" 15
url="http://$listen/mcp"
echo "Lifeline listens on $listen"

cd "$dir"
out=$work/out
failed=0
for scenario in "$@"; do
  if npx --no-install @modelcontextprotocol/conformance server --url "$url" --scenario "$scenario" >"$out" 2>&1 \
      && grep -qE "Passed: ([0-9]+)/\1, 0 failed" "$out" && ! grep -qE "FAILURE" "$out"; then
    echo "PASS $scenario: $(grep -E 'Passed:|passed' "$out" | head -1)"
  else
    echo "FAIL $scenario:"
    cat "$out"
    failed=1
  fi
done

# Lifeline monitors itself: its own client against its own endpoint, a tool call included.
if "$lifeline" check --json --depth comprehensive --call integration_monitor --args '{"action":"health_check"}' "$url" >"$out" 2>&1; then
  echo "PASS self-check: $(tr -d '\n' <"$out" | head -c 200)"
else
  echo "FAIL self-check:"
  cat "$out"
  failed=1
fi
exit $failed
