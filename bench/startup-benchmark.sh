#!/usr/bin/env bash
# Start-up of the one-shot commands, side by side: bin/skyroute (its JIT choice and class archives) against
# plain `java -jar` (the reference: what a user without the launcher gets). A small embedded ledger, an empty
# folder for sort, an LCO archive stand-in with no frames for download (python3's http.server on a free
# loopback port), and the shared frames reduced from scratch. Needs hyperfine (Debian package) and
# target/skyroute.jar (./mvnw -DskipTests package).
#
#   bench/startup-benchmark.sh [FRAMES_DIR] [RUNS]     # default ../shared/data/lco-pds110, 5 runs
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES_DIR=${1:-../shared/data/lco-pds110}
RUNS=${2:-5}
ROOT=$PWD
JAR=$ROOT/target/skyroute.jar
WORK=$(mktemp -d)
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER"; rm -rf "$WORK"' EXIT
cd "$WORK"
export SKYROUTE_CDS_DIR=$WORK/cds LCO_TOKEN=not-a-real-token
printf 'data_dir: %s/var\n' "$WORK" > skyroute.yaml
mkdir -p empty dl red log
java -jar "$JAR" db migrate --config skyroute.yaml > /dev/null 2>&1

python3 - <<'PY' &
import http.server, json
class Empty(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"count": 0, "next": None, "previous": None, "results": []}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *args): pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Empty)
open("port.tmp", "w").write(str(server.server_address[1])); __import__("os").rename("port.tmp", "port")
server.serve_forever()
PY
SERVER=$!
for _ in $(seq 1 50); do [ -f port ] && break; sleep 0.1; done
PORT=$(cat port)
cat > data_download.yaml <<YAML
archives:
    lco:
        name: 'LCO'
        active: True
        url: 'http://127.0.0.1:$PORT/'
        token_envvar: 'LCO_TOKEN'
        proposals: ['BENCH-001']
        reduction_level: {image: 91, spectrum: 91}
log_dir: '$WORK/log'
data_download_dir: '$WORK/dl'
data_reduction_dir: '$WORK/red'
start_datetime: 'None'
end_datetime: 'None'
default_red_config: '$ROOT/samples/reduction_config.yaml'
YAML

# the shared frames sorted by filter into two datasets, kept pristine for each reduce run
mkdir -p pristine/PDS_110/sbig
while IFS= read -r f; do
  filter=$(python3 -c "
import sys; d = open(sys.argv[1], 'rb').read(40000).decode('latin-1'); i = d.find('FILTER  = ')
print(d[i + 11:i + 30].split(\"'\")[0].strip())" "$f")
  mkdir -p "pristine/PDS_110/sbig/$filter"
  cp "$f" "pristine/PDS_110/sbig/$filter/"
done < <(find "$ROOT/$FRAMES_DIR" -name '*.fits.fz' | sort)
for d in pristine/PDS_110/sbig/*; do cp "$ROOT/samples/reduction_config.yaml" "$d/"; done
fresh="rm -rf $WORK/red-run $WORK/var-reduce && cp -r $WORK/pristine $WORK/red-run && java -jar $JAR db migrate --config $WORK/reduce.yaml > /dev/null 2>&1"
printf 'data_dir: %s/var-reduce\n' "$WORK" > reduce.yaml
reduce_args="--config $WORK/reduce.yaml $(for d in pristine/PDS_110/sbig/*; do printf '%s ' "$WORK/red-run/PDS_110/sbig/$(basename "$d")"; done)"

bench() {
  local name=$1; shift
  hyperfine --style basic --runs "$RUNS" --warmup 1 --export-markdown "$WORK/$name.md" "$@" > /dev/null
  tail -n +3 "$WORK/$name.md"
}
echo "| command | mean ± σ | min | max | relative |"
echo "|---|---|---|---|---|"
bench status -n "bin/skyroute status" "$ROOT/bin/skyroute status --config skyroute.yaml" \
  -n "java -jar status" "java -jar $JAR status --config skyroute.yaml"
bench config -n "bin/skyroute config check" "$ROOT/bin/skyroute config check $ROOT/config/skyroute.yaml" \
  -n "java -jar config check" "java -jar $JAR config check $ROOT/config/skyroute.yaml"
bench help -n "bin/skyroute --help" "$ROOT/bin/skyroute --help" -n "java -jar --help" "java -jar $JAR --help"
bench sort -n "bin/skyroute sort (nothing to sort)" "$ROOT/bin/skyroute sort --config skyroute.yaml empty" \
  -n "java -jar sort (nothing to sort)" "java -jar $JAR sort --config skyroute.yaml empty"
bench download -n "bin/skyroute download (no new frames)" "$ROOT/bin/skyroute download --config skyroute.yaml data_download.yaml" \
  -n "java -jar download (no new frames)" "java -jar $JAR download --config skyroute.yaml data_download.yaml"
bench reduce --prepare "$fresh" -n "bin/skyroute reduce (30 frames from scratch)" "$ROOT/bin/skyroute reduce $reduce_args" \
  -n "java -jar reduce (30 frames from scratch)" "java -jar $JAR reduce $reduce_args"
