#pragma once
/// @file measure/backcast.hpp
/// The scenario engine tested against history: calibrated on the first year's table, run year by
/// year with the cost changes measured in the tables themselves (measure/components.hpp), and
/// compared with the same indicators of each year's observed table.
///
/// For a later year t, every unordered pair {i, n} whose components are identified both in t0 and
/// in t has measured changes Δy_c,in = ln(1 + e_c,in(t)) − ln(1 + e_c,in(t0)); the gross cost change
/// of sector j for use u (both directions, the measure is symmetric) is
///
///     κ̂^u_{inj} = κ̂^u_{nij} = exp(Σ_c a_c,(kind j, u) Δy_c,in),
///
/// with the loadings a of the measurement (`measure_options::loadings`, one row per kind × use; a
/// sector of unknown kind takes the goods rows). A pair unidentified in either year keeps κ̂ = 1,
/// and the diagonal is 1. The model (`multisector_model`, θ = the measurement's θ for every sector,
/// nominal deficits kept) is solved for each year in turn, warm-started from the previous year's
/// equilibrium, and the indicators of scenario/indicators.hpp (`table_indicators`) of the
/// counterfactual table are set against those of the observed table. The first year's model values
/// are those of the model's own baseline (κ̂ = 1). RMSE and Pearson correlation run over every year
/// of the panel, the first included.
///
/// What the backcast can and cannot explain: only changes in bilateral costs move the model;
/// technology (input shares), preferences, deficits and the size of final demand stay at their
/// first-year values, so a demand shock (the 2009 collapse) or a change in the mix of spending is
/// absent from the model's path by construction.

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "../error.hpp"
#include "../scenario/costs.hpp"
#include "../scenario/indicators.hpp"
#include "../scenario/model.hpp"
#include "../scenario/world.hpp"
#include "components.hpp"

#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // calls functions whose bodies depend on the configuration (config.hpp)

/// The indicators a backcast compares by default (those of issue 11: trade, value chains, services).
template <class D = void> inline std::vector<std::string> default_backcast_indicators() {
    return {"trade_to_gdp", "gvc_participation", "vax_ratio", "services_trade_share"};
}

/// Options of a backcast.
template <class Scalar = double> struct backcast_options {
    measure_options<Scalar> measure;                  ///< θ (also the model's, every sector) and the loadings
    bool aggregate_by_kind = false;                   ///< model on goods/services aggregates (faster, coarser)
    int max_iter = 2000;                              ///< fixed-point iterations per year
    Scalar tol = detail::default_model_tol<Scalar>(); ///< the model's tolerance
    std::vector<std::string> indicators = default_backcast_indicators(); ///< names of scenario_indicator_names
};

/// One year of a backcast: observed and model values in the order of backcast_result::indicators.
template <class Scalar = double> struct backcast_year {
    int year = 0;
    std::vector<Scalar> observed;
    std::vector<Scalar> model;
    index_t pairs_moved = 0; ///< pairs identified in both years (κ̂ from the measure); the others keep 1
    solver_info solver;
};

/// The backcast of a panel.
template <class Scalar = double> struct backcast_result {
    economy_index regions;
    sector_index sectors; ///< the model's sectors (aggregated when asked)
    std::vector<std::string> indicators;
    std::vector<backcast_year<Scalar>> years;
    std::vector<Scalar> rmse;        ///< per indicator, over all years
    std::vector<Scalar> correlation; ///< per indicator (NaN when a path is constant)
    bool converged() const {
        for (const auto& y : years)
            if (!y.solver.converged) return false;
        return true;
    }
    /// Position of an indicator. @throws key_error for a name not in the backcast.
    std::size_t indicator_index(const std::string& name) const {
        for (std::size_t k = 0; k < indicators.size(); ++k)
            if (indicators[k] == name) return k;
        throw key_error("backcast: indicator '" + name + "' is not in the backcast");
    }
};

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN

template <class Scalar> Scalar indicator_of(const scenario_indicators<Scalar>& s, const std::string& name) {
    return s.value(name);
}

template <class Scalar> void check_same_regions(const economy_index& a, int ya, const economy_index& b, int yb) {
    if (a.size() != b.size())
        throw dimension_error("backcast: year " + std::to_string(yb) + " has " + std::to_string(b.size()) +
                              " economies, year " + std::to_string(ya) + " has " + std::to_string(a.size()));
    for (index_t r = 0; r < a.size(); ++r)
        if (a.code(r) != b.code(r))
            throw dimension_error("backcast: economy " + std::to_string(r + 1) + " is '" + b.code(r) + "' in " +
                                  std::to_string(yb) + " but '" + a.code(r) + "' in " + std::to_string(ya));
}

template <class Scalar> void check_same_sectors(const sector_index& a, int ya, const sector_index& b, int yb) {
    if (a.size() != b.size())
        throw dimension_error("backcast: year " + std::to_string(yb) + " has " + std::to_string(b.size()) +
                              " sectors, year " + std::to_string(ya) + " has " + std::to_string(a.size()));
    for (index_t j = 0; j < a.size(); ++j)
        if (a.code(j) != b.code(j) || a.kind(j) != b.kind(j))
            throw dimension_error("backcast: sector " + std::to_string(j + 1) + " is '" + b.code(j) + "' (" +
                                  to_string(b.kind(j)) + ") in " + std::to_string(yb) + " but '" + a.code(j) + "' (" +
                                  to_string(a.kind(j)) + ") in " + std::to_string(ya));
}

template <class Scalar> Scalar pearson(const std::vector<Scalar>& a, const std::vector<Scalar>& b) {
    const std::size_t T = a.size();
    if (T < 2) return std::numeric_limits<Scalar>::quiet_NaN();
    Scalar ma(0), mb(0);
    for (std::size_t t = 0; t < T; ++t) {
        ma += a[t];
        mb += b[t];
    }
    ma /= Scalar(T);
    mb /= Scalar(T);
    Scalar sab(0), saa(0), sbb(0);
    for (std::size_t t = 0; t < T; ++t) {
        sab += (a[t] - ma) * (b[t] - mb);
        saa += (a[t] - ma) * (a[t] - ma);
        sbb += (b[t] - mb) * (b[t] - mb);
    }
    using std::sqrt;
    if (!(saa > Scalar(0)) || !(sbb > Scalar(0))) return std::numeric_limits<Scalar>::quiet_NaN();
    return sab / sqrt(saa * sbb);
}

UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// κ̂ per sector and use from the measured components of two years (see the file comment).
/// `sectors` are the model's sectors (their kinds pick the loadings).
/// @param moved when not null, receives the number of pairs identified in both years.
/// @throws dimension_error when the two measures cover different economies.
template <class Scalar>
cost_hats<Scalar> backcast_cost_hats(const year_measure<Scalar>& base, const year_measure<Scalar>& now,
                                     const sector_index& sectors, const measure_options<Scalar>& opt = {},
                                     index_t* moved = nullptr) {
    detail::check_same_regions<Scalar>(base.regions, base.year, now.regions, now.year);
    const index_t N = base.regions.size(), J = sectors.size();
    cost_hats<Scalar> k = cost_hats<Scalar>::ones(N, J);
    index_t count = 0;
    for (std::size_t p = 0; p < base.pairs.size(); ++p) {
        const auto& a = base.pairs[p];
        const auto& b = now.pairs[p];
        if (!a.identified() || !b.identified()) continue;
        ++count;
        for (index_t j = 0; j < J; ++j)
            for (purchase_use u : {purchase_use::final_use, purchase_use::intermediate}) {
                const sector_kind kind =
                    sectors.kind(j) == sector_kind::services ? sector_kind::services : sector_kind::goods;
                const auto& l = opt.loadings[static_cast<std::size_t>(block_of(kind, u))];
                Scalar lk(0);
                for (std::size_t c = 0; c < 3; ++c) lk += l.a[c] * (b.log_cost[c] - a.log_cost[c]);
                matrix_x<Scalar>& m = u == purchase_use::final_use ? k.final_use[static_cast<std::size_t>(j)]
                                                                   : k.intermediate[static_cast<std::size_t>(j)];
                m(a.i, a.n) = m(a.n, a.i) = std::exp(lk);
            }
    }
    if (moved) *moved = count;
    return k;
}

/// A backcast built year by year: construct it on the first year's table, `add` each later year in
/// order (each table is needed only during its call), then read `result()`.
template <class Scalar = double> class backcaster {
  public:
    /// Calibrates the model on the first year's table (aggregated by kind when asked) and measures it.
    /// @throws domain_error (θ ≤ 0, loadings, a sector without a kind, an economy without value added),
    ///         key_error (an unknown indicator), convergence_error when the baseline does not solve.
    backcaster(const mrio<Scalar>& first, int year, backcast_options<Scalar> opt = {})
        : backcaster(first, measure_year(first, year, opt.measure), opt) {}

    /// As above with the first year already measured (measure_year with the same options).
    backcaster(const mrio<Scalar>& first, year_measure<Scalar> m0, backcast_options<Scalar> opt = {});

    /// Adds a later year: measures its table, solves the model with the measured cost changes from the
    /// first year (warm-started from the previous year) and records observed and model indicators.
    /// A year whose solve does not converge is recorded with its solver_info (never hidden).
    /// @throws dimension_error when the economies or sectors differ from the first year's (naming them).
    void add(const mrio<Scalar>& table, int year) { add(table, measure_year(table, year, opt_.measure)); }

    /// As above with the year already measured (measure_year with the same options).
    void add(const mrio<Scalar>& table, const year_measure<Scalar>& m);

    /// The backcast so far, with RMSE and correlation per indicator.
    backcast_result<Scalar> result() const {
        backcast_result<Scalar> r = res_;
        const std::size_t K = r.indicators.size();
        r.rmse.assign(K, Scalar(0));
        r.correlation.assign(K, Scalar(0));
        for (std::size_t k = 0; k < K; ++k) {
            std::vector<Scalar> o, m;
            for (const auto& y : r.years) {
                o.push_back(y.observed[k]);
                m.push_back(y.model[k]);
            }
            Scalar s(0);
            for (std::size_t t = 0; t < o.size(); ++t) s += (m[t] - o[t]) * (m[t] - o[t]);
            using std::sqrt;
            r.rmse[k] = o.empty() ? Scalar(0) : sqrt(s / Scalar(o.size()));
            r.correlation[k] = detail::pearson(o, m);
        }
        return r;
    }

    const multisector_model<Scalar>& model() const noexcept { return *model_; }
    /// The model's equilibrium of the last converged year (its table is the counterfactual table).
    const equilibrium<Scalar>& last_equilibrium() const noexcept { return last_; }

  private:
    mrio<Scalar> prepare(const mrio<Scalar>& t) const {
        if (!opt_.aggregate_by_kind) return mrio<Scalar>(t.regions(), t.sectors(), t.Z(), t.Y());
        world_options<Scalar> wo;
        wo.aggregate_by_kind = true;
        return world_from_mrio(t, wo).table;
    }

    void record(const mrio<Scalar>& observed, int year, index_t moved, const equilibrium<Scalar>* failed = nullptr) {
        const scenario_indicators<Scalar> so = table_indicators(observed);
        const scenario_indicators<Scalar> sm = table_indicators(failed ? failed->table : last_.table);
        backcast_year<Scalar> y;
        y.year = year;
        y.pairs_moved = moved;
        y.solver = last_.solver;
        for (const auto& name : opt_.indicators) {
            y.observed.push_back(detail::indicator_of(so, name));
            y.model.push_back(detail::indicator_of(sm, name));
        }
        res_.years.push_back(std::move(y));
    }

    backcast_options<Scalar> opt_;
    year_measure<Scalar> base_;
    sector_index sectors0_;
    std::unique_ptr<multisector_model<Scalar>> model_;
    equilibrium<Scalar> last_;
    backcast_result<Scalar> res_;
};

template <class Scalar> void backcaster<Scalar>::add(const mrio<Scalar>& table, const year_measure<Scalar>& m) {
    detail::check_same_regions<Scalar>(base_.regions, base_.year, table.regions(), m.year);
    detail::check_same_regions<Scalar>(base_.regions, base_.year, m.regions, m.year);
    detail::check_same_sectors<Scalar>(sectors0_, base_.year, table.sectors(), m.year);
    const mrio<Scalar> t = prepare(table);
    index_t moved = 0;
    const cost_hats<Scalar> k = backcast_cost_hats(base_, m, res_.sectors, opt_.measure, &moved);
    equilibrium<Scalar> eq = model_->solve(k, &last_);
    solver_info info = eq.solver;
    if (info.converged) last_ = std::move(eq);
    record(t, m.year, moved, info.converged ? nullptr : &eq);
    res_.years.back().solver = info;
}

template <class Scalar>
backcaster<Scalar>::backcaster(const mrio<Scalar>& first, year_measure<Scalar> m0, backcast_options<Scalar> opt)
    : opt_(std::move(opt)), base_(std::move(m0)) {
    for (const auto& name : opt_.indicators) (void)scenario_indicator_index(name);
    detail::check_same_regions<Scalar>(base_.regions, base_.year, first.regions(), base_.year);
    const mrio<Scalar> t = prepare(first);
    model_options<Scalar> mo;
    mo.theta = vector_x<Scalar>::Constant(t.num_sectors(), opt_.measure.theta);
    mo.max_iter = opt_.max_iter;
    mo.tol = opt_.tol;
    model_ = std::make_unique<multisector_model<Scalar>>(t, mo);
    res_.regions = t.regions();
    res_.sectors = t.sectors();
    res_.indicators = opt_.indicators;
    sectors0_ = first.sectors();
    last_ = model_->solve(cost_hats<Scalar>::ones(t.num_regions(), t.num_sectors()));
    if (!last_.solver.converged)
        throw convergence_error("backcast: the baseline of " + std::to_string(base_.year) +
                                    " does not solve: " + last_.solver.message,
                                last_.solver.iterations, last_.solver.residual);
    record(t, base_.year, 0);
}

/// The backcast of a panel held in memory (tables in year order, the first the base year).
/// @throws domain_error on an empty panel or when years and tables differ in number, and the
///         errors of backcaster.
template <class Scalar>
backcast_result<Scalar> backcast(const std::vector<mrio<Scalar>>& tables, const std::vector<int>& years,
                                 const backcast_options<Scalar>& opt = {}) {
    if (tables.empty()) throw domain_error("backcast: no tables");
    if (tables.size() != years.size())
        throw domain_error("backcast: " + std::to_string(tables.size()) + " tables but " +
                           std::to_string(years.size()) + " years");
    backcaster<Scalar> b(tables.front(), years.front(), opt);
    for (std::size_t t = 1; t < tables.size(); ++t) b.add(tables[t], years[t]);
    return b.result();
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE backcaster<double>::backcaster(const mrio<double>&, year_measure<double>,
                                                        backcast_options<double>);
UNBUNDLE_EXTERN_TEMPLATE void backcaster<double>::add(const mrio<double>&, const year_measure<double>&);
UNBUNDLE_EXTERN_TEMPLATE cost_hats<double> backcast_cost_hats<double>(const year_measure<double>&,
                                                                      const year_measure<double>&, const sector_index&,
                                                                      const measure_options<double>&, index_t*);
UNBUNDLE_EXTERN_TEMPLATE backcast_result<double>
backcast<double>(const std::vector<mrio<double>>&, const std::vector<int>&, const backcast_options<double>&);
} // namespace unbundle
#endif
