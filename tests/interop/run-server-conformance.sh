#!/usr/bin/env bash
# run-server-conformance.sh HOST_BINARY FIXTURE_BINARY SCENARIO...
# Runs server scenarios of the official MCP conformance suite against Lifeline's own MCP endpoint,
# served by the test host (tests/integration/mcpendpointhost.cpp) on a free loopback port; then
# every tool through the official SDK (its outputSchema checks) against a host with a real engine.
# Exit 77 (skipped) when the suite is not installed, unless LIFELINE_REQUIRE_NPM=1.
set -euo pipefail
host=$1
fixture=$2
shift 2
src=$(cd "$(dirname "$0")" && pwd)
cache=${LIFELINE_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-lifeline-tests}
dir=$cache/conformance
if [[ ! -d $dir/node_modules/@modelcontextprotocol/conformance ]]; then
  echo "conformance suite not installed in $dir (run: packaging/dev.sh test)" >&2
  [[ ${LIFELINE_REQUIRE_NPM:-0} == 1 ]] && exit 1
  exit 77
fi

coproc HOST { exec "$host" --port 0; }
pid=$HOST_PID
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
if ! read -r -t 15 line <&"${HOST[0]}" || [[ $line != LISTENING* ]]; then
  echo "the endpoint host did not start (${line:-no output})" >&2
  exit 1
fi
url="http://127.0.0.1:${line#LISTENING }/mcp"

cd "$dir"
out=$(mktemp)
trap 'rm -f "$out"; kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
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

# The same SDK the suite uses, calling every tool and action (two fixture servers, group "main").
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
coproc HOST2 { exec "$host" --port 0 --token sdk-check --fixture "$fixture"; }
pid=$HOST2_PID
if ! read -r -t 15 line <&"${HOST2[0]}" || [[ $line != LISTENING* ]]; then
  echo "the endpoint host (engine) did not start (${line:-no output})" >&2
  exit 1
fi
if node "$src/sdk-call-tools.mjs" "http://127.0.0.1:${line#LISTENING }/mcp" sdk-check >"$out" 2>&1; then
  echo "PASS sdk tools: $(grep -c '^OK' "$out") calls"
else
  echo "FAIL sdk tools:"
  cat "$out"
  failed=1
fi
exit $failed
