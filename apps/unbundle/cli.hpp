#pragma once
// The program's view of the argument parser: `command` and `option` are handles on CLI11's App
// and Option, and `run_program` parses the command line and runs the chosen subcommand; all are
// defined in cli.cpp, so that CLI11 (its validators and inline functions: about 2 s of compiling in
// every file that includes it) is compiled there only. Each member forwards to the CLI11 call named
// beside it: help texts, checks and messages are CLI11's.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
} // namespace CLI

namespace unbundle_cli {

/// An option or flag of a subcommand; a copy names the same option.
class option {
  public:
    explicit option(CLI::Option* o) : opt_(o) {}

    option& required();                              ///< must be given (`required`)
    option& positive();                              ///< a number > 0 (`CLI::PositiveNumber`)
    option& non_negative();                          ///< a number >= 0 (`CLI::NonNegativeNumber`)
    option& one_of(std::vector<std::string> values); ///< one of these words (`CLI::IsMember`)
    option& excludes(const option& other);           ///< not together with `other` (`excludes`)
    option& needs(const option& other);              ///< only together with `other` (`needs`)
    bool given() const;                              ///< it was on the command line (`count() > 0`)

  private:
    CLI::Option* opt_;
};

/// The program or one of its subcommands: adds subcommands, options, flags and the callback.
class command {
  public:
    explicit command(CLI::App& app) : app_(&app) {}

    /// A subcommand `name` with `description` (`add_subcommand`).
    command add_subcommand(const std::string& name, const std::string& description);

    /// An option, or a positional argument when `name` has no leading dash (`add_option`); the
    /// types the subcommands use (std::ptrdiff_t is unbundle::index_t).
    option add_option(const std::string& name, std::string& into, const std::string& help);
    option add_option(const std::string& name, int& into, const std::string& help);
    option add_option(const std::string& name, std::ptrdiff_t& into, const std::string& help);
    option add_option(const std::string& name, std::uint64_t& into, const std::string& help);
    option add_option(const std::string& name, double& into, const std::string& help);
    option add_option(const std::string& name, std::optional<double>& into, const std::string& help);

    /// A flag (`add_flag`).
    option add_flag(const std::string& name, bool& into, const std::string& help);

    /// Runs `f` when this command was given, once its options are parsed (`callback`).
    void on_parsed(std::function<void()> f);

  private:
    CLI::App* app_;
};

struct context;

/// The program: its global options (`--json`, `--threads`, `--sep`, `--version`, `--help`) into
/// `ctx`, the subcommands that `add_subcommands` adds, then the command line parsed and the chosen
/// subcommand's action run under `run_guarded`. Returns the exit status: a usage error (2) for an
/// unknown or missing subcommand, also with `--help`.
int run_program(context& ctx, int argc, char** argv, const std::function<void(command&)>& add_subcommands);

} // namespace unbundle_cli
