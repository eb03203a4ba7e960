// Shared plumbing of the `unbundle` program (declarations and contract: common.hpp).

#include "common.hpp"

#include <unbundle/core/trade_costs.hpp>
#include <unbundle/data/csv.hpp>
#include <unbundle/detail/check.hpp>
#include <unbundle/error.hpp>

#include <Eigen/Core>

#include <cstdio>
#include <iostream>
#include <new>
#include <thread>

#ifdef _OPENMP
#include <omp.h>
#endif
#include <unistd.h>

namespace unbundle_cli {

char context::separator() const {
    if (sep == "tab" || sep == "\\t" || sep == "\t") return '\t';
    if (sep.size() != 1) throw unbundle::usage_error("--sep must be one character or 'tab', got '" + sep + "'");
    return sep[0];
}

unbundle::csv_options context::csv() const {
    unbundle::csv_options o;
    o.sep = separator();
    o.threads = thread_count();
    return o;
}

int context::thread_count() const {
    if (threads > 0) return threads;
    const unsigned hc = std::thread::hardware_concurrency();
    return hc ? static_cast<int>(hc) : 1;
}

void context::apply_threads() const {
#ifdef _OPENMP
    omp_set_num_threads(thread_count());
#endif
    // Eigen's own parallel products split their work statically and meet at a barrier per block:
    // on the program's tables (WIOD, n = 1,435) two threads gain nothing over one, and with
    // another process on one core a thread there held everything up (`unbundle mrio`: 2.2 x
    // slower than one thread). The program's parallel work (Leontief column chunks handed out
    // dynamically, the CSV reader's blocks) takes --threads; Eigen's products run on one.
    Eigen::setNbThreads(1);
}

void emit_json(const json& j) { std::cout << j.dump(2) << std::endl; }

void progress(const std::string& msg) {
    if (isatty(fileno(stderr))) std::cerr << "\r" << msg << std::flush;
}

json cost_components_json(const std::array<double, 3>& v) {
    json j;
    for (auto c : unbundle::all_cost_components) j[unbundle::to_string(c)] = v[static_cast<std::size_t>(c)];
    return j;
}

int fail(int code, const std::string& msg) {
    std::cerr << "unbundle: error: " << msg << std::endl;
    return code;
}

int run_guarded(const std::function<int()>& f) {
    try {
        return f();
    } catch (const unbundle::usage_error& e) {
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

json solver_json(const unbundle::solver_info& s) {
    return json{{"iterations", s.iterations}, {"residual", s.residual}, {"converged", s.converged}};
}

json timing(double read_s, double compute_s) { return json{{"read_s", read_s}, {"compute_s", compute_s}}; }

} // namespace unbundle_cli
