#pragma once
/// @file scenario/shocks.hpp
/// Shocks in general equilibrium: lockdowns (labour-supply shocks) and productivity shocks solved
/// by the scenario engine (scenario/model.hpp: prices, wages and sourcing adjust), with the linear
/// result of the input-output module beside them. docs/shocks.md ("In general equilibrium").
///
/// - Lockdown: the shock of mrio/lockdown.hpp, s_rk = −(1 − remote_k) × stringency_r × S (a
///   proportional change of region-sector value added), enters the model as a change of the
///   economy's factor supply weighted by value added,
///       L̂_r = 1 + Σ_k va_rk s_rk / Σ_k va_rk,
///   because the model's one factor (all value added) is mobile across an economy's sectors: a
///   sector-specific shock cannot stay in its sector there. Linear counterpart: mrio/lockdown.hpp
///   (Ghosh supply model, with attribution).
/// - Productivity: Hicks-neutral changes Â_rk per region-sector (ĉ_rk ∝ 1 / Â_rk). Linear
///   counterpart: the first-order (Hulten 1978, by region) change
///       d ln GDP_r = Σ_{k∈r} (x_rk / va_r) ln Â_rk,   world: Σ_i (x_i / GDP) ln Â_i (hulten_gdp_change).
///
/// Real GDP in general equilibrium is value added at baseline prices (double deflation, as
/// national accounts): per region-sector x'/ĉ − Σ_j M'_j / P̂^I_j (output at its unit-cost change,
/// each composite input at its price change), summed over the region and divided by baseline value
/// added. Nominal GDP is ŵ L̂ (world nominal GDP is the numeraire, so the world's nominal change is
/// 0); real income is ŵ L̂ / P̂^F (factor income in units of the region's consumption basket, terms
/// of trade included). To first order, with every factor fully employed, a region's real GDP moves
/// by its own factor supply and own productivity only (Domar weights); spillovers are second order
/// in quantities and first order in prices (real income).
///
/// @code
/// auto r = unbundle::ge_lockdown(t, {{"*", 0.10}, {"ITA", 0.15}});   // WIOD default remote shares
/// r.gdp_pct(1); r.linear_gdp_pct(1); r.world_gdp_pct; r.solver().converged;
/// auto p = unbundle::ge_productivity(t, {{"DEU", "c12", 0.05}});     // +5% productivity
/// @endcode

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"
#include "../fwd.hpp"
#include "../mrio/leontief.hpp"
#include "../mrio/lockdown.hpp"
#include "../mrio/shock.hpp"
#include "costs.hpp"
#include "model.hpp"

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // calls functions whose bodies depend on the configuration (config.hpp)

/// Result of ge_lockdown() and ge_productivity(): per region (order of `regions`) and world.
template <class Scalar = double> struct ge_shock_result {
    std::vector<std::string> regions;  ///< G region codes
    vector_x<Scalar> gdp_pct;          ///< G, real GDP change (value added at baseline prices), percent
    vector_x<Scalar> output_pct;       ///< G, real gross output change (Σ x'/ĉ over Σ x), percent
    vector_x<Scalar> nominal_gdp_pct;  ///< G, nominal GDP change ŵ L̂ − 1 (numeraire: world nominal GDP), percent
    vector_x<Scalar> real_income_pct;  ///< G, ŵ L̂ / P̂^F − 1, percent
    vector_x<Scalar> linear_gdp_pct;   ///< G, the linear result (Ghosh for lockdowns; first order for productivity)
    Scalar world_gdp_pct = 0;          ///< real world GDP (baseline prices), percent
    Scalar linear_world_gdp_pct = 0;   ///< the linear result for the world, percent
    vector_x<Scalar> labour_hat;       ///< G, L̂ given to the model (ones for productivity shocks)
    vector_x<Scalar> productivity_hat; ///< n, Â given to the model (ones for lockdowns)
    equilibrium<Scalar> eq;            ///< the solved equilibrium (hats, counterfactual table, solver)
    shock_result<Scalar> linear; ///< ge_lockdown(): the linear lockdown() result (with attribution); empty otherwise

    const solver_info& solver() const noexcept { return eq.solver; }
    /// Share of regions whose real GDP falls (general equilibrium) by more than the solver's
    /// round-off, `decline_threshold_pct` (a no-shock solve gives changes of ±1e-12 %, not declines).
    Scalar share_of_regions_declining() const { return share_below_zero(gdp_pct); }
    /// Share of regions whose GDP falls in the linear result.
    Scalar linear_share_of_regions_declining() const { return share_below_zero(linear_gdp_pct); }

    /// A change counts as a decline below −1e-9 percent (model tolerance 1e-12 on hats: 1e-10 %).
    static constexpr double decline_threshold_pct = 1e-9;

  private:
    static Scalar share_below_zero(const vector_x<Scalar>& v) {
        if (v.size() == 0) return Scalar(0);
        index_t c = 0;
        for (index_t g = 0; g < v.size(); ++g) c += v(g) < -Scalar(decline_threshold_pct) ? 1 : 0;
        return Scalar(c) / Scalar(v.size());
    }
};

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN

template <class Scalar> void check_ge_fit(const multisector_model<Scalar>& m, const mrio<Scalar>& t, const char* fn) {
    if (m.economies() != t.num_regions() || m.sectors() != t.num_sectors())
        throw dimension_error(std::string(fn) + ": the model has " + std::to_string(m.economies()) + " economies x " +
                              std::to_string(m.sectors()) + " sectors, the table " + std::to_string(t.num_regions()) +
                              " x " + std::to_string(t.num_sectors()));
}

/// Solves the model for Â and L̂ (no trade-cost change) and fills the GE part of the result.
template <class Scalar>
ge_shock_result<Scalar> solve_ge_shock(const multisector_model<Scalar>& m, vector_x<Scalar> A, vector_x<Scalar> Lh) {
    const mrio<Scalar>& b = m.baseline();
    const index_t G = m.economies(), J = m.sectors();
    ge_shock_result<Scalar> r;
    for (index_t g = 0; g < G; ++g) r.regions.push_back(b.regions()[g]);
    supply_hats<Scalar> z{A, Lh};
    r.eq = m.solve(cost_hats<Scalar>::ones(G, J), z);
    r.productivity_hat = std::move(A);
    r.labour_hat = std::move(Lh);
    const matrix_x<Scalar>& Zp = r.eq.table.Z();
    const vector_x<Scalar>& xp = r.eq.table.x();
    const vector_x<Scalar> va0 = b.va();
    const vector_x<Scalar> x0 = b.x();
    r.gdp_pct.resize(G);
    r.output_pct.resize(G);
    r.nominal_gdp_pct.resize(G);
    r.real_income_pct.resize(G);
    Scalar real_world(0), va_world(0);
    for (index_t g = 0; g < G; ++g) {
        Scalar real(0), va(0), out(0), out0(0);
        for (index_t k = 0; k < J; ++k) {
            const index_t c = g * J + k;
            va += va0(c);
            out0 += x0(c);
            if (!(xp(c) != Scalar(0))) continue;
            Scalar q = xp(c) / r.eq.unit_cost_hat(c);
            out += q;
            for (index_t j = 0; j < J; ++j) {
                Scalar mj(0);
                for (index_t i = 0; i < G; ++i) mj += Zp(i * J + j, c);
                q -= mj / r.eq.input_price_hat(j, g);
            }
            real += q;
        }
        const Scalar nom = r.eq.wage_hat(g) * r.labour_hat(g);
        r.gdp_pct(g) = Scalar(100) * (real / va - Scalar(1));
        r.output_pct(g) = out0 > Scalar(0) ? Scalar(100) * (out / out0 - Scalar(1)) : Scalar(0);
        r.nominal_gdp_pct(g) = Scalar(100) * (nom - Scalar(1));
        r.real_income_pct(g) = Scalar(100) * (nom / r.eq.price_hat(g) - Scalar(1));
        real_world += real;
        va_world += va;
    }
    r.world_gdp_pct = Scalar(100) * (real_world / va_world - Scalar(1));
    return r;
}

UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// A lockdown in general equilibrium (see the file comment): lockdown_shock() mapped to each
/// economy's factor supply by value-added weights (of the model's baseline), solved with no change
/// of trade costs; the linear lockdown() (Ghosh, with attribution) of the same table beside it.
/// The solver never throws on non-convergence: check solver().converged.
/// @throws as lockdown_shock() (key_error: unknown region or sector; domain_error: stringency,
///         remote share or labour share outside [0, 1]); dimension_error when the model or L does
///         not fit the table. (A table that is not productive fails where L is made: use
///         productive_leontief(), a domain_error naming the region-sectors.)
template <class Scalar>
ge_shock_result<Scalar> ge_lockdown(const multisector_model<Scalar>& m, const leontief<Scalar>& L,
                                    const mrio<Scalar>& t, const std::vector<stringency_entry>& stringency,
                                    const lockdown_options& opt = {}) {
    const char* fn = "ge_lockdown";
    detail::check_ge_fit(m, t, fn);
    const vector_x<Scalar> s = lockdown_shock(t, stringency, opt);
    shock_result<Scalar> lin = propagate_shock(L, t, s, shock_options{shock_model::supply, true});
    const index_t G = m.economies(), J = m.sectors();
    const vector_x<Scalar> va = m.baseline().va();
    vector_x<Scalar> Lh(G);
    for (index_t g = 0; g < G; ++g) {
        const Scalar v = va.segment(g * J, J).sum();
        Lh(g) = Scalar(1) + va.segment(g * J, J).dot(s.segment(g * J, J)) / v;
    }
    ge_shock_result<Scalar> r = detail::solve_ge_shock<Scalar>(m, vector_x<Scalar>::Ones(G * J), std::move(Lh));
    r.linear_gdp_pct.resize(G);
    for (index_t g = 0; g < G; ++g) r.linear_gdp_pct(g) = lin.gdp_pct(g);
    r.linear_world_gdp_pct = lin.world_gdp_pct();
    r.linear = std::move(lin);
    return r;
}

/// Convenience: factorises the table and calibrates the model (options `mo`), then ge_lockdown().
/// @throws as ge_lockdown(m, L, ...); domain_error when the table is not productive (productive_leontief()).
template <class Scalar>
ge_shock_result<Scalar> ge_lockdown(const mrio<Scalar>& t, const std::vector<stringency_entry>& stringency,
                                    const lockdown_options& opt = {}, model_options<Scalar> mo = {}) {
    const leontief<Scalar> L = productive_leontief(t, {}, "ge_lockdown");
    const multisector_model<Scalar> m(t, std::move(mo));
    return ge_lockdown(m, L, t, stringency, opt);
}

/// Productivity changes Â (n, gross: 1.05 = +5%, row order of the table) in general equilibrium,
/// with no change of trade costs or factor supplies; beside it the first-order result by region
/// (see the file comment; world = hulten_gdp_change of mrio/influence.hpp).
/// @throws dimension_error (Â not of size n, a model that does not fit the table); domain_error
///         (Â not positive and finite, naming the region-sector).
template <class Scalar, class D>
ge_shock_result<Scalar> ge_productivity(const multisector_model<Scalar>& m, const mrio<Scalar>& t,
                                        const Eigen::MatrixBase<D>& productivity_hat) {
    const char* fn = "ge_productivity";
    detail::check_ge_fit(m, t, fn);
    detail::check_size(productivity_hat.size(), t.n(), fn, "productivity changes (one per row of the table)");
    const vector_x<Scalar> A = productivity_hat.template cast<Scalar>();
    for (index_t i = 0; i < A.size(); ++i)
        if (!(A(i) > Scalar(0)) || !std::isfinite(static_cast<double>(A(i))))
            throw domain_error(std::string(fn) + ": the productivity change of " +
                               t.labels()[static_cast<std::size_t>(i)] + " must be positive and finite, got " +
                               detail::to_string_full(A(i)));
    const index_t G = t.num_regions(), J = t.num_sectors();
    ge_shock_result<Scalar> r = detail::solve_ge_shock<Scalar>(m, A, vector_x<Scalar>::Ones(G));
    const vector_x<Scalar>& x = t.x();
    const vector_x<Scalar> va = t.va();
    r.linear_gdp_pct.resize(G);
    Scalar num(0);
    for (index_t g = 0; g < G; ++g) {
        Scalar d(0);
        for (index_t k = 0; k < J; ++k) d += x(g * J + k) * std::log(A(g * J + k));
        num += d;
        r.linear_gdp_pct(g) = Scalar(100) * d / va.segment(g * J, J).sum();
    }
    r.linear_world_gdp_pct = Scalar(100) * num / va.sum();
    return r;
}

/// Convenience: productivity changes given as proportional changes by region and sector
/// (shock_entry, `*` wildcards, Â = 1 + change; checked as shock_vector()), model options `mo`.
/// @throws as shock_vector() and ge_productivity(); domain_error for a change of −1 (Â = 0).
template <class Scalar = double>
ge_shock_result<Scalar> ge_productivity(const mrio<Scalar>& t, const std::vector<shock_entry>& changes,
                                        model_options<Scalar> mo = {}) {
    const vector_x<Scalar> A = (shock_vector(t, changes).array() + Scalar(1)).matrix();
    const multisector_model<Scalar> m(t, std::move(mo));
    return ge_productivity(m, t, A);
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE ge_shock_result<double> ge_lockdown<double>(const multisector_model<double>&,
                                                                     const leontief<double>&, const mrio<double>&,
                                                                     const std::vector<stringency_entry>&,
                                                                     const lockdown_options&);
UNBUNDLE_EXTERN_TEMPLATE ge_shock_result<double> ge_lockdown<double>(const mrio<double>&,
                                                                     const std::vector<stringency_entry>&,
                                                                     const lockdown_options&, model_options<double>);
UNBUNDLE_EXTERN_TEMPLATE ge_shock_result<double>
ge_productivity<double>(const mrio<double>&, const std::vector<shock_entry>&, model_options<double>);
} // namespace unbundle
#endif
