#!/usr/bin/env bash
# Builds the installable artefacts of Risk Atlas on a Debian/Ubuntu machine:
#
#   packaging/build.sh windows   target/dist/RiskAtlas-Setup-<version>.exe  (NSIS installer)
#   packaging/build.sh linux     target/dist/riskatlas_<version>_amd64.deb
#   packaging/build.sh all       both (the default)
#
# then prints their sizes and SHA-256 checksums (also written to target/dist/SHA256SUMS).
# The version comes from Cargo.toml only. Missing tools are installed with apt-get (sudo when
# not root): gcc-mingw-w64-x86-64 (linker, windres) and nsis for Windows; dpkg-dev for Linux;
# the Rust target x86_64-pc-windows-gnu with rustup.
#
# Both need the host release binary (`cargo build --release`): it renders the offline Albania
# basemap pack (`riskatlas tiles build`, zooms 6-13) that both packages install. A clean
# release build takes about 13 minutes on 2 cores, the Windows cross build about as long.
#
# Environment: CARGO_TARGET_DIR (host builds, default ./target); RISKATLAS_WIN_TARGET_DIR
# (Windows build's target dir, default the same); DIST_DIR (default ./target/dist).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

what=${1:-all}
case "$what" in
  windows | linux | all) ;;
  *)
    echo "usage: packaging/build.sh windows|linux|all" >&2
    exit 2
    ;;
esac

version=$(sed -n 's/^version = "\([^"]*\)"/\1/p' Cargo.toml | head -n1)
[ -n "$version" ] || { echo "build.sh: no version in Cargo.toml" >&2; exit 1; }
numeric=${version%%[-+]*}                     # 0.1.0-beta.1 -> 0.1.0 (Windows wants X.Y.Z.W)
host_target=${CARGO_TARGET_DIR:-$root/target}
win_target=${RISKATLAS_WIN_TARGET_DIR:-$host_target}
dist=${DIST_DIR:-$root/target/dist}
work=$dist/work
mkdir -p "$dist" "$work"
WIN=x86_64-pc-windows-gnu

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
apt_install() {
  echo "== installing $*"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

need=()
if [ "$what" != linux ]; then
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
  command -v x86_64-w64-mingw32-windres >/dev/null 2>&1 || need+=(binutils-mingw-w64-x86-64)
  command -v makensis >/dev/null 2>&1 || need+=(nsis)
fi
if [ "$what" != windows ]; then
  command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg-dev)
fi
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
if [ "$what" != linux ] && ! rustup target list --installed | grep -qx "$WIN"; then
  echo "== rustup target add $WIN"
  rustup target add "$WIN"
fi

# --- the host binary and the offline basemap pack (both packages) -------------------------
echo "== cargo build --release (host)"
cargo build --release --locked
host_bin=$host_target/release/riskatlas
pack=$work/maps/albania-basemap.mbtiles
if [ ! -s "$pack" ] || [ "$host_bin" -nt "$pack" ]; then
  echo "== rendering the offline basemap pack"
  mkdir -p "$work/maps"
  "$host_bin" tiles build --out "$pack" --min-zoom 6 --max-zoom 13 --force
fi

# --- licence and notices -------------------------------------------------------------------
# NOTICE.txt: data attributions, fonts, then every crate compiled in with its licence.
notice() { # $1 = target triple
  cat packaging/NOTICE.txt
  cargo tree --locked -e normal --target "$1" --prefix none --format '{p}  [{l}]' 2>/dev/null |
    sed 's/ (proc-macro)//; s| (/[^)]*)||; s/ (\*)$//' | sort -u | grep -v '^riskatlas '
}

artefacts=()

# --- Windows -------------------------------------------------------------------------------
if [ "$what" != linux ]; then
  echo "== cargo build --release --target $WIN"
  CARGO_TARGET_DIR=$win_target cargo build --release --locked --target "$WIN"
  exe=$win_target/$WIN/release/riskatlas.exe
  if ! x86_64-w64-mingw32-objdump -h "$exe" | grep -q '\.rsrc'; then
    echo "build.sh: $exe has no resources (icon, version): is windres installed?" >&2
    exit 1
  fi
  stage=$work/windows
  rm -rf "$stage"
  mkdir -p "$stage/maps"
  x86_64-w64-mingw32-strip -o "$stage/riskatlas.exe" "$exe"
  # riskatlas-cli.exe: the same program marked as a console program (PE optional header's
  # Subsystem 2 -> 3), so cmd.exe/PowerShell wait for it, pipes work and %ERRORLEVEL% is its
  # exit code. riskatlas.exe stays a GUI program (no console window from the Start menu).
  cp "$stage/riskatlas.exe" "$stage/riskatlas-cli.exe"
  pe=$(od -An -tu4 -j60 -N4 "$stage/riskatlas-cli.exe" | tr -d ' ')
  [ "$(od -An -c -j"$pe" -N2 "$stage/riskatlas-cli.exe" | tr -d ' ')" = PE ] ||
    { echo "build.sh: riskatlas.exe is not a PE file" >&2; exit 1; }
  subsystem=$(od -An -tu2 -j$((pe + 92)) -N2 "$stage/riskatlas-cli.exe" | tr -d ' ')
  [ "$subsystem" = 2 ] || { echo "build.sh: unexpected PE subsystem $subsystem" >&2; exit 1; }
  printf '\003' | dd of="$stage/riskatlas-cli.exe" bs=1 seek=$((pe + 92)) conv=notrunc status=none
  cp "$pack" "$stage/maps/"
  sed 's/$/\r/' packaging/LICENSE.txt >"$stage/LICENSE.txt"
  notice "$WIN" | sed 's/$/\r/' >"$stage/NOTICE.txt"
  setup=$dist/RiskAtlas-Setup-$version.exe
  echo "== makensis"
  makensis -V2 -INPUTCHARSET UTF8 \
    -DVERSION="$version" -DVIVERSION="$numeric.0" -DSTAGE="$stage" \
    -DICON="$root/assets/icons/riskatlas.ico" -DOUTFILE="$setup" \
    packaging/windows/riskatlas.nsi
  artefacts+=("$setup")
fi

# --- Linux .deb ----------------------------------------------------------------------------
if [ "$what" != windows ]; then
  deb_root=$work/deb
  rm -rf "$deb_root"
  mkdir -p "$deb_root/DEBIAN" "$deb_root/usr/bin" "$deb_root/usr/share/applications" \
    "$deb_root/usr/share/riskatlas/maps" "$deb_root/usr/share/doc/riskatlas" \
    "$deb_root/usr/share/icons/hicolor/scalable/apps"
  install -m 0755 -s "$host_bin" "$deb_root/usr/bin/riskatlas"
  install -m 0644 packaging/linux/riskatlas.desktop "$deb_root/usr/share/applications/"
  for png in assets/icons/hicolor/*/riskatlas.png; do
    size=$(basename "$(dirname "$png")")
    install -D -m 0644 "$png" "$deb_root/usr/share/icons/hicolor/$size/apps/riskatlas.png"
  done
  install -m 0644 assets/icons/riskatlas.svg "$deb_root/usr/share/icons/hicolor/scalable/apps/"
  install -m 0644 "$pack" "$deb_root/usr/share/riskatlas/maps/"
  install -m 0644 packaging/linux/copyright "$deb_root/usr/share/doc/riskatlas/copyright"
  notice x86_64-unknown-linux-gnu >"$deb_root/usr/share/doc/riskatlas/NOTICE.txt"
  installed_kb=$(du -sk --exclude=DEBIAN "$deb_root" | cut -f1)
  cat >"$deb_root/DEBIAN/control" <<EOF
Package: riskatlas
Version: $version
Architecture: amd64
Maintainer: Risk Atlas team <riskatlas@localhost>
Installed-Size: $installed_kb
Depends: libc6 (>= 2.35), libgcc-s1, libx11-6, libx11-xcb1, libxcursor1, libxi6, libxkbcommon0, libxkbcommon-x11-0, libvulkan1 | libegl1
Recommends: mesa-vulkan-drivers, libegl1, libwayland-client0, libwayland-egl1, libdbus-1-3, fontconfig
Section: science
Priority: optional
Description: desktop GIS for child-protection planning in Albania
 Risk Atlas overlays identified cases of children in economic exploitation, mine
 perimeters, coastal summer hotspots and services on a map of Albania, and shows
 where risk concentrates and where services are missing. Projects are GeoPackage
 files. Albanian and English user interface; works offline with the included
 Albania basemap pack. The same program runs batch work from the command line.
EOF
  deb=$dist/riskatlas_${version}_amd64.deb
  echo "== dpkg-deb --build"
  dpkg-deb --root-owner-group -Zxz --build "$deb_root" "$deb" >/dev/null
  artefacts+=("$deb")
fi

# --- report --------------------------------------------------------------------------------
echo
echo "Risk Atlas $version: artefacts in $dist"
for a in "${artefacts[@]}"; do
  printf '  %-40s %10s bytes  %s\n' "$(basename "$a")" "$(stat -c %s "$a")" "$(du -h "$a" | cut -f1)"
done
(cd "$dist" && sha256sum "${artefacts[@]##*/}" | tee SHA256SUMS)
