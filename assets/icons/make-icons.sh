#!/usr/bin/env bash
# Renders teller.svg into the icons the bundles use (run after changing the SVG; the results are committed):
# teller.png (Linux, window icon), teller-64.png / teller-32.png (window icon sizes), teller.ico (Windows),
# teller.icns (macOS). Needs: apt-get install librsvg2-bin imagemagick icnsutils
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for size in 16 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$size" -h "$size" teller.svg -o "$tmp/$size.png"
done
cp "$tmp/256.png" teller.png
cp "$tmp/64.png" teller-64.png
cp "$tmp/32.png" teller-32.png
convert "$tmp"/{16,32,48,64,128,256}.png teller.ico
png2icns teller.icns "$tmp"/{16,32,128,256,512,1024}.png >/dev/null
