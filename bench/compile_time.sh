#!/usr/bin/env bash
# Compile time of the header-only library, side by side with <Eigen/Dense> alone.
# Usage: bench/compile_time.sh [REPEATS]   (from the repository root; CXX defaults to g++)
# The last row compiles examples/tour.cpp as a program that links unbundle::compiled would (-DUNBUNDLE_COMPILED).
# Prints, per workload, the smallest CPU time (user + sys of the compiler) over REPEATS runs and
# its ratio to <Eigen/Dense> + empty main. CPU time rather than wall time: other processes on the
# machine change the wall time, much less the CPU time.
set -euo pipefail
REPEATS=${1:-3}
CXX=${CXX:-g++}
EIGEN=${EIGEN_INCLUDE:-/usr/include/eigen3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf '#include <Eigen/Dense>\nint main() {}\n' > "$TMP/eigen_dense.cpp"
printf '#include <unbundle/unbundle.hpp>\nint main() {}\n' > "$TMP/umbrella.cpp"
printf '#include <unbundle/gravity/ppml.hpp>\nint main() {}\n' > "$TMP/ppml.cpp"
cp "$ROOT/examples/tour.cpp" "$TMP/tour.cpp"
measure() { # name opt file [extra flags]
    local best=""
    for _ in $(seq "$REPEATS"); do
        /usr/bin/time -f "%U %S" -o "$TMP/t" "$CXX" -std=c++17 "$2" ${4:-} -I"$ROOT/include" -isystem "$EIGEN" \
            -DUNBUNDLE_HAS_ZLIB=1 -DUNBUNDLE_SOURCE_DIR="\"$ROOT\"" -c "$3" -o "$TMP/out.o" ||
            { echo "compiling $3 failed" >&2; exit 1; }
        local t
        t=$(awk '{printf "%.2f", $1 + $2}' "$TMP/t")
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a < b)}'; then best=$t; fi
    done
    echo "$1 $best"
}
base=$(measure eigen_dense -O2 "$TMP/eigen_dense.cpp" | awk '{print $2}')
printf '%-28s %8s %8s\n' workload cpu_s ratio
printf '%-28s %8s %8s\n' "<Eigen/Dense> -O2" "$base" 1.0
for w in "umbrella -O2" "ppml -O2" "tour -O3"; do
    set -- $w
    t=$(measure "$1" "$2" "$TMP/$1.cpp" | awk '{print $2}')
    printf '%-28s %8s %8s\n' "$1 $2" "$t" "$(awk -v a="$t" -v b="$base" 'BEGIN{printf "%.1f", a / b}')"
done
# the same program in the compiled mode (linked with unbundle::compiled; compiling only here)
t=$(measure tour -O3 "$TMP/tour.cpp" -DUNBUNDLE_COMPILED=1 | awk '{print $2}')
printf '%-28s %8s %8s\n' "tour -O3, compiled mode" "$t" "$(awk -v a="$t" -v b="$base" 'BEGIN{printf "%.1f", a / b}')"
