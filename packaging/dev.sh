#!/usr/bin/env bash
# The two quick-start commands of the README, and what CI runs:
#   packaging/dev.sh run [ARGS...]   install what is missing, build, start MCP Lifeline
#   packaging/dev.sh test            install what is missing, build, run the whole test suite
# Environment: LIFELINE_BUILD_DIR (default ./build), LIFELINE_NPM_CACHE (default
# ~/.cache/mcp-lifeline-tests), LIFELINE_FUZZ_SECONDS (default 60), LIFELINE_QUICK=1 (skip the
# sanitizer and fuzz stages), CI=true (warnings are errors).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${LIFELINE_BUILD_DIR:-$root/build}
cache=${LIFELINE_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-lifeline-tests}
jobs=$(nproc 2>/dev/null || echo 2)
mode=${1:-run}
[[ $# -gt 0 ]] && shift

start=$SECONDS
log() { printf '\n== [%ss] %s\n' "$((SECONDS - start))" "$*" >&2; }

configure_and_build() { # DIR [CMAKE ARGS...]
  local dir=$1; shift
  local werror=OFF
  [[ "${CI:-}" == "true" ]] && werror=ON
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLIFELINE_WERROR=$werror "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

# npm packages for the interop tests, pinned, installed once into a cache folder (outside the repo).
install_npm() { # NAME (a folder under tests/interop/npm)
  local name=$1 src="$root/tests/interop/npm/$1" dst="$cache/$1"
  mkdir -p "$dst"
  if ! cmp -s "$src/package.json" "$dst/package.json" || [[ ! -d "$dst/node_modules" ]]; then
    log "installing npm packages for the $name tests into $dst"
    cp "$src/package.json" "$dst/package.json"
    (cd "$dst" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

case "$mode" in
  run)
    bash "$root/packaging/install-deps.sh"
    log "building in $build"
    configure_and_build "$build"
    exec "$build/bin/mcp-lifeline" "$@"
    ;;
  test)
    # The PostgreSQL server only for the history tests' PostgreSQL variants; the package tools for
    # the packaging checks (the .deb is built, validated, linted and run from a temporary root);
    # promtool (package prometheus) for the /metrics and alert-rules checks.
    LIFELINE_DEPS_EXTRA="${LIFELINE_DEPS_EXTRA:-} postgresql desktop-file-utils appstream lintian dpkg-dev prometheus" \
      bash "$root/packaging/install-deps.sh"
    install_npm servers
    install_npm conformance
    export LIFELINE_NPM_CACHE=$cache LIFELINE_REQUIRE_NPM=1 QT_QPA_PLATFORM=offscreen

    log "building in $build"
    configure_and_build "$build"
    # A throwaway PostgreSQL on loopback for the shared-history tests; they skip, saying why,
    # when it cannot start.
    pgdir=$(mktemp -d /tmp/lifeline-pg.XXXXXX)
    trap 'bash "$root/packaging/pg-test-cluster.sh" stop "$pgdir"' EXIT
    if url=$(bash "$root/packaging/pg-test-cluster.sh" start "$pgdir"); then
      export LIFELINE_TEST_PG_URL=$url
      log "PostgreSQL for the history tests at $url"
    else
      log "no PostgreSQL for the history tests: their PostgreSQL variants will skip"
    fi

    log "running the test suite"
    ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 300

    if [[ "${LIFELINE_QUICK:-}" != "1" ]]; then
      log "AddressSanitizer + UndefinedBehaviorSanitizer build: unit and fixture tests"
      configure_and_build "$build-asan" -DLIFELINE_SANITIZE=ON
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$build-asan" --output-on-failure -j "$jobs" -L 'unit|integration' --timeout 600

      log "libFuzzer targets, ${LIFELINE_FUZZ_SECONDS:-60} s each"
      CC=clang CXX=clang++ cmake -S "$root" -B "$build-fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DLIFELINE_FUZZ=ON -DLIFELINE_BUILD_TESTS=OFF >/dev/null
      cmake --build "$build-fuzz" -j "$jobs" --target fuzz_framing fuzz_sse fuzz_config fuzz_httprequest
      bash "$root/tests/fuzz/run-fuzzers.sh" "$build-fuzz" "${LIFELINE_FUZZ_SECONDS:-60}"
    fi
    log "all tests passed"
    ;;
  *)
    echo "usage: packaging/dev.sh run [ARGS...] | test" >&2
    exit 2
    ;;
esac
