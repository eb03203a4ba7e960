#!/usr/bin/env bash
# Clean build of the `unbundle` program alone, as scripts/demo builds it (Release, -j2 by default):
# wall time of the whole build, and per translation unit its compile time and the compiler's peak
# memory (through a compiler launcher that records /usr/bin/time's output).
# Usage: bench/program_build.sh [JOBS] [single]   (from anywhere; builds in a temporary folder)
#   single: the same program as one translation unit (header-only, every source of the program
#   in one CMake unity file), the anchor of the split into files.
# Usage: bench/program_build.sh paired
#   both builds at once, one job each, one per core, so that both see the same machine (on a shared
#   host the speed drifts by 15-40 % within minutes): the CPU seconds of each and their ratio. On
#   two cores the split build's -j2 wall time is about half its CPU time (the table of TUs shows
#   how evenly they divide), so the -j2 wall-time ratio is about half the CPU ratio.
set -euo pipefail
JOBS=${1:-2}
MODE=${2:-split}
if [ "$JOBS" = paired ]; then
    self="$0"
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    bash "$self" 1 > "$out/split" 2>&1 &
    pid=$!
    bash "$self" 1 single > "$out/single" 2>&1
    wait "$pid"
    split_cpu=$(awk '/compile seconds summed/ { print $(NF - 1) }' "$out/split")
    single_cpu=$(awk '/compile seconds summed/ { print $(NF - 1) }' "$out/single")
    cat "$out/split"
    echo "split into files: $split_cpu s CPU; one translation unit, built at the same time: $single_cpu s CPU"
    awk -v a="$split_cpu" -v b="$single_cpu" 'BEGIN { printf "CPU ratio %.2f; -j2 wall-time ratio about %.2f\n", a / b, a / b / 2 }'
    exit 0
fi
EXTRA=()
if [ "$MODE" = single ]; then
    EXTRA=(-DUNBUNDLE_BUILD_COMPILED=OFF -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=0 -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON)
fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cat > "$TMP/launch.sh" <<'L'
#!/usr/bin/env bash
# records "peak_KiB wall_s cpu_s source" per compiler call (cpu: user + sys; the precompiled
# header's compilation is a .cxx file)
src=""
for a in "$@"; do case "$a" in *.cpp | *.cxx) src="$a" ;; esac; done
[ -n "$src" ] || exec "$@"
exec /usr/bin/time -a -o "$UNBUNDLE_BUILD_LOG" -f "%M %e %U %S ${src##*/}" "$@"
L
chmod +x "$TMP/launch.sh"
export UNBUNDLE_BUILD_LOG="$TMP/tu.log"
cmake -S "$ROOT" -B "$TMP/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DUNBUNDLE_BUILD_TESTS=OFF \
    -DUNBUNDLE_BUILD_EXAMPLES=OFF -DUNBUNDLE_INSTALL=OFF -DCMAKE_CXX_COMPILER_LAUNCHER="$TMP/launch.sh" "${EXTRA[@]}" >/dev/null
start=$(date +%s.%N)
cmake --build "$TMP/build" -j "$JOBS" --target unbundle_cli >/dev/null
end=$(date +%s.%N)
echo "translation unit            compile s (wall)   CPU s   peak memory MiB"
sort -k2 -rn "$TMP/tu.log" | awk '{printf "%-26s %18.1f %7.1f %17.0f\n", $5, $2, $3 + $4, $1 / 1024}'
awk -v s="$start" -v e="$end" -v j="$JOBS" 'BEGIN { printf "program build, -j%d: %.1f s wall\n", j, e - s }'
awk '{ if ($1 > m) m = $1; t += $2; c += $3 + $4 } END {
    printf "largest compiler peak: %.2f GiB; compile seconds summed: %.0f wall, %.0f CPU\n", m / 1048576, t, c }' "$TMP/tu.log"
