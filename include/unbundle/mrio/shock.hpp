#pragma once
/// @file mrio/shock.hpp
/// Propagation of demand and supply shocks through the input-output network (linear models), by
/// region, with the attribution of each region's change to its own shocks and to shocks
/// transmitted from every other region.
///
/// - Demand (Leontief quantity model): the final demand for the output of region-sector i (its
///   row of Y, all destinations) changes by the proportion s_i: Δy = ŝ y, Δx = L Δy.
/// - Supply (Ghosh model): the value added of region-sector i changes by s_i: Δva = ŝ va,
///   Δx' = Δva' G, i.e. Δx = x̂ Lᵀ x̂⁻¹ Δva (solves with the transposed factorisation, no explicit
///   G).
/// In both, value-added coefficients v = va / x stay fixed and GDP changes by Δgdp_i = v_i Δx_i.
/// Everything is linear in the shock, so the change in each region splits exactly into the parts
/// caused by each source region's shocks: one solve with G right-hand sides gives the G x G
/// spillover matrix whose columns add up to the regions' changes.
///
/// References: Miller & Blair (2009) Input-Output Analysis, 2nd ed., ch. 2 and 12 (Ghosh supply
/// model and its interpretation); Dietzenbacher (1997, J. Regional Science) on the Ghosh model as
/// a price model; Bonadio, Huo, Levchenko & Pandalai-Nayar (2021, J. Int. Econ.) for GVC
/// transmission of the 2020 pandemic shock.
///
/// @code
/// auto t = unbundle::read_mrio("wiod2013/2011");
/// unbundle::leontief<double> L(t);
/// auto s = unbundle::shock_vector(t, {{"*", "c30", -0.3}});   // hotels and restaurants, everywhere
/// auto r = unbundle::propagate_shock(L, t, s, {unbundle::shock_model::demand, true});
/// r.gdp_pct(t.regions().index("DEU"));   // percent change of German GDP
/// r.spillover(0, 1);                      // GDP change of region 1 caused by region 0's shocks
/// @endcode

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "../detail/check.hpp"
#include "leontief.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // bodies depend on _OPENMP and EIGEN_USE_BLAS/LAPACKE (config.hpp)

/// Which linear model carries the shock.
enum class shock_model {
    demand, ///< Leontief: final demand changes, output follows (Δx = L Δy)
    supply  ///< Ghosh: value added (primary inputs) changes, output follows (Δx' = Δva' G)
};

inline const char* to_string(shock_model m) noexcept { return m == shock_model::demand ? "demand" : "supply"; }

/// One line of a shock specification: the proportional change (e.g. -0.3) of the final demand
/// (demand model) or value added (supply model) of one region-sector. `"*"` as region or sector
/// stands for all of them.
struct shock_entry {
    std::string region;
    std::string sector;
    double change = 0;
};

/// Checks one shock entry against a table; `where` starts the messages (e.g. "file.csv:3").
/// @throws key_error on an unknown region or sector; domain_error when the change is not finite
///         or below -1 (a level cannot fall below zero).
template <class Scalar> void check_shock_entry(const mrio<Scalar>& t, const shock_entry& e, const std::string& where) {
    if (!std::isfinite(e.change) || e.change < -1.0)
        throw domain_error(where + ": shock must be a proportion of at least -1 (e.g. -0.3), got " +
                           detail::to_string_full(e.change));
    if (e.region != "*" && !t.regions().contains(e.region))
        throw key_error(where + ": unknown region '" + e.region + "'");
    if (e.sector != "*" && !t.sectors().contains(e.sector))
        throw key_error(where + ": unknown sector '" + e.sector + "'");
}

/// The proportional shock of each row of the table (n) from a list of entries. Entries apply in
/// order: a later entry that matches a row replaces what an earlier one set (so `*,*,-0.1`
/// followed by `DEU,*,-0.2` gives -0.2 to Germany and -0.1 to everyone else).
/// @throws as check_shock_entry, naming the entry (1-based).
template <class Scalar> vector_x<Scalar> shock_vector(const mrio<Scalar>& t, const std::vector<shock_entry>& entries) {
    const index_t G = t.num_regions(), N = t.num_sectors();
    vector_x<Scalar> s = vector_x<Scalar>::Zero(t.n());
    for (std::size_t k = 0; k < entries.size(); ++k) {
        const auto& e = entries[k];
        check_shock_entry(t, e,
                          "shock_vector: entry " + std::to_string(k + 1) + " (" + e.region + "," + e.sector + ")");
        const index_t r0 = e.region == "*" ? 0 : t.regions().index(e.region);
        const index_t r1 = e.region == "*" ? G : r0 + 1;
        const index_t s0 = e.sector == "*" ? 0 : t.sectors().index(e.sector);
        const index_t s1 = e.sector == "*" ? N : s0 + 1;
        for (index_t r = r0; r < r1; ++r)
            for (index_t j = s0; j < s1; ++j) s(t.row(r, j)) = static_cast<Scalar>(e.change);
    }
    return s;
}

/// Options of propagate_shock().
struct shock_options {
    shock_model model = shock_model::demand;
    /// Also split each region's change into the parts caused by each source region's shocks (the
    /// G x G spillover matrix; G right-hand sides instead of one).
    bool attribution = false;
};

/// What a shock does to output and GDP, by row and by region. Levels are in the table's units;
/// percentages are relative to the baseline levels (value added for GDP, gross output for output).
template <class Scalar = double> struct shock_result {
    shock_model model = shock_model::demand;
    output_convention convention = output_convention::published; ///< the x the model used
    vector_x<Scalar> shock;                                      ///< proportional shock of each row (n)
    vector_x<Scalar> impulse;                                    ///< Δy (demand) or Δva (supply), n
    vector_x<Scalar> d_output;                                   ///< Δx, n
    vector_x<Scalar> d_gdp;                                      ///< v ⊙ Δx, n
    vector_x<Scalar> output;                                     ///< baseline gross output by region (G)
    vector_x<Scalar> gdp;                                        ///< baseline value added by region (G)
    vector_x<Scalar> region_d_output;                            ///< Δ output by region (G)
    vector_x<Scalar> region_d_gdp;                               ///< Δ GDP by region (G)
    /// spillover(s, r): GDP change of region r caused by the shocks of region s (G x G; empty
    /// without attribution). Column r adds up to region_d_gdp(r).
    matrix_x<Scalar> spillover;

    index_t num_regions() const noexcept { return gdp.size(); }
    bool has_attribution() const noexcept { return spillover.size() > 0; }

    /// Percent change of region r's GDP (0 for a region without value added).
    Scalar gdp_pct(index_t r) const { return pct(region_d_gdp(r), gdp(r)); }
    /// Percent change of region r's gross output.
    Scalar output_pct(index_t r) const { return pct(region_d_output(r), output(r)); }
    /// Percent change of world GDP.
    Scalar world_gdp_pct() const { return pct(region_d_gdp.sum(), gdp.sum()); }
    /// Percent change of world gross output.
    Scalar world_output_pct() const { return pct(region_d_output.sum(), output.sum()); }
    /// Share of regions whose GDP falls.
    Scalar share_of_regions_declining() const {
        if (num_regions() == 0) return Scalar(0);
        return static_cast<Scalar>((region_d_gdp.array() < Scalar(0)).count()) / static_cast<Scalar>(num_regions());
    }
    /// Percent change of region r's GDP caused by its own shocks (needs attribution).
    Scalar domestic_pct(index_t r) const { return pct(attributed(r, "domestic_pct")(r, r), gdp(r)); }
    /// Percent change of region r's GDP transmitted from other regions' shocks (needs attribution).
    Scalar transmitted_pct(index_t r) const {
        const matrix_x<Scalar>& S = attributed(r, "transmitted_pct");
        return pct(S.col(r).sum() - S(r, r), gdp(r));
    }

  private:
    static Scalar pct(Scalar change, Scalar base) {
        return base == Scalar(0) ? Scalar(0) : Scalar(100) * change / base;
    }
    const matrix_x<Scalar>& attributed(index_t r, const char* fn) const {
        if (!has_attribution())
            throw usage_error(std::string("shock_result::") + fn + ": run propagate_shock with attribution = true");
        if (r < 0 || r >= num_regions())
            throw key_error(std::string("shock_result::") + fn + ": region position " + std::to_string(r) +
                            " is outside 0.." + std::to_string(num_regions() - 1));
        return spillover;
    }
};

/// Propagates a proportional shock (one entry per row of the table, see shock_vector) through the
/// table with the factorisation L of the same table. Cost: one solve (G solves with attribution).
/// @throws dimension_error when L or the shock do not fit the table; domain_error on a non-finite
///         shock, a shock below -1, or (supply) a value-added shock on a row without output.
template <class Scalar, class D>
shock_result<Scalar> propagate_shock(const leontief<Scalar>& L, const mrio<Scalar>& t,
                                     const Eigen::MatrixBase<D>& shock, const shock_options& opt = {}) {
    const char* fn = "propagate_shock";
    const index_t n = t.n(), G = t.num_regions(), N = t.num_sectors();
    detail::check_size(L.n(), n, fn, "leontief (rows) vs table");
    detail::check_size(shock.size(), n, fn, "shock (one per row of the table)");
    detail::check_finite(shock, fn, "shock", &t.labels());
    for (index_t i = 0; i < n; ++i)
        if (shock(i) < Scalar(-1))
            throw domain_error(std::string(fn) + ": shock of row " + std::to_string(i) + " (" +
                               t.labels()[static_cast<std::size_t>(i)] + ") is " + detail::to_string_full(shock(i)) +
                               ", below -1");

    shock_result<Scalar> res;
    res.model = opt.model;
    res.convention = t.convention();
    res.shock = shock;
    const vector_x<Scalar>& x = t.x();
    const vector_x<Scalar> v = t.va().cwiseProduct(detail::safe_inverse(x));
    const vector_x<Scalar> base = opt.model == shock_model::demand ? t.y() : t.va();
    res.impulse = shock.cwiseProduct(base);

    // Right-hand side: the model's input per row, split into one column per source region when
    // attributing. Demand: Δy. Supply: x̂⁻¹ Δva (then Δx = x̂ Lᵀ (x̂⁻¹ Δva)).
    vector_x<Scalar> rhs = res.impulse;
    if (opt.model == shock_model::supply)
        for (index_t i = 0; i < n; ++i) {
            if (x(i) != Scalar(0)) {
                rhs(i) /= x(i);
            } else if (rhs(i) != Scalar(0)) {
                throw domain_error(std::string(fn) + ": row " + std::to_string(i) + " (" +
                                   t.labels()[static_cast<std::size_t>(i)] +
                                   ") has zero output but a value-added shock of " + detail::to_string_full(rhs(i)));
            }
        }
    const index_t k = opt.attribution ? G : 1;
    matrix_x<Scalar> B = matrix_x<Scalar>::Zero(n, k);
    if (opt.attribution)
        for (index_t s = 0; s < G; ++s) B.col(s).segment(s * N, N) = rhs.segment(s * N, N);
    else
        B.col(0) = rhs;
    matrix_x<Scalar> dX = opt.model == shock_model::demand ? L.solve(B) : L.solve_transpose(B);
    if (opt.model == shock_model::supply) dX = x.asDiagonal() * dX;

    res.d_output = dX.rowwise().sum();
    res.d_gdp = v.cwiseProduct(res.d_output);
    res.output.resize(G);
    res.gdp.resize(G);
    res.region_d_output.resize(G);
    res.region_d_gdp.resize(G);
    for (index_t r = 0; r < G; ++r) {
        res.output(r) = x.segment(r * N, N).sum();
        res.gdp(r) = t.va().segment(r * N, N).sum();
        res.region_d_output(r) = res.d_output.segment(r * N, N).sum();
        res.region_d_gdp(r) = res.d_gdp.segment(r * N, N).sum();
    }
    if (opt.attribution) {
        res.spillover.resize(G, G);
        for (index_t s = 0; s < G; ++s)
            for (index_t r = 0; r < G; ++r) res.spillover(s, r) = v.segment(r * N, N).dot(dX.col(s).segment(r * N, N));
    }
    return res;
}

/// Convenience: factorises the table and propagates the shock entries.
/// @throws as shock_vector() and propagate_shock(); domain_error when the table is not productive
///         (productive_leontief(), naming the region-sectors whose column sum of A is 1 or more).
template <class Scalar>
shock_result<Scalar> propagate_shock(const mrio<Scalar>& t, const std::vector<shock_entry>& entries,
                                     const shock_options& opt = {}) {
    const leontief<Scalar> L = productive_leontief(t, {}, "propagate_shock");
    return propagate_shock(L, t, shock_vector(t, entries), opt);
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE vector_x<double> shock_vector<double>(const mrio<double>&, const std::vector<shock_entry>&);
UNBUNDLE_EXTERN_TEMPLATE shock_result<double>
propagate_shock<double, vector_x<double>>(const leontief<double>&, const mrio<double>&,
                                          const Eigen::MatrixBase<vector_x<double>>&, const shock_options&);
UNBUNDLE_EXTERN_TEMPLATE shock_result<double>
propagate_shock<double>(const mrio<double>&, const std::vector<shock_entry>&, const shock_options&);
} // namespace unbundle
#endif
