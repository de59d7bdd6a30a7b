#!/usr/bin/env bash
# One sitting of issue 16's wall-clock and memory figures, from the project root after `npm run build`,
# on a quiet machine (nothing else running). Every run is printed; nothing is asserted.
#   bench/sitting.sh [pairs at 1e5 = 5] [pairs at 1e6 = 3] [worker pairs at 1e6 = 2] [rss paths = 10000000]
# Prints one line per run: what, paths, seconds, peak RSS (KB), then the load average.
# PIN=<cpu> (default 1): the one-thread pairs run both programs pinned to that one CPU with taskset,
# so that each gets the same core (this host's two vCPUs have run at different speeds: see the
# per-CPU probe lines, a 20 480-path chunk in-process, three times, pinned to each CPU). PIN=none
# leaves them unpinned.
set -u
P5=${1:-5}; P6=${2:-3}; PW=${3:-2}; RSSN=${4:-10000000}; PIN=${PIN:-1}
PINCMD=(); [ "$PIN" != none ] && PINCMD=(taskset -c "$PIN")
cpuProbe() { for c in $(seq 0 $(($(nproc --all) - 1))); do echo "cpu$c chunk ms: $(taskset -c "$c" node bench/probes/chunkTime.mjs dist scenarios/baseline.json | awk '{print $3}' | tr '\n' ' ')"; done; }
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
out=$(mktemp -d)
stamp() { echo "# $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
eastward() { local pre=(); [ "${3:-}" = pin ] && pre=("${PINCMD[@]}"); /usr/bin/time -f "eastward-w$2 $1 %e s %M KB${3:+ pinned $PIN}" "${pre[@]}" node dist/bin.js run scenarios/baseline.json --runs "$1" --workers "$2" --out "$out/e" --quiet >/dev/null; }
# The twin prints a line of its own on stderr: only time's line is kept.
twin() { /usr/bin/time -f "twin $1 %e s %M KB pinned $PIN" "${PINCMD[@]}" sh -c "python3 bench/numpy_twin.py --runs $1 --chunk 100000 --seed 7 --out $out/twin.json 2>/dev/null"; }
echo "# commit $(git rev-parse --short HEAD), node $(node -v), $(python3 -c 'import numpy; print("numpy", numpy.__version__)'), $(nproc --all) cores"
stamp
cpuProbe
# 1. One thread against the NumPy twin, interleaved A B A B (pinned to CPU $PIN unless PIN=none).
echo "# one-thread pairs pinned to: $PIN"
for i in $(seq "$P5"); do eastward 100000 1 pin; twin 100000; done
stamp
for i in $(seq "$P6"); do eastward 1000000 1 pin; twin 1000000; done
stamp
# 2. Two workers against one at 10^6 paths, interleaved, unpinned.
for i in $(seq "$PW"); do eastward 1000000 2; eastward 1000000 1; done
stamp
# 3. Peak RSS end to end (default workers) at 10^5 and at RSSN paths.
[ "$RSSN" -gt 0 ] && for n in 100000 "$RSSN"; do /usr/bin/time -f "rss-cli $n %e s %M KB" node dist/bin.js run scenarios/baseline.json --runs "$n" --out "$out/r" --quiet >/dev/null; done
stamp
cpuProbe
rm -rf "$out"
