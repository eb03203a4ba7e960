#pragma once
/// @file scenario/costs.hpp
/// The three costs of the scenario engine as use-specific gross cost changes κ̂ per sector:
/// loadings by sector and use (`loading_table`), the changes themselves (`cost_hats`), the change
/// implied by scaling each component of a baseline (`cost_changes`), and baseline levels measured
/// from a table's own flows (`novy_costs`, Novy 2013's tariff equivalent).
///
/// Composite cost of moving sector j's goods from i to n for use u (i ≠ n; 1 at home):
///
///     κ^u_{inj} = Π_c (1 + e_c,in)^(a_c,j,u),   c ∈ {goods, ideas, people}
///
/// and, when each component is scaled by a path factor f_c(t) (core/cost_path.hpp),
///
///     κ̂^u_{inj} = Π_c ((1 + f_c(t) e_c,in) / (1 + f_c(t0) e_c,in))^(a_c,j,u).

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "../core/trade_costs.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"
#include "../fwd.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // calls functions whose bodies depend on the configuration (config.hpp)

/// Loadings a_c,j,u of the composite cost on the three components, one `cost_loadings` per sector
/// j and use u. Any real loading is accepted here; `cost_changes` rejects those that make a
/// composite cost fall below 1 (a negative loading on a positive cost, a positive one on a
/// negative cost).
template <class Scalar = double> struct loading_table {
    std::vector<cost_loadings<Scalar>> final_use;    ///< J entries: loadings of final purchases
    std::vector<cost_loadings<Scalar>> intermediate; ///< J entries: loadings of intermediate purchases

    /// The documented illustrative defaults of `cost_loadings::defaults` by each sector's kind
    /// (unknown kinds take the goods rows).
    static loading_table defaults(const sector_index& sectors) {
        loading_table t;
        for (index_t j = 0; j < sectors.size(); ++j) {
            t.final_use.push_back(cost_loadings<Scalar>::defaults(sectors.kind(j), purchase_use::final_use));
            t.intermediate.push_back(cost_loadings<Scalar>::defaults(sectors.kind(j), purchase_use::intermediate));
        }
        return t;
    }
    /// The same loadings for every sector and use.
    static loading_table uniform(index_t J, const cost_loadings<Scalar>& a) {
        if (J < 0) throw dimension_error("loading_table::uniform: negative number of sectors " + std::to_string(J));
        loading_table t;
        t.final_use.assign(static_cast<std::size_t>(J), a);
        t.intermediate.assign(static_cast<std::size_t>(J), a);
        return t;
    }
    index_t sectors() const noexcept { return static_cast<index_t>(final_use.size()); }
    /// @throws key_error when j is outside 0..J−1.
    const cost_loadings<Scalar>& at(index_t j, purchase_use u) const {
        const auto& v = u == purchase_use::final_use ? final_use : intermediate;
        if (j < 0 || j >= static_cast<index_t>(v.size()))
            throw key_error("loading_table::at: sector position " + std::to_string(j) + " is outside 0.." +
                            std::to_string(static_cast<index_t>(v.size()) - 1));
        return v[static_cast<std::size_t>(j)];
    }
    cost_loadings<Scalar>& at(index_t j, purchase_use u) {
        return const_cast<cost_loadings<Scalar>&>(static_cast<const loading_table&>(*this).at(j, u));
    }
};

/// Use-specific gross cost changes κ̂ = κ'/κ: for each sector j an N x N matrix, rows exporters
/// i, columns importers n (the orientation of trade_matrix), diagonal 1 (a diagonal entry other
/// than 1 acts as a change in the cost of buying at home).
template <class Scalar = double> struct cost_hats {
    std::vector<matrix_x<Scalar>> final_use;    ///< J matrices N x N
    std::vector<matrix_x<Scalar>> intermediate; ///< J matrices N x N
    /// No change: every κ̂ = 1.
    static cost_hats ones(index_t N, index_t J) {
        cost_hats k;
        k.final_use.assign(static_cast<std::size_t>(J), matrix_x<Scalar>::Ones(N, N));
        k.intermediate.assign(static_cast<std::size_t>(J), matrix_x<Scalar>::Ones(N, N));
        return k;
    }
    index_t sectors() const noexcept { return static_cast<index_t>(final_use.size()); }
    const matrix_x<Scalar>& at(index_t j, purchase_use u) const {
        return (u == purchase_use::final_use ? final_use : intermediate)[static_cast<std::size_t>(j)];
    }
};

/// Baseline cost levels that may differ by sector and use (e.g. measured by `novy_costs`): one
/// `trade_costs` per sector and use.
template <class Scalar = double> struct sector_costs {
    std::vector<trade_costs<Scalar>> final_use;    ///< J entries
    std::vector<trade_costs<Scalar>> intermediate; ///< J entries
    /// The same levels for every sector and use.
    static sector_costs uniform(index_t J, const trade_costs<Scalar>& c) {
        sector_costs s;
        s.final_use.assign(static_cast<std::size_t>(J), c);
        s.intermediate.assign(static_cast<std::size_t>(J), c);
        return s;
    }
    index_t sectors() const noexcept { return static_cast<index_t>(final_use.size()); }
    const trade_costs<Scalar>& at(index_t j, purchase_use u) const {
        return (u == purchase_use::final_use ? final_use : intermediate)[static_cast<std::size_t>(j)];
    }
};

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN

inline std::string use_name(purchase_use u) { return u == purchase_use::final_use ? "final" : "intermediate"; }

template <class Scalar> void check_factors(const std::array<Scalar, 3>& f, const char* func, const char* which) {
    for (std::size_t c = 0; c < 3; ++c)
        if (!(f[c] >= Scalar(0)) || !std::isfinite(static_cast<double>(f[c])))
            throw domain_error(std::string(func) + ": " + which + " factor of the " +
                               to_string(static_cast<cost_component>(c)) + " cost must be finite and >= 0, got " +
                               to_string_full(f[c]));
}

/// κ̂ of one sector and use (see the file comment), with the checks of cost_changes.
template <class Scalar>
matrix_x<Scalar> one_cost_change(const trade_costs<Scalar>& b, const cost_loadings<Scalar>& a,
                                 const std::array<Scalar, 3>& from, const std::array<Scalar, 3>& to,
                                 const std::string& where) {
    const index_t N = b.size();
    matrix_x<Scalar> k = matrix_x<Scalar>::Ones(N, N);
    for (std::size_t c = 0; c < 3; ++c)
        if (!std::isfinite(static_cast<double>(a.a[c])))
            throw domain_error("cost_changes: the " + std::string(to_string(static_cast<cost_component>(c))) +
                               " loading of " + where + " is not finite");
    for (index_t n = 0; n < N; ++n)
        for (index_t i = 0; i < N; ++i) {
            if (i == n) continue;
            Scalar l0(0), l1(0);
            for (std::size_t c = 0; c < 3; ++c) {
                const Scalar ac = a.a[c];
                if (ac == Scalar(0)) continue;
                const Scalar e = b.component(static_cast<cost_component>(c))(i, n);
                const Scalar g0 = Scalar(1) + from[c] * e, g1 = Scalar(1) + to[c] * e;
                if (!(g0 > Scalar(0)) || !(g1 > Scalar(0)))
                    throw domain_error("cost_changes: the " + std::string(to_string(static_cast<cost_component>(c))) +
                                       " cost from " + b.economies()[i] + " to " + b.economies()[n] + " (" + where +
                                       ") scaled by its path factor leaves 1 + e <= 0 (e = " + to_string_full(e) + ")");
                l0 += ac * std::log(g0);
                l1 += ac * std::log(g1);
            }
            // κ = exp(l) must be >= 1: moving goods abroad cannot be cheaper than at home.
            const Scalar slack = Scalar(64) * std::numeric_limits<Scalar>::epsilon();
            if (l0 < -slack || l1 < -slack)
                throw domain_error("cost_changes: the composite cost from " + b.economies()[i] + " to " +
                                   b.economies()[n] + " (" + where + ") is " +
                                   to_string_full(std::exp(std::min(l0, l1))) +
                                   " < 1: a loading of the wrong sign for the cost it multiplies");
            const Scalar kh = std::exp(l1 - l0);
            if (!std::isfinite(static_cast<double>(kh)) || !(kh > Scalar(0)))
                throw domain_error("cost_changes: the cost change from " + b.economies()[i] + " to " +
                                   b.economies()[n] + " (" + where +
                                   ") is not finite (costs explode): " + to_string_full(kh));
            k(i, n) = kh;
        }
    return k;
}

UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// κ̂ for every sector and use when each component c of the baseline is scaled from f_c(t0)
/// (`factor_from`) to f_c(t) (`factor_to`), the same levels for every sector.
/// @throws dimension_error (no sectors), domain_error naming the pair, sector and use when a
///         composite cost is below 1 (loadings of the wrong sign), when 1 + f e ≤ 0, when a
///         factor is negative or non-finite, or when κ̂ is not finite (costs that explode).
/// Complexity: O(N² J).
template <class Scalar = double>
cost_hats<Scalar> cost_changes(const trade_costs<Scalar>& baseline, const loading_table<Scalar>& loadings,
                               const std::array<Scalar, 3>& factor_from, const std::array<Scalar, 3>& factor_to) {
    return cost_changes(sector_costs<Scalar>::uniform(loadings.sectors(), baseline), loadings, factor_from, factor_to);
}

/// As above with baseline levels by sector and use (e.g. from `novy_costs`).
template <class Scalar = double>
cost_hats<Scalar> cost_changes(const sector_costs<Scalar>& baseline, const loading_table<Scalar>& loadings,
                               const std::array<Scalar, 3>& factor_from, const std::array<Scalar, 3>& factor_to) {
    const char* func = "cost_changes";
    const index_t J = loadings.sectors();
    if (J == 0 || static_cast<index_t>(loadings.intermediate.size()) != J)
        throw dimension_error(std::string(func) +
                              ": the loading table needs one final and one intermediate entry per "
                              "sector, got " +
                              std::to_string(loadings.final_use.size()) + " and " +
                              std::to_string(loadings.intermediate.size()));
    if (baseline.sectors() != J || static_cast<index_t>(baseline.intermediate.size()) != J)
        throw dimension_error(std::string(func) + ": baseline costs for " + std::to_string(baseline.sectors()) +
                              " sectors but loadings for " + std::to_string(J));
    detail::check_factors(factor_from, func, "starting");
    detail::check_factors(factor_to, func, "target");
    cost_hats<Scalar> k;
    for (index_t j = 0; j < J; ++j)
        for (purchase_use u : {purchase_use::final_use, purchase_use::intermediate}) {
            const std::string where = "sector " + std::to_string(j) + ", " + detail::use_name(u) + " use";
            (u == purchase_use::final_use ? k.final_use : k.intermediate)
                .push_back(
                    detail::one_cost_change(baseline.at(j, u), loadings.at(j, u), factor_from, factor_to, where));
        }
    return k;
}

/// Baseline cost levels from a table's own flows: Novy's (2013) tariff equivalent by sector kind
/// and use,
///
///     τ_in = ((x_in x_ni) / (x_ii x_nn))^(−1/(2θ)) − 1,
///
/// where x_in are the flows of all sectors of one kind (goods, services, unknown) from i to n for
/// one use (intermediate: Σ_k Z[(i,j),(n,k)]; final: Y[(i,j),n], negative entries counted as 0),
/// and θ the mean of the θ_j of the kind's sectors. Each sector's total is split across the three
/// components in proportion to its loadings, scaled so that the composite equals 1 + τ exactly:
///
///     ln(1 + e_c) = a_c / (Σ_c' a_c'²) · ln(1 + τ)    ⇒    Π_c (1 + e_c)^(a_c) = 1 + τ.
///
/// (The unscaled split ln(1+e_c) = a_c/Σa · ln(1+τ) would make the composite (1+τ)^(Σa²/Σa), not
/// the measured 1 + τ.) Zero flows: a pair with a zero flow either way or a zero domestic flow has
/// no finite τ; it takes the largest finite τ of its kind and use (0 when there is none). Such a
/// pair has a zero sourcing share, which a finite cost change leaves at zero, so the imputed level
/// only affects the size of κ̂ there, never the equilibrium.
/// @param theta per sector (size J, > 0).
/// @throws dimension_error (sizes), domain_error (θ ≤ 0, naming the sector; all loadings 0 for a sector).
template <class Scalar = double>
sector_costs<Scalar> novy_costs(const mrio<Scalar>& table, const loading_table<Scalar>& loadings,
                                const std::enable_if_t<true, vector_x<Scalar>>& theta) { // θ: non-deduced
    const char* func = "novy_costs";
    const index_t N = table.num_regions(), J = table.num_sectors();
    if (loadings.sectors() != J || theta.size() != J)
        throw dimension_error(std::string(func) + ": the table has " + std::to_string(J) + " sectors but " +
                              std::to_string(loadings.sectors()) + " loadings and " + std::to_string(theta.size()) +
                              " elasticities were given");
    for (index_t j = 0; j < J; ++j)
        if (!(theta(j) > 0) || !std::isfinite(static_cast<double>(theta(j))))
            throw domain_error(std::string(func) + ": theta of sector " + table.sectors()[j] +
                               " must be positive and finite, got " + detail::to_string_full(theta(j)));
    const matrix_x<Scalar> Y = table.Y();
    // flows by kind (0 goods, 1 services, 2 unknown) and use
    std::array<std::array<matrix_x<Scalar>, 2>, 3> X;
    std::array<Scalar, 3> th_sum{}, th_cnt{};
    for (auto& k : X)
        for (auto& m : k) m = matrix_x<Scalar>::Zero(N, N);
    for (index_t j = 0; j < J; ++j) {
        const auto kk = static_cast<std::size_t>(table.sectors().kind(j));
        th_sum[kk] += theta(j);
        th_cnt[kk] += Scalar(1);
        for (index_t i = 0; i < N; ++i)
            for (index_t n = 0; n < N; ++n) {
                X[kk][0](i, n) += std::max(Y(i * J + j, n), Scalar(0));
                X[kk][1](i, n) += table.Z().row(i * J + j).segment(n * J, J).sum();
            }
    }
    std::array<std::array<matrix_x<Scalar>, 2>, 3> T;
    for (std::size_t kk = 0; kk < 3; ++kk) {
        if (th_cnt[kk] == Scalar(0)) continue;
        const Scalar th = th_sum[kk] / th_cnt[kk];
        for (std::size_t u = 0; u < 2; ++u) {
            const matrix_x<Scalar>& x = X[kk][u];
            matrix_x<Scalar> t = matrix_x<Scalar>::Zero(N, N);
            Scalar tmax(0);
            bool any = false;
            std::vector<std::pair<index_t, index_t>> missing;
            for (index_t n = 0; n < N; ++n)
                for (index_t i = 0; i < N; ++i) {
                    if (i == n) continue;
                    const Scalar num = x(i, n) * x(n, i), den = x(i, i) * x(n, n);
                    if (num > Scalar(0) && den > Scalar(0)) {
                        t(i, n) = std::pow(num / den, Scalar(-1) / (Scalar(2) * th)) - Scalar(1);
                        tmax = any ? std::max(tmax, t(i, n)) : t(i, n);
                        any = true;
                    } else {
                        missing.emplace_back(i, n);
                    }
                }
            for (const auto& p : missing) t(p.first, p.second) = any ? tmax : Scalar(0);
            T[kk][u] = t;
        }
    }
    sector_costs<Scalar> out;
    for (index_t j = 0; j < J; ++j)
        for (purchase_use u : {purchase_use::final_use, purchase_use::intermediate}) {
            const auto kk = static_cast<std::size_t>(table.sectors().kind(j));
            const matrix_x<Scalar>& tau = T[kk][u == purchase_use::final_use ? 0 : 1];
            const cost_loadings<Scalar>& a = loadings.at(j, u);
            const Scalar a2 = a.a[0] * a.a[0] + a.a[1] * a.a[1] + a.a[2] * a.a[2];
            if (!(a2 > Scalar(0)))
                throw domain_error(std::string(func) + ": all three loadings of sector " + table.sectors()[j] + ", " +
                                   detail::use_name(u) + " use are zero: the measured cost cannot be split");
            std::array<matrix_x<Scalar>, 3> e;
            for (std::size_t c = 0; c < 3; ++c)
                e[c] = ((a.a[c] / a2) * (Scalar(1) + tau.array()).log()).exp() - Scalar(1);
            trade_costs<Scalar> tc(table.regions(), e[0], e[1], e[2]);
            (u == purchase_use::final_use ? out.final_use : out.intermediate).push_back(std::move(tc));
        }
    return out;
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE cost_hats<double> cost_changes<double>(const trade_costs<double>&,
                                                                const loading_table<double>&,
                                                                const std::array<double, 3>&,
                                                                const std::array<double, 3>&);
UNBUNDLE_EXTERN_TEMPLATE cost_hats<double> cost_changes<double>(const sector_costs<double>&,
                                                                const loading_table<double>&,
                                                                const std::array<double, 3>&,
                                                                const std::array<double, 3>&);
UNBUNDLE_EXTERN_TEMPLATE sector_costs<double> novy_costs<double>(const mrio<double>&, const loading_table<double>&,
                                                                 const vector_x<double>&);
} // namespace unbundle
#endif
