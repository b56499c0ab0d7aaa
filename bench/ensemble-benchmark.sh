#!/usr/bin/env bash
# The automatic comparison stars against the observer's (C1 + C2 of the data set's README), side by side:
# every frame of FRAMES_DIR sorted by filter into PDS_110/sbig/<filter>, reduced once with
# samples/reduction_config.yaml (C1 + C2) and once with the same aperture and no comparison stars
# (skyroute chooses them). Prints the normalised scatter of PDS 110 per filter for both.
#
#   bench/ensemble-benchmark.sh [FRAMES_DIR]      # default ../shared/data/lco-pds110 (30 frames)
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES_DIR=${1:-../shared/data/lco-pds110}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
JAR=$PWD/target/skyroute.jar
mapfile -t FRAMES < <(find "$FRAMES_DIR" -name '*.fits.fz' | sort)
for mode in observer automatic; do
  for f in "${FRAMES[@]}"; do
    filter=$(head -c 40000 "$f" | tr -d '\0' | grep -a -o "FILTER  = '[a-z]*" | head -1 | sed "s/.*'//")
    mkdir -p "$WORK/$mode/red/PDS_110/sbig/$filter"
    cp "$f" "$WORK/$mode/red/PDS_110/sbig/$filter/"
  done
  for d in "$WORK/$mode"/red/PDS_110/sbig/*; do
    if [ "$mode" = observer ]; then
      cp samples/reduction_config.yaml "$d/"
    else
      grep -v -e comparison_stars -e '^    - "' samples/reduction_config.yaml > "$d/reduction_config.yaml"
    fi
  done
  echo "data_dir: $WORK/$mode/var" > "$WORK/$mode/skyroute.yaml"
  java -jar "$JAR" reduce --config "$WORK/$mode/skyroute.yaml" "$WORK/$mode"/red/PDS_110/sbig/* 2>/dev/null \
    | grep -o "PDS_110 in [a-z]*: [0-9]* point(s), normalised scatter [0-9.]*" | sed "s/^/$mode: /"
done
