#!/usr/bin/env bash
# The daemon's resident set while it ingests and reduces N frames: `bin/skyroute run` with its default heap
# settings (plus JAVA_OPTS, e.g. JAVA_OPTS=-Xmx256m), N frames dropped into its drop folder at once (hard links
# to the shared frames under new names: two datasets of N/2), sampled every second with ps until both
# lightcurves hold every frame. Prints the peak and final RSS, the heap the JVM settled on, and the time.
#
#   bench/memory-benchmark.sh [N] [FRAMES_DIR]      # default 2000 frames from ../shared/data/lco-pds110
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
FRAMES_DIR=${2:-../shared/data/lco-pds110}
ROOT=$PWD
WORK=$(mktemp -d)
DAEMON=""
trap '[ -n "$DAEMON" ] && kill "$DAEMON" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
mapfile -t FRAMES < <(find "$ROOT/$FRAMES_DIR" -name '*.fits.fz' | sort)
cat > "$WORK/red_template.yaml" <<'YAML'
target: {name: PDS_110, RA: "05:23:30.99", Dec: "-01:04:24.0"}
photometry:
  aperture_arcsec: 6.96
YAML
cat > "$WORK/skyroute.yaml" <<YAML
data_dir: $WORK/var
sorting:
  default_red_config: $WORK/red_template.yaml
reduction:
  debounce_ms: 5000
  due_check_ms: 1000
  max_image_pixels: 1600000   # the shared frames' SBIG camera (1523 x 1020): the launcher sizes the heap for it (198 MB)
management:
  http_port: 0
YAML
SKYROUTE_CDS=off "$ROOT/bin/skyroute" run --config "$WORK/skyroute.yaml" > "$WORK/console.log" 2>&1 &
DAEMON=$!
for _ in $(seq 1 120); do grep -q "(skyroute) started" "$WORK/console.log" && break; sleep 0.5; done
JAVA_PID=$(pgrep -P "$DAEMON" java || echo "$DAEMON")
mkdir -p "$WORK/links"
for ((i = 0; i < N; i++)); do
  f=${FRAMES[$((i % ${#FRAMES[@]}))]}
  name=$(basename "$f" .fits.fz)-c$i.fits.fz
  ln "$f" "$WORK/links/$name"
done
start=$(date +%s.%N)
for link in "$WORK"/links/*; do mv "$link" "$WORK/var/drop/"; done
peak=0
points() { cat "$WORK"/var/reduction/PDS_110/sbig/*/PDS_110_*_lc.csv 2>/dev/null | grep -vc '^time' || true; }
while true; do
  rss=$(ps -o rss= -p "$JAVA_PID" | tr -d ' ')
  [ "$rss" -gt "$peak" ] && peak=$rss
  n=$(points)
  if [ "$n" -ge "$N" ]; then break; fi
  if ! kill -0 "$JAVA_PID" 2>/dev/null; then echo "the daemon stopped; see its log:"; tail -20 "$WORK/console.log"; exit 1; fi
  sleep 1
done
end=$(date +%s.%N)
sleep 3
final=$(ps -o rss= -p "$JAVA_PID" | tr -d ' ')
heap=$(jcmd "$JAVA_PID" GC.heap_info 2>/dev/null | grep -m1 -i "total" | sed 's/^ *//')
printf '%d frames dropped, sorted and reduced into %d lightcurve points in %.0f s (JAVA_OPTS=%s)\n' "$N" "$(points)" \
  "$(echo "$end - $start" | bc -l)" "${JAVA_OPTS:-none}"
printf 'resident set: peak %d MB, after %d MB; heap: %s\n' $((peak / 1024)) $((final / 1024)) "$heap"
# the collectors' pauses summed (HotSpot's performance counters, in ticks of sun.os.hrt.frequency), and the process's CPU
jcmd "$JAVA_PID" PerfCounter.print 2>/dev/null | awk -F= '/sun.os.hrt.frequency/ {f = $2} /sun.gc.collector.[0-9]+.time=/ {t += $2}
  /sun.gc.collector.[0-9]+.invocations=/ {n += $2} END {if (f > 0) printf "garbage collection: %d pauses, %.1f s\n", n, t / f}'
printf 'CPU time: %s\n' "$(ps -o time= -p "$JAVA_PID" | tr -d ' ')"
if [ -n "${HISTOGRAM:-}" ]; then jcmd "$JAVA_PID" GC.class_histogram | head -25; fi
if [ -n "${NMT:-}" ]; then jcmd "$JAVA_PID" VM.native_memory summary | grep -E "committed" | head -25; fi
