// The one file of the program that includes CLI11: the parser interface of cli.hpp.

#include "cli.hpp"
#include "common.hpp"

#include <unbundle/version.hpp>

#include <CLI/CLI.hpp>

#include <string>
#include <utility>

namespace unbundle_cli {

option& option::required() {
    opt_->required();
    return *this;
}

option& option::positive() {
    opt_->check(CLI::PositiveNumber);
    return *this;
}

option& option::non_negative() {
    opt_->check(CLI::NonNegativeNumber);
    return *this;
}

option& option::one_of(std::vector<std::string> values) {
    opt_->check(CLI::IsMember(std::move(values)));
    return *this;
}

option& option::excludes(const option& other) {
    opt_->excludes(other.opt_);
    return *this;
}

option& option::needs(const option& other) {
    opt_->needs(other.opt_);
    return *this;
}

bool option::given() const { return opt_->count() > 0; }

command command::add_subcommand(const std::string& name, const std::string& description) {
    return command(*app_->add_subcommand(name, description));
}

option command::add_option(const std::string& name, std::string& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_option(const std::string& name, int& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_option(const std::string& name, std::ptrdiff_t& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_option(const std::string& name, std::uint64_t& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_option(const std::string& name, double& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_option(const std::string& name, std::optional<double>& into, const std::string& help) {
    return option(app_->add_option(name, into, help));
}

option command::add_flag(const std::string& name, bool& into, const std::string& help) {
    return option(app_->add_flag(name, into, help));
}

void command::on_parsed(std::function<void()> f) { app_->callback(std::move(f)); }

int run_program(context& ctx, int argc, char** argv, const std::function<void(command&)>& add_subcommands) {
    CLI::App app{"unbundle " UNBUNDLE_VERSION_STRING " - trade costs, gravity, general equilibrium and value chains"};
    app.require_subcommand(1);
    app.fallthrough();
    app.set_version_flag("--version", UNBUNDLE_VERSION_STRING);
    app.add_flag("--json", ctx.json, "Print exactly one JSON object on stdout");
    app.add_option("--threads", ctx.threads, "Threads for parallel work (default: all cores)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--sep", ctx.sep, "CSV field separator: ',' (default), ';' or tab");
    command program{app};
    add_subcommands(program);

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

} // namespace unbundle_cli
