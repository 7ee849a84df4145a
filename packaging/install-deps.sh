#!/usr/bin/env bash
# Installs what building, running and testing MCP Lifeline needs on Debian 12, and only what is
# missing: a machine that has everything gets no apt-get call at all.
set -euo pipefail

packages=(
  cmake g++ ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-websockets-dev qt6-httpserver-dev
  libqt6sql6-sqlite libqt6sql6-psql qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools libgl-dev libqt6opengl6-dev libxkbcommon-dev
  nodejs npm xvfb xauth
  # the man page from --help
  help2man
  # fuzzing and sanitizers (clang's libFuzzer runtime)
  clang libclang-rt-14-dev
)
if [[ "${LIFELINE_DEPS_EXTRA:-}" != "" ]]; then
  read -r -a extra <<<"$LIFELINE_DEPS_EXTRA"
  packages+=("${extra[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # node and npm may come from elsewhere than Debian (e.g. a newer Node on PATH): fine.
    if [[ "$p" == nodejs && -x "$(command -v node)" ]] || [[ "$p" == npm && -x "$(command -v npm)" ]]; then
      continue
    fi
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
