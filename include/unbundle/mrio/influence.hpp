#pragma once
/// @file mrio/influence.hpp
/// Which region-sectors and regions matter most in the input-output network: Domar weights (two
/// ways), Hulten's first-order aggregation of productivity shocks (and the exact Leontief price
/// result it approximates), the Acemoglu et al. (2012) influence vector, Rasmussen backward and
/// Ghosh forward linkages, key sectors, and per region the change of world GDP per unit change of
/// its own GDP. Everything but the exact productivity result comes from ONE factorisation of
/// I − A (leontief<Scalar>: LU solves and transposed solves, no explicit inverse).
///
/// Notation (the table's column convention): A_ij = z_ij / x_j (input from i per unit of j's output),
/// L = (I − A)⁻¹, x gross output, va value added, v = va / x, y = Y·1 final demand, GDP = Σ va,
/// β = y / Σ y (final-demand shares), n region-sectors, G regions.
///
/// - Domar weights: λ = x / GDP (sales over GDP), and λ = L β, i.e. λ' = β'(I − Ω)⁻¹ with
///   Ω = Aᵀ the cost-share matrix of the production-network literature (Ω_ij = share of input j in
///   i's costs). Both agree when the table balances (x = Z·1 + y and GDP = Σ y).
/// - Hulten (1978): d ln GDP = Σ_i λ_i d ln A_i to first order, for Hicks-neutral productivity
///   shocks d ln A_i. productivity_shock_exact() gives the exact change in the Leontief price
///   model (non-substitution: with one primary factor and constant returns, prices are unit costs
///   p'(Â − A) = v'; real GDP changes by −Σ β_i ln(p_i / p_i⁰), Cobb–Douglas final demand).
/// - Influence vector (Acemoglu, Carvalho, Ozdaglar & Tahbaz-Salehi 2012, Econometrica 80(5)):
///   v = (α/n)[I − (1 − α)W']⁻¹·1 in their economy, where every sector spends the share 1 − α of its
///   costs on inputs (W: input shares, rows add up to 1) and households spend 1/n on each good.
///   With the table's own cost shares (A in place of (1 − α)W') it is v = L·1 / (1'L·1): uniform
///   final-demand shares, normalised to add up to 1. In their economy this is exactly their v, which
///   equals α times the Domar weights (Σλ = 1/α there), i.e. λ / Σλ.
/// - Backward linkage (Rasmussen 1956): BL_j = n (1'L)_j / (1'L·1), column sums of L over their mean.
///   Forward linkage (Ghosh-based; Beyers 1976, Miller & Blair 2009 §12.2): FL_i = n (G·1)_i / (1'G·1),
///   G·1 = x̂⁻¹ L x (row sums of the Ghosh inverse G = x̂⁻¹ L x̂). Key sectors: BL > 1 and FL > 1.
/// - World GDP per own GDP (per region r): a uniform proportional shock to all of r's rows (final
///   demand in the demand model, value added in the supply model) changes r's GDP by ΔGDP_r and
///   world GDP by ΔGDP_w; the ratio ΔGDP_w / ΔGDP_r (≥ 1 when the spillovers have the shock's sign)
///   does not depend on the size of the shock (linear models). One attribution run of
///   propagate_shock (G right-hand sides).
///
/// @code
/// unbundle::leontief<double> L(t);                     // one LU
/// auto inf = unbundle::influence(L, t);                // all measures
/// inf.domar;                                           // sales / GDP, n
/// inf.key_sectors;                                     // rows with BL > 1 and FL > 1
/// double first = unbundle::hulten_gdp_change(inf, dlnA);          // Σ λ d ln A
/// double exact = unbundle::productivity_shock_exact(L, t, dlnA);  // Leontief price model
/// @endcode

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"
#include "leontief.hpp"
#include "shock.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // calls functions whose bodies depend on the configuration (config.hpp)

/// Options of influence().
struct influence_options {
    /// The model of the per-region uniform shock behind world_gdp_per_own_gdp.
    shock_model model = shock_model::demand;
};

/// The influence measures of one table. Vectors of n entries follow the table's rows
/// (region-major, `labels`); world_gdp_per_own_gdp has one entry per region (`regions`).
template <class Scalar = double> struct influence_result {
    std::vector<std::string> labels;         ///< region_sector of each row (n)
    std::vector<std::string> regions;        ///< region codes (G)
    shock_model model = shock_model::demand; ///< model of world_gdp_per_own_gdp
    Scalar gdp = 0;                          ///< Σ va
    Scalar final_demand = 0;                 ///< Σ y
    vector_x<Scalar> domar;                  ///< x / GDP (Hulten's weights)
    vector_x<Scalar> domar_leontief;         ///< L β, β = y / Σ y (= domar when the table balances)
    vector_x<Scalar> influence;              ///< L·1 / (1'L·1) (Acemoglu et al. 2012), adds up to 1
    vector_x<Scalar> output_multipliers;     ///< 1'L (column sums of L)
    vector_x<Scalar> upstreamness;           ///< G·1 = x̂⁻¹ L x (1 where x = 0)
    vector_x<Scalar> backward_linkage;       ///< n · 1'L / (1'L·1) (mean 1)
    vector_x<Scalar> forward_linkage;        ///< n · G·1 / (1'G·1) (mean 1)
    std::vector<index_t> key_sectors;        ///< rows with backward and forward linkage above 1
    /// Per region: ΔGDP_world / ΔGDP_own under a uniform shock to the region (G; NaN where the
    /// region's own GDP does not move, e.g. a region without value added).
    vector_x<Scalar> world_gdp_per_own_gdp;

    index_t n() const noexcept { return domar.size(); }
    /// Whether row i is a key sector (backward and forward linkage above 1).
    bool is_key(index_t i) const { return backward_linkage(i) > Scalar(1) && forward_linkage(i) > Scalar(1); }
};

/// All influence measures of a table from its factorisation L (see the file comment). Cost: one
/// solve with three right-hand sides, one transposed solve (or none: the LU path already has 1'L),
/// and one attribution run (G right-hand sides).
/// @throws dimension_error when L does not fit the table; domain_error when the table's GDP or
///         final demand is not positive.
template <class Scalar>
influence_result<Scalar> influence(const leontief<Scalar>& L, const mrio<Scalar>& t,
                                   const influence_options& opt = {}) {
    const char* fn = "influence";
    const index_t n = t.n(), G = t.num_regions();
    detail::check_size(L.n(), n, fn, "leontief (rows) vs table");
    const vector_x<Scalar>& x = t.x();
    const vector_x<Scalar>& va = t.va();
    const vector_x<Scalar> y = t.y();
    influence_result<Scalar> r;
    r.labels = t.labels();
    r.regions.reserve(static_cast<std::size_t>(G));
    for (index_t g = 0; g < G; ++g) r.regions.push_back(t.regions()[g]);
    r.model = opt.model;
    r.gdp = va.sum();
    r.final_demand = y.sum();
    if (!(r.gdp > Scalar(0)))
        throw domain_error(std::string(fn) + ": world value added (GDP) must be positive, is " +
                           detail::to_string_full(r.gdp));
    if (!(r.final_demand > Scalar(0)))
        throw domain_error(std::string(fn) + ": world final demand must be positive, is " +
                           detail::to_string_full(r.final_demand));

    // One solve, three right-hand sides: L β (Domar), L 1 (influence), L x (Ghosh row sums).
    matrix_x<Scalar> B(n, 3);
    B.col(0) = y / r.final_demand;
    B.col(1).setOnes();
    B.col(2) = x;
    const matrix_x<Scalar> LB = L.solve(B);
    r.domar = x / r.gdp;
    r.domar_leontief = LB.col(0);
    r.influence = LB.col(1) / LB.col(1).sum();

    r.output_multipliers = L.known_column_sums();
    if (r.output_multipliers.size() != n) r.output_multipliers = L.solve_transpose(vector_x<Scalar>::Ones(n));
    r.upstreamness.resize(n);
    for (index_t i = 0; i < n; ++i) r.upstreamness(i) = x(i) == Scalar(0) ? Scalar(1) : LB(i, 2) / x(i);
    const auto nn = static_cast<Scalar>(n);
    r.backward_linkage = r.output_multipliers * (nn / r.output_multipliers.sum());
    r.forward_linkage = r.upstreamness * (nn / r.upstreamness.sum());
    for (index_t i = 0; i < n; ++i)
        if (r.is_key(i)) r.key_sectors.push_back(i);

    // A uniform shock everywhere, attributed by source region: row s of the spillover matrix is
    // what a uniform shock to region s alone does to every region (linear, so the size is moot).
    const vector_x<Scalar> s = vector_x<Scalar>::Constant(n, Scalar(-0.1));
    const shock_result<Scalar> sr = propagate_shock(L, t, s, shock_options{opt.model, true});
    r.world_gdp_per_own_gdp.resize(G);
    for (index_t g = 0; g < G; ++g) {
        const Scalar own = sr.spillover(g, g);
        r.world_gdp_per_own_gdp(g) =
            own == Scalar(0) ? std::numeric_limits<Scalar>::quiet_NaN() : sr.spillover.row(g).sum() / own;
    }
    return r;
}

/// Convenience: factorises the table (LU) and computes all influence measures.
/// @throws domain_error when the table is not productive (productive_leontief()).
template <class Scalar> influence_result<Scalar> influence(const mrio<Scalar>& t, const influence_options& opt = {}) {
    const leontief<Scalar> L = productive_leontief(t, {}, "influence");
    return influence(L, t, opt);
}

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN
template <class Scalar, class D>
void check_productivity_shock(const Eigen::MatrixBase<D>& dlnA, index_t n, const char* fn) {
    detail::check_size(dlnA.size(), n, fn, "d ln A (one productivity change per row of the table)");
    detail::check_finite(dlnA, fn, "d ln A");
}
UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// Hulten's (1978) first-order change of (log) real GDP for log productivity changes d ln A (n):
/// Σ_i λ_i d ln A_i with the Domar weights λ = x / GDP. Returns a log change (0.01 ≈ +1%).
/// @throws dimension_error on a wrong length; domain_error on NaN/Inf.
template <class Scalar, class D>
Scalar hulten_gdp_change(const influence_result<Scalar>& r, const Eigen::MatrixBase<D>& dlnA) {
    detail::check_productivity_shock<Scalar>(dlnA, r.n(), "hulten_gdp_change");
    return r.domar.dot(dlnA.template cast<Scalar>());
}

/// The exact change of (log) real GDP for Hicks-neutral log productivity changes d ln A (n) in the
/// Leontief price model: unit costs p'(Â − A) = v' with Â = diag(exp(d ln A)) (the baseline p⁰ from
/// the same equation with Â = I, via L), nominal GDP fixed (one primary factor, its price the
/// numéraire) and a Cobb–Douglas consumer price index with the final-demand shares β:
/// d ln GDP = −Σ_i β_i ln(p_i / p_i⁰). Needs a second factorisation (of I − A Â⁻¹, the shocked
/// table); to first order it equals hulten_gdp_change().
/// @throws dimension_error on a wrong length; domain_error on NaN/Inf or a non-positive price of a
///         good with final demand; numerical_error when the shocked table is not productive.
template <class Scalar, class D>
Scalar productivity_shock_exact(const leontief<Scalar>& L, const mrio<Scalar>& t, const Eigen::MatrixBase<D>& dlnA) {
    const char* fn = "productivity_shock_exact";
    const index_t n = t.n();
    detail::check_size(L.n(), n, fn, "leontief (rows) vs table");
    detail::check_productivity_shock<Scalar>(dlnA, n, fn);
    const vector_x<Scalar> v = t.va().cwiseProduct(detail::safe_inverse(t.x()));
    const vector_x<Scalar> y = t.y();
    const Scalar ysum = y.sum();
    if (!(ysum > Scalar(0)))
        throw domain_error(std::string(fn) + ": world final demand must be positive, is " +
                           detail::to_string_full(ysum));
    const vector_x<Scalar> p0 = L.solve_transpose(v);
    // p'(Â − A) = v'  <=>  p'(I − A Â⁻¹) = v' Â⁻¹
    const vector_x<Scalar> inv_a = (-dlnA.template cast<Scalar>().array()).exp().matrix();
    const matrix_x<Scalar> A1 = technical_coefficients(t) * inv_a.asDiagonal();
    const leontief<Scalar> L1 = leontief<Scalar>::from_coefficients(A1, leontief_options{}, t.labels());
    const vector_x<Scalar> p1 = L1.solve_transpose(vector_x<Scalar>(inv_a.cwiseProduct(v)));
    Scalar d(0);
    for (index_t i = 0; i < n; ++i) {
        const Scalar b = y(i) / ysum;
        if (b == Scalar(0)) continue;
        if (!(p0(i) > Scalar(0)) || !(p1(i) > Scalar(0)))
            throw domain_error(std::string(fn) + ": unit cost of row " + std::to_string(i) + " (" +
                               t.labels()[static_cast<std::size_t>(i)] + ") is not positive (" +
                               detail::to_string_full(p0(i)) + " before, " + detail::to_string_full(p1(i)) +
                               " after) although it has final demand");
        d -= b * std::log(p1(i) / p0(i));
    }
    return d;
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE influence_result<double> influence<double>(const leontief<double>&, const mrio<double>&,
                                                                    const influence_options&);
UNBUNDLE_EXTERN_TEMPLATE influence_result<double> influence<double>(const mrio<double>&, const influence_options&);
} // namespace unbundle
#endif
