#!/usr/bin/env bash
# Real-size frames through the daemon on its defaults (issue 42): N frames of 4096 x 4096 with SCI, BPM and ERR,
# fpacked as LCO's pipeline writes them, made from the sample frames by src/test/python/real_size_frames.py
# (astropy, scipy), dropped at once into `bin/skyroute run` (its heap sized from the configuration: 748 MB at the
# defaults), sampled every second with ps until the lightcurves hold every frame. Prints the peak resident set,
# the time from the drop to the last point, the time per frame, and funpack's time to decompress the same frames
# (one process per frame, single-threaded, to /dev/null) for comparison.
#
#   bench/real-size-benchmark.sh [N] [FRAMES_DIR]     # default 20 frames, made in a temporary folder
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20}
ROOT=$PWD
WORK=$(mktemp -d)
FRAMES_DIR=${2:-$WORK/frames}
DAEMON=""
trap '[ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
if [ ! -d "$FRAMES_DIR" ] || [ "$(find "$FRAMES_DIR" -name '*.fits.fz' | wc -l)" -lt "$N" ]; then
  /usr/bin/python3 src/test/python/real_size_frames.py "$FRAMES_DIR" "$N" > /dev/null
fi
mapfile -t FRAMES < <(find "$FRAMES_DIR" -name '*.fits.fz' | sort | head -n "$N")

funpack_start=$(date +%s.%N)
for f in "${FRAMES[@]}"; do funpack -S "$f" > /dev/null; done
funpack_s=$(echo "$(date +%s.%N) - $funpack_start" | bc -l)

cat > "$WORK/red_template.yaml" <<'YAML'
target: {name: PDS_110, RA: "05:23:30.99", Dec: "-01:04:24.0"}
photometry:
  aperture_arcsec: 6.96     # comparison stars chosen automatically (the observer's two lie outside the 4096 x 4096 cut)
YAML
cat > "$WORK/skyroute.yaml" <<YAML
data_dir: $WORK/var
sorting:
  default_red_config: $WORK/red_template.yaml
reduction:
  debounce_ms: 5000
  due_check_ms: 1000
management:
  http_port: 0
YAML
SKYROUTE_CDS=off "$ROOT/bin/skyroute" run --config "$WORK/skyroute.yaml" > "$WORK/console.log" 2>&1 &
DAEMON=$!
for _ in $(seq 1 120); do grep -q "(skyroute) started" "$WORK/console.log" && break; sleep 0.5; done
JAVA_PID=$(pgrep -P "$DAEMON" java || echo "$DAEMON")
heap_flag=$(tr '\0' ' ' < "/proc/$JAVA_PID/cmdline" | grep -o -- '-Xmx[0-9]*m' || true)
mkdir -p "$WORK/stage"
for f in "${FRAMES[@]}"; do cp "$f" "$WORK/stage/"; done
start=$(date +%s.%N)
for f in "$WORK"/stage/*; do mv "$f" "$WORK/var/drop/"; done
peak=0
points() { cat "$WORK"/var/reduction/PDS_110/sbig/*/PDS_110_*_lc.csv 2>/dev/null | grep -vc '^time' || true; }
# frames a reduction left out with its reason (a frame is done when it is a point or excluded)
excluded() { grep -ho 'excluded [^:]*' "$WORK"/var/reduction/PDS_110/sbig/*/aperture_pipeline.log 2>/dev/null | sort -u | wc -l; }
while true; do
  if ! kill -0 "$JAVA_PID" 2>/dev/null; then echo "the daemon stopped; its log:"; tail -20 "$WORK/console.log"; exit 1; fi
  rss=$(ps -o rss= -p "$JAVA_PID" | tr -d ' ')
  [ "${rss:-0}" -gt "$peak" ] && peak=$rss
  if [ $(($(points) + $(excluded))) -ge "$N" ]; then break; fi
  sleep 1
done
end=$(date +%s.%N)
elapsed=$(echo "$end - $start" | bc -l)
per_frame=$(echo "$elapsed / $N" | bc -l)
printf '%d real-size frames (4096 x 4096, SCI+BPM+ERR): %d lightcurve points, %d excluded with a reason, in %.1f s: %.2f s a frame (heap %s)\n' \
  "$N" "$(points)" "$(excluded)" "$elapsed" "$per_frame" "$heap_flag"
printf 'funpack on the same frames: %.1f s, %.2f s a frame; reduction / funpack: %.2fx\n' "$funpack_s" \
  "$(echo "$funpack_s / $N" | bc -l)" "$(echo "$elapsed / $funpack_s" | bc -l)"
printf 'resident set: peak %d MB\n' $((peak / 1024))
grep -h "excluded" "$WORK"/var/reduction/PDS_110/sbig/*/aperture_pipeline.log 2>/dev/null | head -5 || true
