#pragma once
// Shared plumbing of the `unbundle` command-line program: global flags, exit codes, the error
// format of shared/spec/cli.md, JSON output and timing. Each subcommand lives in cmd_<name>.hpp
// and provides `void register_<name>(CLI::App& app, context& ctx)`.

#include <unbundle/unbundle.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <thread>

#ifdef _OPENMP
#include <omp.h>
#endif
#include <unistd.h>

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
    char separator() const {
        if (sep == "tab" || sep == "\\t" || sep == "\t") return '\t';
        if (sep.size() != 1) throw unbundle::usage_error("--sep must be one character or 'tab', got '" + sep + "'");
        return sep[0];
    }
    unbundle::csv_options csv() const {
        unbundle::csv_options o;
        o.sep = separator();
        return o;
    }
    /// Threads to use: --threads, else all cores.
    int thread_count() const {
        if (threads > 0) return threads;
        const unsigned hc = std::thread::hardware_concurrency();
        return hc ? static_cast<int>(hc) : 1;
    }
    /// Applies the thread count to Eigen/OpenMP.
    void apply_threads() const {
#ifdef _OPENMP
        omp_set_num_threads(thread_count());
#endif
        Eigen::setNbThreads(thread_count());
    }
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

inline json timing(double read_s, double compute_s) { return json{{"read_s", read_s}, {"compute_s", compute_s}}; }

/// Prints one JSON object on stdout (nlohmann prints doubles with round-trip precision).
inline void emit_json(const json& j) { std::cout << j.dump(2) << std::endl; }

/// Prints a progress line on stderr when stderr is a terminal.
inline void progress(const std::string& msg) {
    if (isatty(fileno(stderr))) std::cerr << "\r" << msg << std::flush;
}

/// Ends a subcommand: the one JSON object with --json, else the readable table `print(j)` writes.
template <class Print> int finish(const context& ctx, const json& j, Print&& print) {
    if (ctx.json)
        emit_json(j);
    else
        print(j);
    return exit_ok;
}

inline int fail(int code, const std::string& msg) {
    std::cerr << "unbundle: error: " << msg << std::endl;
    return code;
}

/// Runs a subcommand and turns the library's exceptions into the exit statuses of the contract.
inline int run_guarded(const std::function<int()>& f) {
    try {
        return f();
    } catch (const unbundle::usage_error& e) {
        return fail(exit_usage, e.what());
    } catch (const CLI::Error& e) {
        return fail(exit_usage, e.what());
    } catch (const unbundle::convergence_error& e) {
        return fail(exit_numerical, std::string(e.what()) + " (iterations " + std::to_string(e.iterations()) +
                                        ", residual " + unbundle::detail::to_string_full(e.residual()) + ")");
    } catch (const unbundle::numerical_error& e) {
        return fail(exit_numerical, e.what());
    } catch (const unbundle::error& e) {
        // dimension_error, domain_error, parse_error, file_error, key_error: bad input data
        return fail(exit_data, dynamic_cast<const std::exception&>(e).what());
    } catch (const std::bad_alloc&) {
        return fail(exit_internal, "out of memory");
    } catch (const std::exception& e) {
        return fail(exit_internal, std::string("internal error: ") + e.what());
    }
}

} // namespace unbundle_cli
