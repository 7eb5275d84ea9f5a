#!/bin/sh
# Renders every icon format from the one source drawing, meshcp.svg:
#   meshcp-{16,24,32,48,64,128,256,512}.png  rsvg-convert (Debian: librsvg2-bin)
#   meshcp.icns (macOS: 16 to 512)            png2icns (Debian: icnsutils)
#   meshcp.ico  (Windows: 16 to 256)          icotool (Debian: icoutils)
# The outputs are committed, so builds never need these tools; run this after changing meshcp.svg.
# --check renders into a temp dir and fails when a committed PNG differs (renderer versions can change a
# pixel or two: it compares sizes and that the .icns/.ico hold every size, not bytes).
set -eu
cd "$(dirname "$0")"
for tool in rsvg-convert png2icns icotool; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "error: $tool is missing: apt-get install librsvg2-bin icnsutils icoutils" >&2
    exit 1
  }
done
out=.
if [ "${1:-}" = --check ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" meshcp.svg -o "$out/meshcp-$size.png"
done
# png2icns takes the sizes Apple's format has (16, 32, 48, 128, 256, 512); icotool any up to 256 (-r: the
# 256 one stored as PNG, as Windows Vista and later read it, 10 times smaller than a bitmap).
png2icns "$out/meshcp.icns" "$out/meshcp-16.png" "$out/meshcp-32.png" "$out/meshcp-48.png" \
  "$out/meshcp-128.png" "$out/meshcp-256.png" "$out/meshcp-512.png" >/dev/null
icotool -c -o "$out/meshcp.ico" "$out/meshcp-16.png" "$out/meshcp-24.png" "$out/meshcp-32.png" \
  "$out/meshcp-48.png" "$out/meshcp-64.png" "$out/meshcp-128.png" -r "$out/meshcp-256.png"
if [ "$out" != . ]; then
  for f in meshcp.icns meshcp.ico; do
    [ -f "$f" ] || { echo "error: $f is not committed: run icons/render.sh" >&2; exit 1; }
  done
  [ "$(icns2png -l meshcp.icns | grep -c "32-bit icon")" -eq 6 ] || { echo "error: meshcp.icns lacks sizes" >&2; exit 1; }
  [ "$(icotool -l meshcp.ico | wc -l)" -eq 7 ] || { echo "error: meshcp.ico lacks sizes" >&2; exit 1; }
  echo "icons: rendered, and the committed .icns and .ico hold every size"
fi
