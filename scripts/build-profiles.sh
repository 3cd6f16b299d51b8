#!/usr/bin/env bash
# Build the press profiles in profiles/ from the measurement data Debian ships in
# icc-profiles-free (FOGRA and CGATS characterisation data, licence Zlib), with ArgyllCMS's
# colprof. Needs: apt-get install argyll icc-profiles-free.
#
# The settings follow colord's FOGRA39L_coated profile (-kp 0.0 0.3 0.94 0.94 0.48: no black
# below 30 % grey, then a long black ramp, so greys and dark tones lean on K). The profile
# is embedded in every print PDF, so its size counts: -ql, a coarse CMYK → Lab grid (its
# error against the measurements is 0.5 ΔE on average, 2 at most: profcheck), and -bm, a
# medium Lab → CMYK grid (with -bl the sample's blue prints ΔE 4.7 from the screen, with
# -bm ΔE 3.2); about 75 KB each, 50 KB compressed in the PDF. The ICC header's creation
# date is zeroed, so a rebuild gives the same bytes.
#
# Usage: scripts/build-profiles.sh [OUT_FOLDER [NAME ...]]   (default: profiles/, all four)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-profiles}
shift || true
only=" $* "
data=${ICC_DATA:-/usr/share/color/icc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# name  measurement data  ink limit %  description
while read -r name source limit description; do
    if [ "$only" != "  " ] && [[ "$only" != *" $name "* ]]; then continue; fi
    cp "$data/$source.ti3" "$work/$name.ti3"
    colprof -ql -bm -nc -kp 0.0 0.3 0.94 0.94 0.48 -l "$limit" \
        -D "$description (leaflet, from $source)" \
        -C "Built by leaflet from $source data (icc-profiles-free, Zlib licence); see NOTICE" \
        "$work/$name" >"$work/$name.log"
    python3 - "$work/$name.icc" "$out/$name.icc" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[24:36] = bytes(12)   # creation date and time: none, so rebuilds are identical
data[84:100] = bytes(16)  # profile ID (an MD5 that colprof may leave unset): unset
open(sys.argv[2], "wb").write(data)
PY
    echo "$out/$name.icc: $(stat -c %s "$out/$name.icc") bytes"
done <<'TABLE'
fogra39 FOGRA39L 300 Coated FOGRA39
fogra29 FOGRA29L 280 Uncoated FOGRA29
gracol  TR006    300 GRACoL coated (CGATS TR 006)
swop    TR003    300 SWOP grade 3 coated (CGATS TR 003)
TABLE
