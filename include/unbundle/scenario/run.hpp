#pragma once
/// @file scenario/run.hpp
/// Scenario runs: a world, loadings, trade elasticities and paths of the three costs over years;
/// one general equilibrium per year (scenario/model.hpp), each warm-started from the last; the
/// indicators of every year (scenario/indicators.hpp); and the Shapley attribution of every
/// indicator's change, and of each economy's ln welfare, to goods, ideas and people.
///
/// Attribution: for each year t and each coalition S ⊆ {goods, ideas, people} the equilibrium in
/// which only the components in S follow their paths (the others stay at their first-year level)
/// is solved — 2³ = 8 equilibria per year, of which S = ∅ is the baseline itself. The Shapley
/// value of component c for indicator X at t is the average over the 3! orders of c's marginal
/// contribution (scenario/shapley.hpp); the three add up to X(t) − X(t0) to rounding (1e-12 on
/// the demo world). Attribution over a sub-period [a, b] is φ(b) − φ(a), which adds up to
/// X(b) − X(a). Each coalition's years are solved in sequence (warm starts); the 7 coalitions run
/// in parallel on `threads` std::threads.
///
/// Costs: e_c(t) = e_c(t0) · f_c(t) / f_c(t0) with f_c the component's cost_path, t0 the first
/// year; the κ̂ of a year are cost_changes(baseline, loadings, 1, f(t)/f(t0)).

#include "../config.hpp"
#include "../core/cost_path.hpp"
#include "../error.hpp"
#include "costs.hpp"
#include "indicators.hpp"
#include "model.hpp"
#include "shapley.hpp"
#include "world.hpp"

#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // calls functions whose bodies depend on the configuration (config.hpp)

/// One of Baldwin's eras: a name, its years and the cost that falls in it.
struct baldwin_era {
    std::string name;
    int from = 0, to = 0;
    cost_component driver = cost_component::goods;
};

/// Baldwin's three unbundlings as eras (The Great Convergence, 2016; The Globotics Upheaval, 2019):
/// the first (goods, steam and shipping to containers) 1820–1990, the second (ideas, ICT) 1990–2020,
/// the third (people: telepresence, telemigration) 2020–2040.
template <class D = void> inline std::vector<baldwin_era> baldwin_eras() {
    return {{"first unbundling: goods", 1820, 1990, cost_component::goods},
            {"second unbundling: ideas", 1990, 2020, cost_component::ideas},
            {"third unbundling: people", 2020, 2040, cost_component::people}};
}

/// The stylised cost paths of the demo (factors e(t) / e(1820), piecewise linear in calendar years,
/// flat outside; illustrative, not estimates):
///   goods:  1820 1, 1870 0.75, 1913 0.5, 1950 0.45, 1990 0.25, 2040 0.2 (steam, rail, the
///           interwar stall, containers);
///   ideas:  1 until 1990, 0.4 in 2020, 0.3 in 2040 (the ICT revolution);
///   people: 1 until 2020, 0.5 in 2040 (telepresence and telerobotics, about −3.5 % a year).
template <class D = void> inline cost_paths baldwin_paths() {
    cost_paths p;
    p.goods = cost_path::tabulated({1820, 1870, 1913, 1950, 1990, 2040}, {1, 0.75, 0.5, 0.45, 0.25, 0.2});
    p.ideas = cost_path::tabulated({1820, 1990, 2020, 2040}, {1, 1, 0.4, 0.3});
    p.people = cost_path::tabulated({1820, 2020, 2040}, {1, 1, 0.5});
    return p;
}

/// What to run: a world, the loadings and model settings, the paths of the three costs, the years.
template <class Scalar = double> struct scenario {
    scenario_world<Scalar> world;
    loading_table<Scalar> loadings; ///< empty: loading_table::defaults by sector kind
    model_options<Scalar> model;    ///< θ per sector (empty: default per kind), deficits, tolerance
    cost_paths paths;               ///< goods, ideas, people (factor e(t)/e(t0), t0 = first year)
    int first_year = 2020;          ///< t0: the baseline year of the world
    int last_year = 2040;
    int step = 1;        ///< years between equilibria (the last year is always solved)
    bool shapley = true; ///< solve the 8 coalitions per year (else the full path only)
    int threads = 1;     ///< coalitions in parallel (std::thread)
    /// Largest admissible factor e(t)/e(t0) of any component (a rise beyond it is reported as costs
    /// that explode, rather than solved).
    double max_cost_factor = 1e3;

    /// The years solved: first_year, first_year + step, ..., last_year.
    std::vector<int> years() const {
        std::vector<int> y;
        for (int t = first_year; t < last_year; t += step) y.push_back(t);
        y.push_back(last_year);
        return y;
    }
};

/// One year of a scenario: every cost on its path.
template <class Scalar = double> struct scenario_year {
    int year = 0;
    std::array<double, 3> factors{1, 1, 1}; ///< e_c(t) / e_c(t0), goods, ideas, people
    scenario_indicators<Scalar> indicators; ///< world and per-economy indicators
    solver_info solver;                     ///< of the full equilibrium
    /// Shapley contributions to each indicator's change since the first year:
    /// attribution[k][c] for indicator scenario_indicator_names[k] and component c (empty runs: 0).
    std::array<std::array<Scalar, 3>, 8> attribution{};
    /// N x 3: contributions of goods, ideas, people to ln welfare_index of each economy.
    matrix_x<Scalar> welfare_attribution;

    /// Contribution of component c to the change of an indicator since the first year.
    Scalar contribution(std::string_view indicator, cost_component c) const {
        return attribution[scenario_indicator_index(indicator)][static_cast<std::size_t>(c)];
    }
};

/// The result of run_scenario: labelled by year, indicator and economy.
template <class Scalar = double> struct scenario_result {
    economy_index economies;
    sector_index sectors;
    vector_x<Scalar> theta;               ///< per sector, as used
    loading_table<Scalar> loadings;       ///< as used
    scenario_indicators<Scalar> baseline; ///< indicators of the model's baseline table
    std::vector<scenario_year<Scalar>> years;
    bool shapley = false;
    int solves = 0; ///< equilibria solved
    std::vector<std::string> notes;

    /// The year `t` (key_error when it was not solved).
    const scenario_year<Scalar>& at(int t) const {
        for (const auto& y : years)
            if (y.year == t) return y;
        throw key_error("scenario_result: year " + std::to_string(t) + " was not solved");
    }
    const scenario_year<Scalar>& last() const { return years.back(); }
    /// Contributions of goods, ideas, people to the change of `indicator` between years a and b.
    std::array<Scalar, 3> attribution(std::string_view indicator, int a, int b) const {
        const std::size_t k = scenario_indicator_index(indicator);
        const auto& ya = at(a);
        const auto& yb = at(b);
        return {yb.attribution[k][0] - ya.attribution[k][0], yb.attribution[k][1] - ya.attribution[k][1],
                yb.attribution[k][2] - ya.attribution[k][2]};
    }
    /// Shares of goods, ideas and people in the change of world welfare between the first and the
    /// last year (adding up to 1); all three 0 when welfare did not change.
    std::array<Scalar, 3> welfare_shares() const {
        const auto a = attribution("welfare_index", years.front().year, years.back().year);
        const Scalar tot = a[0] + a[1] + a[2];
        if (tot == Scalar(0)) return {Scalar(0), Scalar(0), Scalar(0)};
        return {a[0] / tot, a[1] / tot, a[2] / tot};
    }
};

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN

/// The path factors of the components in `mask` at year t relative to t0 (others 1).
template <class D = void>
inline std::array<double, 3> coalition_factors(const cost_paths& p, unsigned mask, int t0, int t, double max_factor) {
    const std::array<double, 3> f0 = p.factors(t0), ft = p.factors(t);
    std::array<double, 3> f{1, 1, 1};
    for (std::size_t c = 0; c < 3; ++c) {
        if (!coalition_has(mask, c)) continue;
        const double r = ft[c] / f0[c];
        if (!std::isfinite(r) || !(r >= 0) || r > max_factor)
            throw domain_error(std::string("scenario: the ") + to_string(static_cast<cost_component>(c)) +
                               " cost path gives e(" + std::to_string(t) + ") / e(" + std::to_string(t0) +
                               ") = " + to_string_full(r) + ": costs explode (more than " + to_string_full(max_factor) +
                               "-fold) or vanish into nonsense; check the decline rates");
        f[c] = r;
    }
    return f;
}

UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// Runs a scenario (see the file comment). Non-convergence of a year is reported in its `solver`
/// (and in `notes`), never hidden; it does not stop the run.
/// @throws the model's calibration errors (θ ≤ 0, empty sectors ...), domain_error for cost paths
///         that explode or loadings that make a composite cost fall below 1, dimension_error for
///         loadings of the wrong size, usage_error for an empty or reversed year range.
template <class Scalar> scenario_result<Scalar> run_scenario(const scenario<Scalar>& s) {
    if (s.last_year < s.first_year)
        throw usage_error("scenario: the last year " + std::to_string(s.last_year) + " is before the first " +
                          std::to_string(s.first_year));
    if (s.step < 1) throw usage_error("scenario: the step between years must be at least 1");
    const auto& world = s.world;
    const index_t N = world.num_economies(), J = world.num_sectors();
    scenario_result<Scalar> r;
    r.economies = world.economies();
    r.sectors = world.sectors();
    r.loadings = s.loadings.sectors() == 0 ? loading_table<Scalar>::defaults(world.sectors()) : s.loadings;
    if (r.loadings.sectors() != J)
        throw dimension_error("scenario: loadings for " + std::to_string(r.loadings.sectors()) +
                              " sectors but the world has " + std::to_string(J));
    const multisector_model<Scalar> model(world.table, s.model);
    r.theta = model.theta();
    const sector_costs<Scalar> base = world.costs ? sector_costs<Scalar>::uniform(J, *world.costs)
                                                  : novy_costs(model.baseline(), r.loadings, r.theta);
    if (!world.costs)
        r.notes.push_back(
            "baseline costs measured from the table's flows (Novy tariff equivalents by sector kind and use, "
            "split across the components by the loadings)");
    const vector_x<Scalar> income0 = baseline_incomes(model.baseline());
    const vector_x<Scalar> ones = vector_x<Scalar>::Ones(N);
    r.baseline = compute_indicators(model.baseline(), income0, ones, ones, world.population);
    const std::vector<int> years = s.years();
    const std::size_t T = years.size();
    // check every path factor first (clear error before any solve)
    for (int t : years) (void)detail::coalition_factors(s.paths, 7u, s.first_year, t, s.max_cost_factor);

    struct cell {
        scenario_indicators<Scalar> ind;
        solver_info solver;
        vector_x<Scalar> ln_welfare;
    };
    std::vector<unsigned> masks;
    if (s.shapley)
        masks = {7u, 1u, 2u, 4u, 3u, 5u, 6u};
    else
        masks = {7u};
    std::vector<std::vector<cell>> cells(8, std::vector<cell>(T));
    std::atomic<std::size_t> next{0};
    std::exception_ptr err;
    std::mutex err_mutex;
    auto work = [&] {
        for (;;) {
            const std::size_t m = next.fetch_add(1);
            if (m >= masks.size()) return;
            const unsigned mask = masks[m];
            try {
                equilibrium<Scalar> prev;
                bool have_prev = false;
                for (std::size_t y = 0; y < T; ++y) {
                    const auto f = detail::coalition_factors(s.paths, mask, s.first_year, years[y], s.max_cost_factor);
                    std::array<Scalar, 3> to{Scalar(f[0]), Scalar(f[1]), Scalar(f[2])};
                    const cost_hats<Scalar> k = cost_changes(base, r.loadings, {Scalar(1), Scalar(1), Scalar(1)}, to);
                    equilibrium<Scalar> eq = model.solve(k, have_prev ? &prev : nullptr);
                    cell& c = cells[mask][y];
                    c.ind = compute_indicators(eq.table, income0, eq.welfare_hat, eq.wage_hat, world.population);
                    c.solver = eq.solver;
                    c.ln_welfare = eq.welfare_hat.array().log().matrix();
                    prev = std::move(eq);
                    have_prev = true;
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(err_mutex);
                if (!err) err = std::current_exception();
                next.store(masks.size());
                return;
            }
        }
    };
    const int nt = std::max(1, std::min<int>(s.threads, static_cast<int>(masks.size())));
    if (nt == 1) {
        work();
    } else {
        std::vector<std::thread> pool;
        for (int i = 0; i < nt; ++i) pool.emplace_back(work);
        for (auto& th : pool) th.join();
    }
    if (err) std::rethrow_exception(err);
    r.solves = static_cast<int>(masks.size() * T);
    r.shapley = s.shapley;
    const std::array<Scalar, 8> v0 = r.baseline.values();
    for (std::size_t y = 0; y < T; ++y) {
        scenario_year<Scalar> out;
        out.year = years[y];
        out.factors = detail::coalition_factors(s.paths, 7u, s.first_year, years[y], s.max_cost_factor);
        out.indicators = cells[7][y].ind;
        out.solver = cells[7][y].solver;
        if (!out.solver.converged)
            r.notes.push_back("year " + std::to_string(years[y]) + ": the equilibrium did not converge (iterations " +
                              std::to_string(out.solver.iterations) + ", residual " +
                              detail::to_string_full(out.solver.residual) + ")" +
                              (out.solver.message.empty() ? "" : ": " + out.solver.message));
        if (s.shapley) {
            for (unsigned m = 1; m < 7; ++m)
                if (!cells[m][y].solver.converged)
                    r.notes.push_back("year " + std::to_string(years[y]) + ", coalition " + std::to_string(m) +
                                      ": the equilibrium did not converge (residual " +
                                      detail::to_string_full(cells[m][y].solver.residual) + ")");
            for (std::size_t k = 0; k < 8; ++k) {
                std::array<Scalar, 8> v{};
                v[0] = Scalar(0);
                for (unsigned m = 1; m < 8; ++m) v[m] = cells[m][y].ind.values()[k] - v0[k];
                const auto phi = shapley3(v);
                out.attribution[k] = phi;
            }
            std::array<vector_x<Scalar>, 8> w;
            w[0] = vector_x<Scalar>::Zero(N);
            for (unsigned m = 1; m < 8; ++m) w[m] = cells[m][y].ln_welfare;
            const auto phi = shapley3(w);
            out.welfare_attribution.resize(N, 3);
            for (std::size_t c = 0; c < 3; ++c) out.welfare_attribution.col(static_cast<index_t>(c)) = phi[c];
        } else {
            out.welfare_attribution = matrix_x<Scalar>::Zero(N, 3);
        }
        r.years.push_back(std::move(out));
    }
    return r;
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE scenario_result<double> run_scenario<double>(const scenario<double>&);
} // namespace unbundle
#endif
