#pragma once
/// @file measure/components.hpp
/// The three unbundlings measured in the data: for every pair of economies and year, the tariff
/// equivalents of the four blocks (goods/services × final/intermediate) split into the costs of
/// moving goods, ideas and people by least squares on the loadings,
///     ln(1 + τ_b) = Σ_c a_{c,b} ln(1 + e_c)   (4 equations, 3 unknowns),
/// and their world and group series (trade-weighted geometric means with base-year weights).

#include "../config.hpp"
#include "flows.hpp"

#include <Eigen/LU>

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // calls functions whose bodies depend on the configuration (config.hpp)

/// Options of the measurement.
template <class Scalar = double> struct measure_options {
    Scalar theta = Scalar(5); ///< trade elasticity of Novy's index (every block)
    /// Loadings of each block (rows of the 4 x 3 design); default: cost_loadings::defaults.
    std::array<cost_loadings<Scalar>, 4> loadings{
        cost_loadings<Scalar>::defaults(sector_kind::goods, purchase_use::final_use),
        cost_loadings<Scalar>::defaults(sector_kind::goods, purchase_use::intermediate),
        cost_loadings<Scalar>::defaults(sector_kind::services, purchase_use::final_use),
        cost_loadings<Scalar>::defaults(sector_kind::services, purchase_use::intermediate)};
};

/// One unordered pair of economies (i < n) in one year.
template <class Scalar = double> struct pair_measure {
    index_t i = 0, n = 0;             ///< positions in the year's economy_index (i < n)
    std::array<Scalar, 4> log_tau{};  ///< ln(1 + τ_b) by flow_block (+∞ where unobserved)
    std::array<Scalar, 4> trade{};    ///< x_in + x_ni by flow_block (the weights)
    std::array<Scalar, 3> log_cost{}; ///< ln(1 + e_c) by cost_component (0 where unidentified)
    Scalar residual = Scalar(0);      ///< root mean square of the fit's residuals (ln points)
    int observed = 0;                 ///< number of blocks with a finite τ (0..4)
    bool identified() const noexcept { return observed >= 3; }
    Scalar tau(flow_block b) const { return std::expm1(log_tau[static_cast<std::size_t>(b)]); }
    Scalar cost(cost_component c) const { return std::expm1(log_cost[static_cast<std::size_t>(c)]); }
    Scalar total_trade() const noexcept { return trade[0] + trade[1] + trade[2] + trade[3]; }
};

/// Every pair of one year's table.
template <class Scalar = double> struct year_measure {
    int year = 0;
    economy_index regions;
    std::vector<pair_measure<Scalar>> pairs; ///< (0,1), (0,2), ..., (N−2, N−1)
};

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN

/// Least squares of ln(1+τ) on the loadings over the observed blocks of one pair.
template <class Scalar> void fit_components(pair_measure<Scalar>& p, const std::array<cost_loadings<Scalar>, 4>& a) {
    Eigen::Matrix<Scalar, 4, 3> A;
    Eigen::Matrix<Scalar, 4, 1> z;
    int m = 0;
    for (int b = 0; b < 4; ++b) {
        if (!std::isfinite(static_cast<double>(p.log_tau[static_cast<std::size_t>(b)]))) continue;
        for (int c = 0; c < 3; ++c) A(m, c) = a[static_cast<std::size_t>(b)].a[static_cast<std::size_t>(c)];
        z(m) = p.log_tau[static_cast<std::size_t>(b)];
        ++m;
    }
    p.observed = m;
    p.log_cost = {Scalar(0), Scalar(0), Scalar(0)};
    p.residual = Scalar(0);
    if (m < 3) return;
    const auto As = A.topRows(m);
    const Eigen::Matrix<Scalar, 3, 3> AtA = As.transpose() * As;
    const Eigen::FullPivLU<Eigen::Matrix<Scalar, 3, 3>> lu(AtA);
    if (!lu.isInvertible()) {
        p.observed = 0; // the observed blocks cannot separate the three costs
        return;
    }
    const Eigen::Matrix<Scalar, 3, 1> y = lu.solve(As.transpose() * z.head(m));
    for (int c = 0; c < 3; ++c) p.log_cost[static_cast<std::size_t>(c)] = y(c);
    p.residual = std::sqrt((z.head(m) - As * y).squaredNorm() / Scalar(m));
}

template <class Scalar> void check_loadings(const std::array<cost_loadings<Scalar>, 4>& a) {
    for (auto b : all_flow_blocks)
        for (auto c : all_cost_components) {
            const Scalar v = a[static_cast<std::size_t>(b)][c];
            if (!std::isfinite(static_cast<double>(v)))
                throw domain_error(std::string("measure: loading of ") + to_string(c) + " in " + to_string(b) +
                                   " is not finite");
        }
    Eigen::Matrix<Scalar, 4, 3> A;
    for (int b = 0; b < 4; ++b)
        for (int c = 0; c < 3; ++c) A(b, c) = a[static_cast<std::size_t>(b)].a[static_cast<std::size_t>(c)];
    if (Eigen::FullPivLU<Eigen::Matrix<Scalar, 4, 3>>(A).rank() < 3)
        throw domain_error("measure: the 4 x 3 loadings have rank below 3, so the three costs cannot be separated");
}

UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// Measures every pair of one table: the four blocks' Novy indices and the three components.
/// Pairs with fewer than three observed blocks (no trade, or no domestic flow, in two or more blocks)
/// are kept with `identified() == false` and left out of every aggregate.
/// @throws domain_error when θ ≤ 0, a loading is not finite, the loadings cannot separate the
///         costs (rank < 3), or a sector has no kind.
template <class Scalar>
year_measure<Scalar> measure_year(const mrio<Scalar>& table, int year, const measure_options<Scalar>& opt = {}) {
    detail::check_loadings(opt.loadings);
    const block_flows<Scalar> f = flows_by_block(table);
    std::array<matrix_x<Scalar>, 4> lt;
    for (auto b : all_flow_blocks) lt[static_cast<std::size_t>(b)] = novy_log_tariff_equivalent(f[b], opt.theta);
    year_measure<Scalar> out;
    out.year = year;
    out.regions = table.regions();
    const index_t G = table.num_regions();
    out.pairs.reserve(static_cast<std::size_t>(G * (G - 1) / 2));
    for (index_t i = 0; i < G; ++i)
        for (index_t n = i + 1; n < G; ++n) {
            pair_measure<Scalar> p;
            p.i = i;
            p.n = n;
            for (std::size_t b = 0; b < 4; ++b) {
                p.log_tau[b] = lt[b](i, n);
                p.trade[b] = f.x[b](i, n) + f.x[b](n, i);
            }
            detail::fit_components(p, opt.loadings);
            out.pairs.push_back(p);
        }
    return out;
}

/// A class of pairs for group series (e.g. North–South): a name and a test on the two codes.
struct pair_class {
    std::string name;
    std::function<bool(const std::string&, const std::string&)> contains;
};

/// North: the 19 economies of WIOD that were OECD members in 1990 (excluding Turkey); the others are
/// South. A documented, simple grouping: pass your own classes for another.
template <class D = void> inline std::vector<std::string> wiod_north() {
    return {"AUS", "AUT", "BEL", "CAN", "DEU", "DNK", "ESP", "FIN", "FRA", "GBR",
            "GRC", "IRL", "ITA", "JPN", "LUX", "NLD", "PRT", "SWE", "USA"};
}
/// The 27 members of the European Union of 2007–2013 (WIOD codes; Romania is ROM).
template <class D = void> inline std::vector<std::string> eu27() {
    return {"AUT", "BEL", "BGR", "CYP", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GBR", "GRC", "HUN",
            "IRL", "ITA", "LTU", "LUX", "LVA", "MLT", "NLD", "POL", "PRT", "ROM", "SVK", "SVN", "SWE"};
}

/// North–North, North–South, South–South (from `north`) and within/outside the EU (from `eu`).
template <class D = void>
inline std::vector<pair_class> default_pair_classes(const std::vector<std::string>& north = wiod_north(),
                                                    const std::vector<std::string>& eu = eu27()) {
    auto in = [](const std::vector<std::string>& set) {
        return [set](const std::string& c) { return std::find(set.begin(), set.end(), c) != set.end(); };
    };
    const auto N = in(north), E = in(eu);
    return {{"north_north", [N](const std::string& a, const std::string& b) { return N(a) && N(b); }},
            {"north_south", [N](const std::string& a, const std::string& b) { return N(a) != N(b); }},
            {"south_south", [N](const std::string& a, const std::string& b) { return !N(a) && !N(b); }},
            {"eu_internal", [E](const std::string& a, const std::string& b) { return E(a) && E(b); }},
            {"eu_external", [E](const std::string& a, const std::string& b) { return !(E(a) && E(b)); }}};
}

/// One year of a series (world or group).
template <class Scalar = double> struct measure_point {
    int year = 0;
    std::array<Scalar, 4> tau{};   ///< weighted geometric mean of (1 + τ_b), minus 1
    std::array<Scalar, 3> cost{};  ///< weighted geometric mean of (1 + e_c), minus 1
    std::array<Scalar, 3> index{}; ///< (1 + e_c) relative to the first year, first year = 100
    Scalar fit_rmse = Scalar(0);   ///< weighted root mean square of the pairs' fit residuals
    index_t pairs = 0;             ///< identified pairs that entered
};

/// World series and group series of a panel of year measures (same economies every year).
template <class Scalar = double> struct unbundling_series {
    economy_index regions;
    std::vector<measure_point<Scalar>> world;
    std::map<std::string, std::vector<measure_point<Scalar>>> groups; ///< classes with at least one pair
};

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN

template <class Scalar>
measure_point<Scalar> aggregate_year(const year_measure<Scalar>& y, const year_measure<Scalar>& base,
                                     const std::vector<char>& member) {
    measure_point<Scalar> pt;
    pt.year = y.year;
    std::array<Scalar, 4> st{}, wt{};
    std::array<Scalar, 3> sc{};
    Scalar wc = 0, sr = 0;
    for (std::size_t k = 0; k < y.pairs.size(); ++k) {
        if (!member[k]) continue;
        const auto& p = y.pairs[k];
        const auto& p0 = base.pairs[k];
        for (std::size_t b = 0; b < 4; ++b)
            if (std::isfinite(static_cast<double>(p.log_tau[b])) && std::isfinite(static_cast<double>(p0.log_tau[b])) &&
                p0.trade[b] > Scalar(0)) {
                st[b] += p0.trade[b] * p.log_tau[b];
                wt[b] += p0.trade[b];
            }
        if (!p.identified() || !p0.identified()) continue;
        const Scalar w = p0.total_trade();
        if (!(w > Scalar(0))) continue;
        for (std::size_t c = 0; c < 3; ++c) sc[c] += w * p.log_cost[c];
        sr += w * p.residual * p.residual;
        wc += w;
        ++pt.pairs;
    }
    for (std::size_t b = 0; b < 4; ++b) pt.tau[b] = wt[b] > Scalar(0) ? std::expm1(st[b] / wt[b]) : Scalar(0);
    for (std::size_t c = 0; c < 3; ++c) pt.cost[c] = wc > Scalar(0) ? std::expm1(sc[c] / wc) : Scalar(0);
    pt.fit_rmse = wc > Scalar(0) ? std::sqrt(sr / wc) : Scalar(0);
    return pt;
}

UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// World and group series of a panel: each year's aggregate weights every pair by its trade in the
/// first year (base-year weights, so that a series moves only with the costs, not with the mix of
/// trade). A block's τ enters where it is finite in that year and in the first year; a pair's
/// components where it is identified in both (so that pairs that start trading later do not change
/// the composition of the index). The component indices are (1 + e_c) relative to the first year, times 100.
/// @throws dimension_error when a year's economies differ from the first year's (naming the economy),
///         domain_error on an empty panel.
template <class Scalar>
unbundling_series<Scalar> summarise(const std::vector<year_measure<Scalar>>& years,
                                    const std::vector<pair_class>& classes = default_pair_classes()) {
    if (years.empty()) throw domain_error("summarise: no years to summarise");
    const year_measure<Scalar>& base = years.front();
    const index_t G = base.regions.size();
    for (const auto& y : years) {
        if (y.regions.size() != G)
            throw dimension_error("summarise: year " + std::to_string(y.year) + " has " +
                                  std::to_string(y.regions.size()) + " economies, year " + std::to_string(base.year) +
                                  " has " + std::to_string(G));
        for (index_t r = 0; r < G; ++r)
            if (y.regions.code(r) != base.regions.code(r))
                throw dimension_error("summarise: economy " + std::to_string(r + 1) + " is '" + y.regions.code(r) +
                                      "' in " + std::to_string(y.year) + " but '" + base.regions.code(r) + "' in " +
                                      std::to_string(base.year));
    }
    unbundling_series<Scalar> out;
    out.regions = base.regions;
    auto series = [&](const std::vector<char>& member) {
        std::vector<measure_point<Scalar>> s;
        for (const auto& y : years) s.push_back(detail::aggregate_year(y, base, member));
        for (auto& pt : s)
            for (std::size_t c = 0; c < 3; ++c)
                pt.index[c] = Scalar(100) * (Scalar(1) + pt.cost[c]) / (Scalar(1) + s.front().cost[c]);
        return s;
    };
    out.world = series(std::vector<char>(base.pairs.size(), 1));
    for (const auto& cls : classes) {
        std::vector<char> member(base.pairs.size(), 0);
        bool any = false;
        for (std::size_t k = 0; k < base.pairs.size(); ++k) {
            member[k] = cls.contains(base.regions.code(base.pairs[k].i), base.regions.code(base.pairs[k].n)) ? 1 : 0;
            any = any || member[k];
        }
        if (any) out.groups.emplace(cls.name, series(member));
    }
    return out;
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE year_measure<double> measure_year<double>(const mrio<double>&, int,
                                                                   const measure_options<double>&);
UNBUNDLE_EXTERN_TEMPLATE unbundling_series<double> summarise<double>(const std::vector<year_measure<double>>&,
                                                                     const std::vector<pair_class>&);
} // namespace unbundle
#endif
