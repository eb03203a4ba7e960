// The `unbundle` command-line program: every capability of the library for shells, scripts and
// other languages. Contract and extensions: docs/cli.md. One subcommand per cmd_<name>.cpp.

#include "cli.hpp"
#include "commands.hpp"
#include "common.hpp"

#include <cstdlib>

#include <unistd.h>

namespace {

/// The program's runtime settings, which the runtime reads once when it is loaded (before main): so
/// when the user has set neither, the program sets them and runs itself again (once: they are then
/// set). When exec fails it carries on as it is.
///  - Waiting OpenMP threads sleep instead of spinning (OMP_WAIT_POLICY=passive), so that
///    `--threads 2` stays fast when another process keeps a core busy.
///  - glibc's malloc asks for transparent huge pages for its large blocks
///    (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, glibc 2.35 and later; ignored before): the n x n
///    matrices of a WIOD table then fault in 2 MiB pages, which took `unbundle mrio`'s accounts
///    from 0.093-0.098 s to 0.081-0.091 s on one thread.
void tune_runtime([[maybe_unused]] char** argv) {
#if defined(__linux__)
    bool changed = false;
#if defined(_OPENMP)
    if (std::getenv("OMP_WAIT_POLICY") == nullptr && setenv("OMP_WAIT_POLICY", "passive", 1) == 0) changed = true;
#endif
#if defined(__GLIBC__)
    if (std::getenv("GLIBC_TUNABLES") == nullptr && setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) == 0)
        changed = true;
#endif
    if (changed) execv("/proc/self/exe", argv);
#endif
}

} // namespace

int main(int argc, char** argv) {
    using namespace unbundle_cli;
    tune_runtime(argv);
    context ctx;
    return run_program(ctx, argc, argv, [&ctx](command& program) {
        register_demo(program, ctx);
        register_scenario(program, ctx);
        register_ge(program, ctx);
        register_info(program, ctx);
        register_world(program, ctx);
        register_scores(program, ctx);
        register_composite(program, ctx);
        register_mrio(program, ctx);
        register_measure(program, ctx);
        register_decompose(program, ctx);
        register_ppml(program, ctx);
        register_shock(program, ctx);
    });
}
