#!/usr/bin/env bash
# Compile time of the header-only library, side by side with <Eigen/Dense> alone.
# Usage: bench/compile_time.sh [REPEATS]   (from the repository root; CXX defaults to g++)
# The last row compiles examples/tour.cpp as a program that links unbundle::compiled would (-DUNBUNDLE_COMPILED).
# Prints, per workload, the smallest CPU time (user + sys of the compiler) over REPEATS rounds (each
# round compiles every workload once, in turn) and its ratio to <Eigen/Dense> + empty main. CPU time
# rather than wall time: other processes on the machine change the wall time, much less the CPU time.
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
compile() { # opt file [extra flags] -> CPU seconds (user + sys) of one compilation
    /usr/bin/time -f "%U %S" -o "$TMP/t" "$CXX" -std=c++17 "$1" ${3:-} -I"$ROOT/include" -isystem "$EIGEN" \
        -DUNBUNDLE_HAS_ZLIB=1 -DUNBUNDLE_SOURCE_DIR="\"$ROOT\"" -c "$2" -o "$TMP/out.o" ||
        { echo "compiling $2 failed" >&2; exit 1; }
    awk '{printf "%.2f", $1 + $2}' "$TMP/t"
}
# the workloads in turn, REPEATS rounds (the machine's speed drifts: each round sees the same drift)
names=("<Eigen/Dense> -O2" "umbrella -O2" "ppml -O2" "tour -O3" "tour -O3, compiled mode")
opts=(-O2 -O2 -O2 -O3 -O3)
files=(eigen_dense umbrella ppml tour tour)
extra=("" "" "" "" "-DUNBUNDLE_COMPILED=1")
best=()
for _ in $(seq "$REPEATS"); do
    for i in "${!names[@]}"; do
        t=$(compile "${opts[$i]}" "$TMP/${files[$i]}.cpp" "${extra[$i]}")
        if [ -z "${best[$i]:-}" ] || awk -v a="$t" -v b="${best[$i]}" 'BEGIN{exit !(a < b)}'; then best[$i]=$t; fi
    done
done
printf '%-28s %8s %8s\n' workload cpu_s ratio
for i in "${!names[@]}"; do
    printf '%-28s %8s %8s\n' "${names[$i]}" "${best[$i]}" "$(awk -v a="${best[$i]}" -v b="${best[0]}" 'BEGIN{printf "%.1f", a / b}')"
done
