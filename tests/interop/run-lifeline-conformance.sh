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
cache=${LIFELINE_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-lifeline-tests}
dir=$cache/conformance
if [[ ! -d $dir/node_modules/@modelcontextprotocol/conformance ]]; then
  echo "conformance suite not installed in $dir (run: packaging/dev.sh test)" >&2
  [[ ${LIFELINE_REQUIRE_NPM:-0} == 1 ]] && exit 1
  exit 77
fi

work=$(mktemp -d)
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# Nothing of the user's: config, token, history and log all in the temporary folder.
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state
cat >"$work/servers.json" <<JSON
{"mcpServers": {"fixture": {"command": "$fixture"}},
 "lifeline": {"defaults": {"interval": "1s"}}}
JSON

coproc LIFELINE { exec "$lifeline" --headless --config "$work/servers.json" --db "$work/history.sqlite" --listen 127.0.0.1:0; }
pid=$LIFELINE_PID
listen=
while read -r -t 15 line <&"${LIFELINE[0]}"; do
  if [[ $line == *'"status":"started"'* ]]; then
    listen=$(sed -E 's/.*"listen":"([^"]+)".*/\1/' <<<"$line")
    break
  fi
done
if [[ -z $listen || $listen == *'{'* ]]; then
  echo "mcp-lifeline --headless did not report its address (${line:-no output})" >&2
  exit 1
fi
# Keep reading its lines so that it never blocks on a full pipe.
cat <&"${LIFELINE[0]}" >"$work/events.log" &
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
