#!/usr/bin/env bash
# The Prometheus side, checked by Prometheus's own promtool (Debian package `prometheus`):
#   check-promtool.sh rules SOURCE_DIR            the alert rules, the scrape example, the Grafana queries
#   check-promtool.sh metrics LIFELINE FIXTURE    a running headless Lifeline's /metrics
# Exits 77 (CTest: skipped) when promtool is not installed.
set -euo pipefail

if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not found (apt-get install prometheus): skipped"
  exit 77
fi

mode=$1
work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# GET $2 from 127.0.0.1:$1 over bash's /dev/tcp; prints the body, fails unless the status is 200.
http_get() {
  local port=$1 path=$2 line status="" length=0
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n\r\n' "$path" "$port" >&3
  IFS= read -r -t 5 line <&3
  status=$(echo "$line" | cut -d' ' -f2)
  while IFS= read -r -t 5 line <&3; do
    line=${line%$'\r'}
    [[ -z "$line" ]] && break
    if [[ "${line,,}" == content-length:* ]]; then length=${line#*:}; length=${length// /}; fi
  done
  head -c "$length" <&3
  exec 3<&-
  [[ "$status" == 200 ]]
}

case "$mode" in
  rules)
    src=$2
    promtool check rules "$src/packaging/prometheus/lifeline-alerts.rules.yml"
    promtool check config "$src/packaging/prometheus/prometheus.yml"
    # Every query of the Grafana dashboard parses as PromQL (dashboard variables filled in).
    if command -v python3 >/dev/null 2>&1; then
      python3 - "$src/packaging/grafana/lifeline-dashboard.json" >"$work/dashboard.rules.yml" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("groups:\n  - name: dashboard\n    rules:")
for i, p in enumerate(d["panels"]):
    for t in p.get("targets", []):
        expr = t["expr"].replace("$__range", "1h").replace("$__rate_interval", "1m")
        print(f"      - record: dashboard:panel{i}:{t['refId']}\n        expr: {json.dumps(expr)}")
PY
      promtool check rules "$work/dashboard.rules.yml"
    fi
    ;;
  metrics)
    lifeline=$2 fixture=$3
    cat >"$work/servers.json" <<JSON
{"mcpServers": {"alpha": {"command": "$fixture", "args": ["--quiet"]},
                "we\"ird": {"command": "$fixture", "args": ["--quiet", "--crash-after", "2"]}},
 "lifeline": {"defaults": {"interval": "200ms", "timeout": "1s"},
              "failover": {"pair": {"primary": "alpha", "fallbacks": ["we\"ird"]}}}}
JSON
    LIFELINE_API_TOKEN=promtool-test "$lifeline" --headless --config "$work/servers.json" \
      --db "$work/history.sqlite" --listen 127.0.0.1:0 >"$work/out.jsonl" 2>"$work/err.txt" &
    pid=$!
    port=""
    for _ in $(seq 100); do
      port=$(grep -o '"listen":"127.0.0.1:[0-9]*"' "$work/out.jsonl" | head -1 | grep -o '[0-9]*"$' | tr -d '"' || true)
      [[ -n "$port" ]] && break
      sleep 0.1
    done
    if [[ -z "$port" ]]; then
      echo "no listen address in the started line:"; cat "$work/out.jsonl" "$work/err.txt"; exit 1
    fi
    # Until both servers have been checked a few times (and "we\"ird" crashed and restarted).
    for _ in $(seq 100); do
      http_get "$port" /metrics >"$work/metrics.txt"
      if grep -q 'lifeline_restarts_total{server="we\\"ird"} [1-9]' "$work/metrics.txt"; then break; fi
      sleep 0.1
    done
    promtool check metrics <"$work/metrics.txt"
    grep -q '^lifeline_server_up{server="alpha"} 1$' "$work/metrics.txt"
    grep -q '^lifeline_check_duration_seconds_bucket{server="alpha",le="+Inf"} [1-9]' "$work/metrics.txt"
    echo "promtool accepts /metrics ($(wc -l <"$work/metrics.txt") lines)"
    ;;
  *)
    echo "usage: $0 rules SOURCE_DIR | metrics LIFELINE FIXTURE" >&2
    exit 2
    ;;
esac
