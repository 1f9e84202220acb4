#!/usr/bin/env bash
# Smoke test of the Windows build under Debian's wine (not part of CI's test run).
# Run after `packaging/build.sh windows`:
#
#   packaging/smoke-windows.sh
#
# 1. The console program (riskatlas-cli.exe) in a folder whose name has spaces and Albanian
#    letters: --version, demo, info, new, import of a CSV (with --json), an error exit code.
# 2. The GUI program (riskatlas.exe) --version: prints when started from a terminal.
# 3. Resources: icon and version information in the .exe.
# 4. The installer, silently (/S): per-user install into %LOCALAPPDATA%\Programs\RiskAtlas,
#    shortcuts, uninstall entry, the installed program's --version; then the silent
#    uninstaller: program files gone, the user's settings kept.
#
# wine 8.0 (Debian 12) lacks ProcessPrng in bcryptprimitives.dll, which Rust's std imports.
# A TEST-ONLY shim DLL (exporting ProcessPrng through advapi32's SystemFunction036) is
# compiled here and placed beside the .exe in the temporary test folders only: it is never
# part of the installer. Everything runs in a temporary WINEPREFIX, removed at the end
# (KEEP=1 keeps it). Prints PASS/FAIL per check; exits 1 if any check failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

version=$(sed -n 's/^version = "\([^"]*\)"/\1/p' Cargo.toml | head -n1)
dist=${DIST_DIR:-$root/target/dist}
stage=$dist/work/windows
setup=$dist/RiskAtlas-Setup-$version.exe
for f in "$stage/riskatlas.exe" "$stage/riskatlas-cli.exe" "$setup"; do
  [ -f "$f" ] || { echo "missing $f: run packaging/build.sh windows first" >&2; exit 1; }
done

need=()
[ -x /usr/lib/wine/wine64 ] || need+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
WINE=/usr/lib/wine/wine64
WINESERVER=/usr/lib/wine/wineserver64
[ -x "$WINESERVER" ] || WINESERVER=/usr/lib/wine/wineserver

tmp=$(mktemp -d)
# HOME in the temp folder too: wine links the prefix's Desktop/Documents to $HOME, and
# winemenubuilder (disabled) would add menu entries to the real user's desktop.
mkdir -p "$tmp/home"
export HOME=$tmp/home WINEPREFIX=$tmp/prefix WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
cleanup() {
  "$WINESERVER" -k >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
subsystem() { # the PE optional header's Subsystem field
  local pe
  pe=$(od -An -tu4 -j60 -N4 "$1" | tr -d ' ')
  od -An -tu2 -j$((pe + 92)) -N2 "$1" | tr -d ' '
}
check() { # description, then a command that must succeed
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

echo "== wine: $($WINE --version 2>&1)"
echo "== creating the wine prefix"
"$WINE" wineboot --init >/dev/null 2>&1
"$WINESERVER" -w

# The test-only ProcessPrng shim.
cat >"$tmp/bcryptprimitives.c" <<'EOF'
#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    len -= chunk;
  }
  return TRUE;
}
EOF
cat >"$tmp/bcryptprimitives.def" <<'EOF'
LIBRARY bcryptprimitives
EXPORTS
ProcessPrng
EOF
x86_64-w64-mingw32-gcc -shared -O2 -o "$tmp/bcryptprimitives.dll" \
  "$tmp/bcryptprimitives.c" "$tmp/bcryptprimitives.def" -ladvapi32 || { echo "shim build failed"; exit 1; }

# 1. The console program in a folder with spaces and diacritics.
run="$tmp/Provë me hapësira çelë"
mkdir -p "$run"
cp "$stage/riskatlas-cli.exe" "$stage/riskatlas.exe" "$tmp/bcryptprimitives.dll" "$run/"
cd "$run"
cli() { "$WINE" ./riskatlas-cli.exe "$@"; }

out=$(cli --version 2>&1)
echo "   riskatlas-cli.exe --version -> $out"
check "cli --version prints $version" grep -q "$version" <<<"$out"

out=$(cli demo --out "Demo Shqipëri.gpkg" --json 2>&1)
echo "   demo -> ${out:0:300}"
check "cli demo writes the demo project" test -s "Demo Shqipëri.gpkg"

out=$(cli info "Demo Shqipëri.gpkg" --json 2>&1)
echo "   info -> ${out:0:300}"
check "cli info lists the demo's cases layer" grep -q '"cases"' <<<"$out"

printf '%s\n' \
  "case_code,identified_on,kind,age,sex,status,lon,lat" \
  "SMK-2024-001,2024-06-14,begging,9,M,identified,19.8187,41.3275" \
  "SMK-2024-002,14.07.2024,informal_work,12,F,referred,19.4565,41.3246" \
  "SMK-2024-003,2024-08-21,chrome_collection,13,M,identified,20.2219,41.4917" \
  "SMK-2024-004,2024-08-22,begging,10,F,identified,10.0,10.0" >"raste provë.csv"
out=$(cli new "Projekt i ri.gpkg" 2>&1)
echo "   new -> ${out:0:200}"
out=$(cli import "raste provë.csv" --into "Projekt i ri.gpkg" --as cases --json 2>&1)
status=$?
echo "   import (exit $status) -> ${out:0:400}"
check "cli import accepts 3 rows and rejects the one outside Albania" \
  grep -q '"accepted":3,"committed":true.*"code":"outside_albania"' <<<"${out//[[:space:]]/}"
out=$(cli info "Projekt i ri.gpkg" 2>&1)
echo "   info after import -> $(tr '\n' ' ' <<<"${out:0:300}")"

cli info "no such file.gpkg" >/dev/null 2>&1
status=$?
check "cli exits 1 on a missing project (got $status)" test "$status" = 1

# 2. The GUI program from a terminal (AttachConsole path).
out=$("$WINE" ./riskatlas.exe --version 2>&1)
echo "   riskatlas.exe --version -> ${out:-<nothing>}"
check "gui exe --version prints $version" grep -q "$version" <<<"$out"

# 3. Resources.
check "exe has a resource section" bash -c "x86_64-w64-mingw32-objdump -h riskatlas.exe | grep -q rsrc"
check "exe carries ProductVersion $version" bash -c "strings -el riskatlas.exe | grep -qx '$version'"
check "riskatlas.exe is a GUI program (PE subsystem 2)" test "$(subsystem riskatlas.exe)" = 2
check "riskatlas-cli.exe is a console program (PE subsystem 3)" test "$(subsystem riskatlas-cli.exe)" = 3
cd "$tmp"

# 4. The installer, silently, per user.
echo "== installing $(basename "$setup") /S"
"$WINE" "$setup" /S
status=$?
"$WINESERVER" -w
check "installer exit code 0 (got $status)" test "$status" = 0
user_dir=$(ls -d "$WINEPREFIX"/drive_c/users/*/ | grep -v Public | head -n1)
inst="$user_dir/AppData/Local/Programs/RiskAtlas"
echo "   installed files: $(cd "$inst" 2>/dev/null && find . -type f | sort | tr '\n' ' ')"
check "installed per user in AppData\\Local\\Programs\\RiskAtlas" test -f "$inst/riskatlas.exe"
check "offline basemap pack installed in maps\\" test -s "$inst/maps/albania-basemap.mbtiles"
check "no shim in the installation" test ! -e "$inst/bcryptprimitives.dll"
check "start-menu shortcut" bash -c "ls \"$user_dir\"/AppData/Roaming/Microsoft/Windows/'Start Menu'/Programs/'Risk Atlas'/'Risk Atlas.lnk'"
check "desktop shortcut" bash -c "ls \"$user_dir\"/Desktop/'Risk Atlas.lnk'"
reg=$("$WINE" reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\RiskAtlas' 2>&1 | tr -d '\r')
echo "$reg" | sed -n '/DisplayName\|DisplayVersion\|UninstallString/p' | sed 's/^/   /'
check "uninstall entry in HKCU with version $version" grep -q "DisplayVersion.*$version" <<<"$reg"

# The installed program (shim copied beside it for this test only, removed again).
cp "$tmp/bcryptprimitives.dll" "$inst/"
out=$("$WINE" "$inst/riskatlas-cli.exe" --version 2>&1)
echo "   installed riskatlas-cli.exe --version -> $out"
check "installed program runs" grep -q "$version" <<<"$out"
rm -f "$inst/bcryptprimitives.dll"

# User data that the uninstaller must keep.
settings="$user_dir/AppData/Roaming/ASHMDF/RiskAtlas/config/settings.json"
mkdir -p "$(dirname "$settings")"
echo '{"language":"En"}' >"$settings"
"$WINE" "$inst/uninstall.exe" /S
"$WINESERVER" -w
sleep 2
"$WINESERVER" -w
check "uninstaller removed the program" test ! -e "$inst/riskatlas.exe"
check "uninstaller removed the shortcuts" bash -c "! ls \"$user_dir\"/Desktop/'Risk Atlas.lnk' 2>/dev/null"
check "uninstaller kept the user's settings" test -f "$settings"

echo
if [ "$failures" = 0 ]; then echo "smoke-windows: all checks passed"; else echo "smoke-windows: $failures check(s) failed"; fi
[ "$failures" = 0 ]
