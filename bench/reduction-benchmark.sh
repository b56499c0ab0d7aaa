#!/usr/bin/env bash
# Throughput of `skyroute reduce` on real frames: every frame of FRAMES_DIR sorted by filter into
# PDS_110/sbig/<filter> datasets (with samples/reduction_config.yaml), then reduced three times in one
# process each: from scratch (catalogue + every frame measured), again (nothing new: incremental) and with
# --update-phot (every frame measured again, catalogue kept). Prints frames/s and datasets/min.
#
#   bench/reduction-benchmark.sh [FRAMES_DIR]      # default ../shared/data/lco-pds110 (30 frames)
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES_DIR=${1:-../shared/data/lco-pds110}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
JAR=$PWD/target/skyroute.jar
mapfile -t FRAMES < <(find "$FRAMES_DIR" -name '*.fits.fz' | sort)
for f in "${FRAMES[@]}"; do
  # the FILTER card of the SCI header, read from the file's first blocks
  filter=$(python3 - "$f" <<'PY'

import sys
data = open(sys.argv[1], 'rb').read(40000).decode('latin-1')
i = data.find('FILTER  = ')
print(data[i + 11:i + 30].split("'")[0].strip() if i >= 0 else 'unknown')
PY
)
  mkdir -p "$WORK/red/PDS_110/sbig/$filter"
  cp "$f" "$WORK/red/PDS_110/sbig/$filter/"
done
DATASETS=("$WORK"/red/PDS_110/sbig/*)
for d in "${DATASETS[@]}"; do cp samples/reduction_config.yaml "$d/"; done
cat > "$WORK/skyroute.yaml" <<YAML
data_dir: $WORK/var
YAML
run() {
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  java -jar "$JAR" reduce --config "$WORK/skyroute.yaml" "$@" "${DATASETS[@]}" > "$WORK/out.txt" 2>/dev/null
  end=$(date +%s.%N)
  local s; s=$(echo "$end - $start" | bc -l)
  printf '%-34s %6.2f s  %6.1f frames/s  %6.1f datasets/min\n' "$label" "$s" "$(echo "${#FRAMES[@]} / $s" | bc -l)" \
    "$(echo "${#DATASETS[@]} * 60 / $s" | bc -l)"
}
echo "${#FRAMES[@]} frames in ${#DATASETS[@]} datasets (whole process, JVM start included)"
run "from scratch (catalogue + all)"
run "again (incremental, nothing new)"
run "--update-phot (all measured again)" --update-phot
grep -h "normalised scatter" "$WORK/out.txt" || true
