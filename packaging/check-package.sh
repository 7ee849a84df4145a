#!/usr/bin/env bash
# The packaging checks CTest runs (label `packaging`). Each one skips (exit 77) and says why when
# its tool is missing; packaging/dev.sh test installs the tools, so CI runs them all.
#   check-package.sh desktop FILE.desktop
#   check-package.sh appstream FILE.metainfo.xml
#   check-package.sh build BUILD_DIR OUT_DIR            cpack -G DEB into OUT_DIR
#   check-package.sh contents OUT_DIR                   dpkg-deb --info/--contents, expected paths
#   check-package.sh lintian OUT_DIR                    no errors (warnings are fine)
#   check-package.sh install-run OUT_DIR VERSION        dpkg -x into a temporary root, run from there
set -euo pipefail

skip() { echo "SKIP: $*"; exit 77; }
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (${2:-$1})"; }
the_deb() { # OUT_DIR: the one package cpack made there
  local debs=("$1"/mcp-lifeline_*.deb)
  [[ -f "${debs[0]}" ]] || { echo "no mcp-lifeline_*.deb in $1 (did deb_build run?)" >&2; exit 1; }
  echo "${debs[0]}"
}

id=io.github.mcp_lifeline.McpLifeline
mode=${1:?usage: check-package.sh desktop|appstream|build|contents|lintian|install-run ...}
shift
case "$mode" in
  desktop)
    need desktop-file-validate desktop-file-utils
    out=$(desktop-file-validate "$1" 2>&1) || { echo "$out"; exit 1; }
    # It exits 0 on hints and warnings too; a warning is a mistake in a file we write ourselves.
    [[ -z "$out" ]] || { echo "$out"; exit 1; }
    echo "$1: valid"
    ;;
  appstream)
    need appstreamcli appstream
    appstreamcli validate --no-net --explain "$1"
    ;;
  build)
    need cpack cmake
    need dpkg-deb dpkg
    rm -rf "$2" && mkdir -p "$2"
    cpack -G DEB --config "$1/CPackConfig.cmake" -B "$2" >"$2/cpack.log" 2>&1 || { cat "$2/cpack.log"; exit 1; }
    rm -rf "$2/_CPack_Packages" # the staged tree: not needed, and large
    ls -l "$2"/*.deb
    ;;
  contents)
    need dpkg-deb dpkg
    deb=$(the_deb "$1")
    info=$(dpkg-deb --info "$deb")
    echo "$info"
    contents=$(dpkg-deb --contents "$deb")
    echo "$contents"
    fail=0
    # Depends: what dpkg-shlibdeps finds the binaries link, plus the plugins no linker sees.
    for field in "Package: mcp-lifeline" "Version: $(dpkg-deb -f "$deb" Version)" "Section: " \
                 "Maintainer: " "Homepage: " "Description: Keeps your MCP servers alive" \
                 "Depends: .*libqt6core6" "Depends: .*libqt6widgets6" "Depends: .*libqt6charts6" \
                 "Depends: .*libqt6network6" "Depends: .*libqt6sql6-sqlite" "Depends: .*qt6-qpa-plugins" \
                 "Recommends: .*libqt6sql6-psql"; do
      grep -Eq "^ *$field" <<<"$info" || { echo "MISSING in the control file: $field" >&2; fail=1; }
    done
    for path in ./usr/bin/mcp-lifeline \
                ./usr/libexec/mcp-lifeline/mcp-lifeline-fixture \
                ./usr/share/applications/$id.desktop \
                ./usr/share/metainfo/$id.metainfo.xml \
                ./usr/share/icons/hicolor/scalable/apps/$id.svg \
                ./usr/share/icons/hicolor/48x48/apps/$id.png \
                ./usr/share/icons/hicolor/128x128/apps/$id.png \
                ./usr/share/icons/hicolor/256x256/apps/$id.png \
                ./usr/lib/systemd/user/mcp-lifeline.service \
                ./usr/share/man/man1/mcp-lifeline.1.gz \
                ./usr/share/doc/mcp-lifeline/copyright \
                ./usr/share/doc/mcp-lifeline/changelog.Debian.gz; do
      grep -Eq " $path\$" <<<"$contents" || { echo "MISSING in the package: $path" >&2; fail=1; }
    done
    # Programs 0755, everything else 0644, all owned by root.
    while read -r perms owner _ _ _ path _; do
      [[ "$owner" == root/root ]] || { echo "not owned by root: $path ($owner)" >&2; fail=1; }
      case "$path" in
        */) want=drwxr-xr-x ;;
        ./usr/bin/*|./usr/libexec/mcp-lifeline/*) want=-rwxr-xr-x ;;
        *) want=-rw-r--r-- ;;
      esac
      [[ "$perms" == "$want" ]] || { echo "wrong permissions: $path is $perms, want $want" >&2; fail=1; }
    done <<<"$contents"
    exit $fail
    ;;
  lintian)
    need lintian
    deb=$(the_deb "$1")
    args=(--tag-display-limit 0 --fail-on error)
    [[ $(id -u) -eq 0 ]] && args+=(--allow-root)
    lintian "${args[@]}" "$deb"
    echo "lintian: no errors"
    ;;
  install-run)
    need dpkg-deb dpkg
    deb=$(the_deb "$1")
    version=$2
    tmp=$(mktemp -d /tmp/lifeline-deb.XXXXXX)
    trap 'rm -rf "$tmp"' EXIT
    dpkg-deb -x "$deb" "$tmp/root"
    bin=$tmp/root/usr/bin/mcp-lifeline
    fixture=$tmp/root/usr/libexec/mcp-lifeline/mcp-lifeline-fixture
    # Nothing of the user's: an empty home, config, history and log.
    export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state
    export PATH=/usr/bin:/bin # the build's own fixture must not be found by accident
    mkdir -p "$HOME"

    got=$("$bin" --version)
    echo "$got"
    [[ "$got" == "mcp-lifeline $version" ]] || { echo "expected 'mcp-lifeline $version'" >&2; exit 1; }

    # A config whose server is the installed fixture.
    cat >"$tmp/servers.json" <<JSON
{"mcpServers": {"installed-fixture": {"command": "$fixture"}}}
JSON
    "$bin" check --json --timeout 10s --config "$tmp/servers.json" | tee "$tmp/check.json"
    grep -q '"status": *"healthy"' "$tmp/check.json" || { echo "the installed fixture is not healthy" >&2; exit 1; }

    # The built-in demo: the program finds the fixture beside itself (../libexec/mcp-lifeline/).
    "$bin" check --json --timeout 10s --server demo-steady | tee "$tmp/demo.json"
    grep -q '"status": *"healthy"' "$tmp/demo.json" || { echo "the demo's fixture was not found or is not healthy" >&2; exit 1; }
    echo "installed package runs"
    ;;
  *)
    echo "unknown check: $mode" >&2
    exit 2
    ;;
esac
