#!/usr/bin/env bash
# Smoke test of the Linux package (not part of CI's test run). Run after
# `packaging/build.sh linux`:
#
#   packaging/smoke-linux.sh
#
# 1. The package's metadata and contents (binary, .desktop entry, icons, basemap pack,
#    copyright).
# 2. Unpacked into an empty root (`dpkg -x`): --version and demo run from there, and the
#    basemap pack is found relative to the binary (../share/riskatlas/maps).
# 3. `dpkg -i` on this machine (only when riskatlas is not installed already; removed again
#    with `dpkg -r` at the end): /usr/bin/riskatlas --version and demo.
# 4. The installed app started under Xvfb (:78) offline with a fresh home folder named
#    "Përdorues Çelë": a screenshot (target/dist/smoke-linux.png), the demo project and the
#    log in the user's XDG folders, the process still running after the wait.
# Installs what it needs with apt-get (xvfb, xauth, imagemagick, software Vulkan,
# desktop-file-utils). Prints PASS/FAIL per check; exits 1 if any check failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

version=$(sed -n 's/^version = "\([^"]*\)"/\1/p' Cargo.toml | head -n1)
dist=${DIST_DIR:-$root/target/dist}
deb=$dist/riskatlas_${version}_amd64.deb
[ -f "$deb" ] || { echo "missing $deb: run packaging/build.sh linux first" >&2; exit 1; }

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
need=()
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v xauth >/dev/null 2>&1 || need+=(xauth)
command -v import >/dev/null 2>&1 || need+=(imagemagick)
command -v desktop-file-validate >/dev/null 2>&1 || need+=(desktop-file-utils)
[ -e /usr/share/vulkan/icd.d/lvp_icd.x86_64.json ] || need+=(mesa-vulkan-drivers libvulkan1)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

tmp=$(mktemp -d)
xvfb_pid=""
app_pid=""
installed_here=0
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  if [ "$installed_here" = 1 ]; then
    echo "== dpkg -r riskatlas"
    $SUDO dpkg -r riskatlas >/dev/null
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
check() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

# 1. Metadata and contents.
echo "== $(basename "$deb"): $(stat -c %s "$deb") bytes"
dpkg-deb --field "$deb" Package Version Architecture Installed-Size Depends | sed 's/^/   /'
contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/riskatlas ./usr/share/applications/riskatlas.desktop \
  ./usr/share/icons/hicolor/256x256/apps/riskatlas.png \
  ./usr/share/icons/hicolor/scalable/apps/riskatlas.svg \
  ./usr/share/riskatlas/maps/albania-basemap.mbtiles ./usr/share/doc/riskatlas/copyright \
  ./usr/share/doc/riskatlas/NOTICE.txt; do
  check "package contains $path" grep -q " $path\$" <<<"$contents"
done
check "package files owned by root" bash -c "! grep -v ' root/root ' <<<\"\$0\" | grep -q ." "$contents"

# 2. Unpacked into an empty root.
mkdir -p "$tmp/root" "$tmp/work"
dpkg-deb -x "$deb" "$tmp/root"
check "desktop entry is valid" desktop-file-validate "$tmp/root/usr/share/applications/riskatlas.desktop"
check "desktop entry has an Albanian name" grep -q '^Name\[sq\]=' "$tmp/root/usr/share/applications/riskatlas.desktop"
out=$("$tmp/root/usr/bin/riskatlas" --version 2>&1)
echo "   unpacked riskatlas --version -> $out"
check "unpacked --version prints $version" grep -q "$version" <<<"$out"
(cd "$tmp/work" && "$tmp/root/usr/bin/riskatlas" demo --out demo.gpkg >/dev/null 2>&1)
check "unpacked demo writes a project" test -s "$tmp/work/demo.gpkg"

# 3. Installed with dpkg on this machine.
if dpkg -s riskatlas >/dev/null 2>&1; then
  echo "   riskatlas is already installed here: dpkg -i / -r skipped"
else
  echo "== dpkg -i"
  if $SUDO dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1; then
    installed_here=1
    pass "dpkg -i"
  else
    # Missing dependencies: let apt bring them, as `apt install ./file.deb` would.
    installed_here=1
    if DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -f -y -qq >>"$tmp/dpkg.log" 2>&1; then
      pass "dpkg -i (dependencies completed by apt-get -f install)"
    else
      fail "dpkg -i: $(tail -n 5 "$tmp/dpkg.log")"
    fi
  fi
fi
out=$(riskatlas --version 2>&1)
echo "   /usr/bin/riskatlas --version -> $out"
check "installed --version prints $version" grep -q "$version" <<<"$out"
(cd "$tmp/work" && riskatlas demo --out "demo installed.gpkg" >/dev/null 2>&1)
check "installed demo writes a project" test -s "$tmp/work/demo installed.gpkg"
info=$(riskatlas info "$tmp/work/demo installed.gpkg" 2>&1)
echo "$info" | head -n 12 | sed 's/^/   /'

# 4. The app under Xvfb, offline, fresh user folders with spaces and diacritics.
home="$tmp/Përdorues Çelë"
mkdir -p "$home"
Xvfb :78 -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
sleep 2
(
  cd "$home" || exit 1
  exec env -i PATH=/usr/bin:/bin HOME="$home" DISPLAY=:78 RISKATLAS_OFFLINE=1 \
    XDG_RUNTIME_DIR="$tmp" LANG=C.UTF-8 /usr/bin/riskatlas >"$tmp/app.log" 2>&1
) &
app_pid=$!
sleep "${WAIT_S:-25}"
shot=$dist/smoke-linux.png
DISPLAY=:78 import -window root "$shot"
check "app still running after ${WAIT_S:-25} s" kill -0 "$app_pid"
check "screenshot taken ($shot)" test -s "$shot"
check "demo project written to ~/.local/share/riskatlas" test -s "$home/.local/share/riskatlas/demo-albania.gpkg"
check "log written to ~/.local/share/riskatlas/logs" grep -q "Risk Atlas $version started" "$home/.local/share/riskatlas/logs/riskatlas.log"
echo "   files the app wrote: $(cd "$home" && find . -type f | sort | tr '\n' ' ')"
echo "   app stderr: $(tr '\n' ' ' <"$tmp/app.log" | cut -c1-400)"
kill "$app_pid" 2>/dev/null
wait "$app_pid" 2>/dev/null
app_pid=""
# The settings are saved when the window closes; a kill skips that, which is fine here.

echo
if [ "$failures" = 0 ]; then echo "smoke-linux: all checks passed"; else echo "smoke-linux: $failures check(s) failed"; fi
[ "$failures" = 0 ]
