#!/usr/bin/env bash
# Statistics + periodogram for many lightcurves, skyroute against astropy on the same data and grid.
# Generates N lightcurves of M points (numpy, seeded: uneven times over 100 d, errors 0.005-0.02 mag, a
# sinusoid in half of them), then times in one run:
#   * skyroute: StatisticsCalculator (every statistic + the exact generalised Lomb-Scargle + Baluev FAP), one JVM,
#     after a warm-up pass;
#   * astropy LombScargle(t, y, dy).power(grid) with method="auto" (= "fast" here, Press & Rybicki) and with the
#     exact "cython" method, and the largest |power difference| of each against skyroute on a few curves.
#
#   bench/analysis-benchmark.sh [N] [M]        # default 1000 lightcurves x 1000 points
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
M=${2:-1000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 - "$WORK" "$N" "$M" <<'PY'
import sys, numpy as np
work, n, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(20261201)
with open(work + '/lcs.csv', 'w') as f:
    f.write('id,time,mag,err\n')
    for k in range(n):
        t = np.sort(rng.uniform(0, 100, m)) + 58000
        dy = rng.uniform(0.005, 0.02, m)
        y = 15 + rng.normal(0, 1, m) * dy + (0.03 * np.sin(2 * np.pi * t / rng.uniform(0.3, 20)) if k % 2 else 0)
        for row in zip(t, y, dy):
            f.write('%d,%.17g,%.17g,%.17g\n' % (k, *row))
PY
./mvnw -q -o -DskipTests package test-compile > /dev/null
java -cp "target/classes:target/test-classes:target/lib/*" io.skyroute.bench.AnalysisBenchmark "$WORK/lcs.csv" "$WORK/skyroute_power.csv"
/usr/bin/python3 - "$WORK" <<'PY'
import sys, time, numpy as np
from astropy.timeseries import LombScargle
work = sys.argv[1]
data = np.loadtxt(work + '/lcs.csv', delimiter=',', skiprows=1)
ids = data[:, 0].astype(int)
curves = [data[ids == k, 1:] for k in range(ids.max() + 1)]
def grid(t):
    span = t.max() - t.min(); step = 1 / (5 * span); gaps = np.diff(np.sort(t)); gaps = gaps[gaps > 0]
    top = min(0.5 / np.median(gaps), 48.0); count = int(np.floor((top - step) / step)) + 1
    return step + step * np.arange(count)
grids = [grid(c[:, 0]) for c in curves]
for method in ('auto', 'cython'):
    todo = curves if method == 'auto' else curves[:50]
    start = time.perf_counter()
    for c, g in zip(todo, grids):
        LombScargle(c[:, 0], c[:, 1], c[:, 2]).power(g, method=method)
    took = time.perf_counter() - start
    print('astropy LombScargle method=%-6s %5d curves: %7.3f s  (%.2f ms per curve, %d frequencies)'
          % (method, len(todo), took, 1000 * took / len(todo), len(grids[0])))
reference = np.loadtxt(work + '/skyroute_power.csv', delimiter=',')
for method in ('auto', 'cython'):
    worst = 0.0
    for k in range(3):
        p = LombScargle(curves[k][:, 0], curves[k][:, 1], curves[k][:, 2]).power(grids[k], method=method)
        worst = max(worst, np.max(np.abs(p - reference[reference[:, 0] == k][:, 1])))
    print('largest |power difference|, skyroute vs astropy %-6s: %.2e' % (method, worst))
PY
