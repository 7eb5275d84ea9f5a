#!/bin/sh
# Renders the app icon sizes from the one source drawing, meshcp.svg.
# Needs rsvg-convert (Debian: apt-get install librsvg2-bin). The PNGs are committed: builds never run this.
set -eu
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" meshcp.svg -o "meshcp-$size.png"
done
