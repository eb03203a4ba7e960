// The `unbundle` command-line program: every capability of the library for shells, scripts and
// other languages. Contract and extensions: docs/cli.md. One subcommand per cmd_<name>.cpp.

#include "cli.hpp"
#include "commands.hpp"
#include "common.hpp"

#include <unbundle/version.hpp>

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <string>

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
    CLI::App app{"unbundle " UNBUNDLE_VERSION_STRING " - trade costs, gravity, general equilibrium and value chains"};
    app.require_subcommand(1);
    app.fallthrough();
    app.set_version_flag("--version", UNBUNDLE_VERSION_STRING);
    app.add_flag("--json", ctx.json, "Print exactly one JSON object on stdout");
    app.add_option("--threads", ctx.threads, "Threads for parallel work (default: all cores)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--sep", ctx.sep, "CSV field separator: ',' (default), ';' or tab");

    command program{app};
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

    // A word where the subcommand belongs that names none: a usage error, also with --help (which
    // would otherwise print the top-level help and exit 0).
    const auto unknown_subcommand = [&app]() -> std::string {
        if (!app.get_subcommands().empty() || app.remaining().empty()) return {};
        std::string names;
        for (const CLI::App* s : app.get_subcommands([](const CLI::App*) { return true; }))
            names += (names.empty() ? "" : ", ") + s->get_name();
        return "unknown subcommand '" + app.remaining().front() + "' (subcommands: " + names + "; try --help)";
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        if (const std::string u = unknown_subcommand(); !u.empty()) return fail(exit_usage, u);
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        if (const std::string u = unknown_subcommand(); !u.empty()) return fail(exit_usage, u);
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        if (const std::string u = unknown_subcommand(); !u.empty()) return fail(exit_usage, u);
        return fail(exit_usage, e.what());
    }
    if (!ctx.action) return fail(exit_usage, "no subcommand given (try --help)");
    return run_guarded([&] {
        ctx.apply_threads();
        return ctx.action();
    });
}
