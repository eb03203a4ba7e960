#!/usr/bin/env bash
# `unbundle mrio TABLE` with --threads 1 and --threads 2 while another process keeps one core busy:
# waiting threads must not spin (target: threads 2 no slower than 1.25 x threads 1).
# Usage: bench/threads_busy_core.sh UNBUNDLE TABLE_DIR [REPEATS]
#   e.g. bench/threads_busy_core.sh _build/demo/apps/unbundle/unbundle ../shared/data/wiod2013/2011 5
# Prints the median wall time of each (seconds) and their ratio.
set -euo pipefail
ub="${1:?usage: $0 UNBUNDLE TABLE_DIR [REPEATS]}"
table="${2:?usage: $0 UNBUNDLE TABLE_DIR [REPEATS]}"
reps="${3:-5}"

busy() { while :; do :; done; }
busy &
hog=$!
trap 'kill "$hog" 2>/dev/null || true' EXIT

run() { # THREADS -> median wall seconds of `unbundle mrio`
    local t="$1" times=()
    "$ub" --threads "$t" mrio "$table" >/dev/null # warm the file cache
    for _ in $(seq "$reps"); do
        local t0 t1
        t0=$(date +%s.%N)
        "$ub" --threads "$t" mrio "$table" >/dev/null
        t1=$(date +%s.%N)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.3f\n", a[int((NR+1)/2)]}'
}

echo "one core kept busy by pid $hog; $reps runs each; OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-<unset>}"
t1=$(run 1)
t2=$(run 2)
echo "unbundle --threads 1 mrio: ${t1} s (median)"
echo "unbundle --threads 2 mrio: ${t2} s (median)"
echo "ratio threads 2 / threads 1: $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b / a }') (target <= 1.25)"
