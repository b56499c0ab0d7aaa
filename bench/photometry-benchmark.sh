#!/usr/bin/env bash
# Whole-process benchmark of `skyroute photometry` (bin/skyroute, and plain java -jar for comparison) against the photutils+astropy script doing the same
# work and against funpack merely decompressing the same frames. Prints the median of RUNS runs of each
# and the two ratios the README reports.
#
#   bench/photometry-benchmark.sh [FRAMES_DIR] [RUNS]
#
# FRAMES_DIR defaults to ../shared/data/lco-pds110 (all 30 frames); needs target/skyroute.jar
# (./mvnw -DskipTests package), Debian's python3-astropy + python3-photutils and funpack (libcfitsio-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES_DIR=${1:-../shared/data/lco-pds110}
RUNS=${2:-5}
mapfile -t FRAMES < <(find "$FRAMES_DIR" -name '*.fits.fz' | sort)
STARS=src/test/resources/photometry/stars.csv
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

median_seconds() {
  local times=()
  for ((i = 0; i < RUNS; i++)); do
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

funpack_all() { for f in "${FRAMES[@]}"; do funpack -S "$f" > /dev/null; done; }

echo "frames: ${#FRAMES[@]} from $FRAMES_DIR, stars: $(($(wc -l < "$STARS") - 1)), runs: $RUNS (median)"
java_s=$(median_seconds bin/skyroute photometry --positions "$STARS" --aperture-px 6 --annulus-px 12,18 --out "$OUT/java.csv" "${FRAMES[@]}")
jar_s=$(median_seconds java -jar target/skyroute.jar photometry --positions "$STARS" --aperture-px 6 --annulus-px 12,18 --out "$OUT/jar.csv" "${FRAMES[@]}")
python_s=$(median_seconds /usr/bin/python3 src/test/python/photutils_forced.py "$STARS" 6 12 18 "$OUT/python.csv" "${FRAMES[@]}")
funpack_s=$(median_seconds funpack_all)
printf 'skyroute photometry      %.3f s   (bin/skyroute, the launcher)\n' "$java_s"
printf '  java -jar (default JIT) %.3f s\n' "$jar_s"
printf 'photutils + astropy      %.3f s   (skyroute is %.1fx faster; goal >= 5x)\n' "$python_s" "$(echo "$python_s / $java_s" | bc -l)"
printf 'funpack (decompress only) %.3f s  (skyroute takes %.2fx of it; goal <= 1.5x)\n' "$funpack_s" "$(echo "$java_s / $funpack_s" | bc -l)"
