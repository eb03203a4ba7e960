#!/usr/bin/env bash
# Times the `unbundle` program on the workloads that docs/performance.md compares with reference
# tools (pymrio calc_all, R decompr kww, data.table::fread), REPEATS runs each, and prints for each
# the smallest of: the whole process's wall time, its CPU time (user + system), and the program's
# own `--json` timing (compute_s, or read_s for the panel; `info` reads the panel and does little
# else, so its process CPU time is the reader's).
# Usage: bench/program_timings.sh UNBUNDLE WIOD_YEAR_DIR PANEL_CSV [REPEATS]
#   e.g. bench/program_timings.sh _build/release/apps/unbundle/unbundle DATA/wiod2013/2011 /tmp/gravity_medium.csv 5
#   (PANEL_CSV: the `medium` panel of gen_gravity.py; docs/performance.md, D3)
set -euo pipefail
ub="${1:?usage: $0 UNBUNDLE WIOD_YEAR_DIR PANEL_CSV [REPEATS]}"
table="${2:?usage: $0 UNBUNDLE WIOD_YEAR_DIR PANEL_CSV [REPEATS]}"
panel="${3:?usage: $0 UNBUNDLE WIOD_YEAR_DIR PANEL_CSV [REPEATS]}"
reps="${4:-5}"
formula='trade ~ rta + policy | exporter^year + importer^year + exporter^importer'
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# NAME FIELD THREADS ARGS... : REPEATS runs; prints the minima over the runs
measure() {
    local name="$1" field="$2" threads="$3"
    shift 3
    "$ub" --threads "$threads" "$@" --json >/dev/null # warm the file cache
    : >"$tmp/rows"
    for _ in $(seq "$reps"); do
        /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$ub" --threads "$threads" "$@" --json >"$tmp/out.json"
        read -r wall user sys <"$tmp/time"
        own=$(jq -r ".timing.$field" "$tmp/out.json")
        echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $own" >>"$tmp/rows"
    done
    awk -v n="$name" -v t="$threads" -v f="$field" '
        NR == 1 { w = $1; c = $2; o = $3 }
        { if ($1 < w) w = $1; if ($2 < c) c = $2; if ($3 < o) o = $3 }
        END { printf "%-34s threads %d  %s %.3f s  process wall %.3f s  process CPU %.3f s  (min of %d)\n", n, t, f, o, w, c, NR }' \
        "$tmp/rows"
}

echo "load: $(cut -d' ' -f1-3 /proc/loadavg); $reps runs each; $("$ub" --version 2>/dev/null | head -n 1)"
measure "mrio (accounts), WIOD" compute_s 1 mrio "$table"
measure "decompose --method kww, WIOD" compute_s 1 decompose "$table" --method kww
measure "ppml, medium panel" read_s 1 ppml "$panel" "$formula"
measure "ppml, medium panel" read_s 2 ppml "$panel" "$formula"
# the reading alone (whose process CPU time is the reader's): `unbundle info` describes the frame
measure "info, medium panel" read_s 1 info "$panel"
measure "info, medium panel" read_s 2 info "$panel"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
