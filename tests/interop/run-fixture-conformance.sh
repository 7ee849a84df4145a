#!/usr/bin/env bash
# run-fixture-conformance.sh direct FIXTURE_BINARY
# run-fixture-conformance.sh gateway FIXTURE_BINARY LIFELINE_BINARY
# Every server scenario of the official conformance suite (as `conformance list` names them) against
# the fixture in --conformance mode, which implements the suite's test tools, resources and prompts:
#   direct:  the fixture's own Streamable HTTP front (proves the fixture);
#   gateway: `mcp-lifeline --headless` with the fixture as a stdio server "conformance", the suite
#            against http://127.0.0.1:PORT/mcp/servers/conformance (proves the gateway).
# SCENARIOS="a b" runs only those. Exit 77 (skipped) when the suite is not installed, unless
# LIFELINE_REQUIRE_NPM=1.
set -euo pipefail
mode=$1
fixture=$(realpath "$2")
lifeline=${3:+$(realpath "$3")}
source "$(dirname "${BASH_SOURCE[0]}")/headless-lifeline.sh"
dir=$cache/conformance
if [[ ! -d $dir/node_modules/@modelcontextprotocol/conformance ]] || ! command -v node >/dev/null; then
  echo "conformance suite not installed in $cache (run: packaging/dev.sh test)" >&2
  [[ ${LIFELINE_REQUIRE_NPM:-0} == 1 ]] && exit 1
  exit 77
fi
case $mode in
  direct) ;;
  gateway) [[ -x $lifeline ]] || { echo "gateway mode wants the mcp-lifeline binary" >&2; exit 2; } ;;
  *) echo "usage: $0 direct FIXTURE | gateway FIXTURE LIFELINE" >&2; exit 2 ;;
esac

lifeline_workdir
cd "$dir"
if [[ -n ${SCENARIOS:-} ]]; then
  read -r -a scenarios <<<"$SCENARIOS"
else
  # The suite's own list, so a scenario added by a newer suite is run (and must pass) too.
  mapfile -t scenarios < <(npx --no-install @modelcontextprotocol/conformance list 2>/dev/null \
    | sed -n '/^Server scenarios/,/^$/p' | sed -n 's/^ *- *//p')
  if ((${#scenarios[@]} == 0)); then
    echo "conformance list named no server scenarios" >&2
    exit 1
  fi
fi

if [[ $mode == direct ]]; then
  coproc FIXTURE { exec "$fixture" --mode http --conformance --port 0 2>>"$work/fixture.log"; }
  pid=$FIXTURE_PID
  if ! read -r -t 15 line <&"${FIXTURE[0]}" || [[ $line != LISTENING* ]]; then
    echo "the fixture did not start (${line:-no output}):" >&2
    cat "$work/fixture.log" >&2
    exit 1
  fi
  url="http://127.0.0.1:${line#LISTENING }/mcp"
else
  cat >"$work/servers.json" <<JSON
{"mcpServers": {"conformance": {"command": "$fixture", "args": ["--conformance"]}},
 "lifeline": {"defaults": {"interval": "1s"}}}
JSON
  start_headless_lifeline "$lifeline" 30 conformance
  url="http://$listen/mcp/servers/conformance"
fi
echo "$mode: ${#scenarios[@]} server scenarios against $url"

# Scenarios where the suite itself finds nothing to check through the gateway, with the reason. Such
# a scenario must end "Passed: 0/0, 0 failed" with the suite's own "not applicable" note (the
# pattern); with real checks it must pass them like any other.
declare -A NOT_APPLICABLE=()
declare -A NOT_APPLICABLE_NOTE=()
if [[ $mode == gateway ]]; then
  NOT_APPLICABLE[server-sse-polling]="the gateway answers a tools/call that sends nothing before its result with JSON, not an SSE stream, so there is no priming event or stream to resume (SEP-1699 is a SHOULD)"
  NOT_APPLICABLE_NOTE[server-sse-polling]='\[server-sse-content-type *\] INFO'
fi

out=$work/out
passed=0
inapplicable=0
failed=()
for scenario in "${scenarios[@]}"; do
  status=0
  npx --no-install @modelcontextprotocol/conformance server --url "$url" --scenario "$scenario" >"$out" 2>&1 || status=$?
  sed -i -E 's/\x1b\[[0-9;]*m//g' "$out"
  if ((status == 0)) && grep -qE "Passed: ([1-9][0-9]*)/\1, 0 failed" "$out" && ! grep -qE "FAILURE" "$out"; then
    passed=$((passed + 1))
    echo "PASS $scenario: $(grep -E 'Passed:' "$out" | head -1)"
    grep -E 'WARNING' "$out" | sed -E 's/^/    /' || true
  elif [[ -n ${NOT_APPLICABLE[$scenario]:-} ]] && ((status == 0)) && grep -qE "Passed: 0/0, 0 failed" "$out" \
      && grep -qE "${NOT_APPLICABLE_NOTE[$scenario]}" "$out" && ! grep -qE "FAILURE" "$out"; then
    inapplicable=$((inapplicable + 1))
    echo "N/A  $scenario: the suite checked nothing: ${NOT_APPLICABLE[$scenario]}"
  else
    failed+=("$scenario")
    echo "FAIL $scenario:"
    cat "$out"
  fi
done
echo "$mode: $passed/${#scenarios[@]} server scenarios passed, $inapplicable not applicable${failed:+; failed: ${failed[*]}}"
((${#failed[@]} == 0))
