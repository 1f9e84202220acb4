#!/usr/bin/env bash
# Renders the app icon from assets/icons/riskatlas.svg into the PNG sizes the Linux desktop
# uses (assets/icons/hicolor/<N>x<N>/riskatlas.png) and the multi-size Windows icon
# (assets/icons/riskatlas.ico, embedded into the .exe by build.rs and used by the installer).
# The outputs are committed, so builds need no image tools; run this after editing the SVG.
# Needs ImageMagick (`convert`); installs it with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v convert >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends imagemagick >/dev/null
fi

svg=assets/icons/riskatlas.svg
out=assets/icons
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for n in 16 24 32 48 64 128 256; do
  # Rendered at a density giving at least 256 px, then scaled: clean edges at every size.
  convert -background none -density 192 "$svg" -resize "${n}x${n}" "PNG32:$tmp/$n.png"
done
for n in 16 32 48 64 128 256; do
  mkdir -p "$out/hicolor/${n}x${n}"
  cp "$tmp/$n.png" "$out/hicolor/${n}x${n}/riskatlas.png"
done
convert "$tmp/16.png" "$tmp/24.png" "$tmp/32.png" "$tmp/48.png" "$tmp/64.png" \
  "$tmp/128.png" "$tmp/256.png" "$out/riskatlas.ico"
identify "$out/riskatlas.ico"
