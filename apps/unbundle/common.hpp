#pragma once
// Shared plumbing of the `unbundle` command-line program: global flags, exit codes, the error
// format of the contract (docs/cli.md), JSON output and timing. Each subcommand lives in
// cmd_<name>.cpp and defines `void register_<name>(command& program, context& ctx)` (declared in
// commands.hpp, over the parser interface of cli.hpp); its action is a named function over a plain
// options struct. CLI11 itself is included by cli.cpp only.

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <functional>
#include <string>

namespace unbundle {
struct csv_options;
struct solver_info;
} // namespace unbundle

namespace unbundle_cli {

using json = nlohmann::json;

/// Exit statuses of the contract.
enum exit_status : int { exit_ok = 0, exit_internal = 1, exit_usage = 2, exit_data = 3, exit_numerical = 4 };

/// Options every subcommand shares, and the action the chosen subcommand sets.
struct context {
    bool json = false;
    int threads = 0; ///< 0 = all cores
    std::string sep = ",";
    std::function<int()> action;

    /// The field separator as a character (',' ';' or tab).
    char separator() const;
    /// CSV options of the reader: the separator and the thread count.
    unbundle::csv_options csv() const;
    /// Threads to use: --threads, else all cores.
    int thread_count() const;
    /// Applies the thread count to Eigen/OpenMP.
    void apply_threads() const;
};

/// Wall-clock stopwatch for the `timing` object.
class stopwatch {
  public:
    stopwatch() : t0_(std::chrono::steady_clock::now()) {}
    double lap() {
        const auto t = std::chrono::steady_clock::now();
        const double s = std::chrono::duration<double>(t - t0_).count();
        t0_ = t;
        return s;
    }

  private:
    std::chrono::steady_clock::time_point t0_;
};

/// The goods, ideas and people parts of a cost, index or attribution, keyed by the library's names
/// of the cost components.
json cost_components_json(const std::array<double, 3>& v);

/// A solver's report in the contract's keys: {"iterations", "residual", "converged"}.
json solver_json(const unbundle::solver_info& s);

/// The contract's `timing` object: {"read_s", "compute_s"}.
json timing(double read_s, double compute_s);

/// Prints one JSON object on stdout (nlohmann prints doubles with round-trip precision).
void emit_json(const json& j);

/// Prints a progress line on stderr when stderr is a terminal.
void progress(const std::string& msg);

/// Ends a subcommand: the one JSON object with --json, else the readable table `print(j)` writes.
template <class Print> int finish(const context& ctx, const json& j, Print&& print) {
    if (ctx.json)
        emit_json(j);
    else
        print(j);
    return exit_ok;
}

/// Prints "unbundle: error: MSG" on stderr and returns `code`.
int fail(int code, const std::string& msg);

/// Runs a subcommand and turns the library's exceptions into the exit statuses of the contract.
int run_guarded(const std::function<int()>& f);

} // namespace unbundle_cli
