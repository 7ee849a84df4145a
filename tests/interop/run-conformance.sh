#!/usr/bin/env bash
# run-conformance.sh SCENARIO MCP_LIFELINE_BINARY
# Runs one client scenario of the official MCP conformance suite against `mcp-lifeline check`.
set -euo pipefail
scenario=$1
bin=$2
cache=${LIFELINE_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-lifeline-tests}
dir=$cache/conformance
if [[ ! -d $dir/node_modules/@modelcontextprotocol/conformance ]]; then
  echo "conformance suite not installed in $dir (run: packaging/dev.sh test)" >&2
  exit 1
fi
case $scenario in
  tools_call) extra="--call add_numbers --args '{\"a\":5,\"b\":3}'" ;;
  sse-retry) extra="--call test_reconnection" ;;
  *) extra="" ;;
esac
cd "$dir"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# The runner splits the command on spaces and runs it through a shell.
if ! npx --no-install @modelcontextprotocol/conformance client \
      --command "$bin check --json --timeout 10s $extra" --scenario "$scenario" >"$out" 2>&1; then
  cat "$out"
  exit 1
fi
grep -E "Passed:|OVERALL" "$out"
grep -q "OVERALL: PASSED" "$out"
