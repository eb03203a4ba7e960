// The `unbundle` command-line program: every capability of the library for shells, scripts and
// other languages. Contract and extensions: docs/cli.md. One subcommand per cmd_<name>.cpp.

#include "commands.hpp"
#include "common.hpp"

#include <unbundle/version.hpp>

#include <cstdlib>
#include <string>

#include <unistd.h>

namespace {

/// Waiting OpenMP threads sleep instead of spinning, so that `--threads 2` stays fast when another
/// process keeps a core busy. libgomp reads OMP_WAIT_POLICY once, when it is loaded (before main),
/// so when the user has not set it the program sets it and runs itself again (once: the variable
/// is then set). Without OpenMP, or when exec fails, it carries on as it is.
void wait_passively([[maybe_unused]] char** argv) {
#if defined(_OPENMP) && defined(__linux__)
    if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
    if (setenv("OMP_WAIT_POLICY", "passive", 1) != 0) return;
    execv("/proc/self/exe", argv);
#endif
}

} // namespace

int main(int argc, char** argv) {
    using namespace unbundle_cli;
    wait_passively(argv);
    context ctx;
    CLI::App app{"unbundle " UNBUNDLE_VERSION_STRING " - trade costs, gravity, general equilibrium and value chains"};
    app.require_subcommand(1);
    app.fallthrough();
    app.set_version_flag("--version", UNBUNDLE_VERSION_STRING);
    app.add_flag("--json", ctx.json, "Print exactly one JSON object on stdout");
    app.add_option("--threads", ctx.threads, "Threads for parallel work (default: all cores)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--sep", ctx.sep, "CSV field separator: ',' (default), ';' or tab");

    register_demo(app, ctx);
    register_scenario(app, ctx);
    register_ge(app, ctx);
    register_info(app, ctx);
    register_world(app, ctx);
    register_scores(app, ctx);
    register_composite(app, ctx);
    register_mrio(app, ctx);
    register_measure(app, ctx);
    register_decompose(app, ctx);
    register_ppml(app, ctx);
    register_shock(app, ctx);

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
