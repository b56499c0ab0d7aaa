#!/usr/bin/env bash
# Reductions through the RabbitMQ work queue: N datasets (each three rp frames of the shared PDS 110 data under
# its own target name) reduced by one worker process, then by two, on fresh copies; wall time, datasets/s and
# the workers' CPU; and the queue's own cost per job. Needs PostgreSQL and RabbitMQ on 127.0.0.1.
#
#   bench/cluster-benchmark.sh [N] [FRAMES_DIR]      # default 40 datasets, ../shared/data/lco-pds110
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-40}
FRAMES_DIR=${2:-../shared/data/lco-pds110}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mapfile -t RP < <(grep -l "FILTER  = 'rp" -r "$FRAMES_DIR" --include="*.fits.fz" -a | sort | head -n 3)
for workers in 1 2; do
  for i in $(seq 1 "$N"); do
    d="$WORK/w$workers/reduction/T$i/sbig/rp"
    mkdir -p "$d"
    cp "${RP[@]}" "$d/"
    cp samples/reduction_config.yaml "$d/"
  done
done
./mvnw -q -o -DskipTests package test-compile > /dev/null
java -cp "target/classes:target/test-classes:target/lib/*" io.skyroute.bench.ClusterBenchmark "$WORK" "$PWD/target/skyroute.jar" \
  "${SKYROUTE_BENCH_PG:-jdbc:postgresql://127.0.0.1:5432/test}"
