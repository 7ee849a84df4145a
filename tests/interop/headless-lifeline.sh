# headless-lifeline.sh: sourced by the interop scripts that drive a real `mcp-lifeline --headless`.
# Sets `cache` (the npm test cache); lifeline_workdir makes `work` (config, token, history and log
# all in it, nothing of the user's) and removes it, and the Lifeline, on exit;
# start_headless_lifeline starts Lifeline on a free loopback port and sets `listen` to its address.

cache=${LIFELINE_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-lifeline-tests}

lifeline_workdir() {
  work=$(mktemp -d)
  pid=
  trap lifeline_cleanup EXIT
  export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_STATE_HOME=$work/state
}

lifeline_cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}

# start_headless_lifeline LIFELINE_BINARY TIMEOUT_S [SERVER]
# Runs Lifeline with $work/servers.json and reads its JSON lines (kept in $work/events.log): first
# "started" with the address, then, when SERVER is given, until SERVER turns healthy. Exits 1,
# with what Lifeline said, when that does not come within TIMEOUT_S seconds of a line.
start_headless_lifeline() {
  local lifeline=$1 timeout=$2 server=${3:-} line= healthy=
  coproc LIFELINE { exec "$lifeline" --headless --config "$work/servers.json" --db "$work/history.sqlite" --listen 127.0.0.1:0; }
  pid=$LIFELINE_PID
  # Its own copy of the pipe: bash drops the coproc's variables when the process ends.
  exec {lifeline_events}<&"${LIFELINE[0]}"
  listen=
  [[ -z $server ]] && healthy=1
  while read -r -t "$timeout" line <&"$lifeline_events"; do
    echo "$line" >>"$work/events.log"
    if [[ -z $listen && $line == *'"status":"started"'* ]]; then
      listen=$(sed -E 's/.*"listen":"([^"]+)".*/\1/' <<<"$line")
    fi
    if [[ -n $server && $line == *"\"$server\""* && $line == *'"to":"healthy"'* ]]; then
      healthy=1
    fi
    [[ -n $listen && -n $healthy ]] && break
  done
  if [[ -z $listen || $listen == *'{'* ]]; then
    echo "mcp-lifeline --headless did not report its address:" >&2
    cat "$work/events.log" >&2
    exit 1
  fi
  if [[ -z $healthy ]]; then
    echo "mcp-lifeline --headless did not report $server healthy:" >&2
    cat "$work/events.log" >&2
    exit 1
  fi
  # Keep reading its lines so that it never blocks on a full pipe.
  cat <&"$lifeline_events" >>"$work/events.log" &
}
