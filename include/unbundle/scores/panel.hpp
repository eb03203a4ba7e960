#pragma once
/// @file scores/panel.hpp
/// Integration scores of a `trade_panel` in one call: every year (economy, network, bilateral and
/// bloc scores), by product where the panel has a product column, and the change of a bloc's
/// integration over the years.
///
/// The economies of every year are those of the panel (the union over years, in sorted order),
/// so that results line up across years. An economy without international trade in some year is
/// an error naming it and the year (drop it from the panel, or select the years where it trades).

#include "../config.hpp"
#include "../core/trade_panel.hpp"
#include "bilateral.hpp"
#include "bloc.hpp"
#include "economy.hpp"
#include "network.hpp"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace unbundle {

/// Options of `panel_scores_of`.
struct panel_scores_options {
    double theta = 5.0;                    ///< trade elasticity of Novy's τ
    std::vector<std::string> bloc{};       ///< members of a bloc to score (none when empty)
    bool products = true;                  ///< product-level scores when the panel has products
    std::optional<vector_d> gdp{};         ///< GDP of every economy (panel order), all years
    std::map<int, vector_d> gdp_by_year{}; ///< GDP by year (overrides `gdp` for that year)
    std::string distance{};                ///< covariate with bilateral distances (Harris market potential)
    scores_options scores{};
};

/// Every score of one year.
struct year_scores {
    int year = 0; ///< 0 for a panel without years
    integration_scores<double> economies;
    bilateral_scores<double> bilateral;
    std::optional<product_scores<double>> products;
    std::optional<bloc_scores<double>> bloc;
};

/// Exports and imports by economy and product (international flows only) of one year, or of the
/// whole panel when `year` is empty.
/// @throws usage_error (a panel without a product column), key_error (a year without rows).
template <class Dep = void>
product_flows<double> product_flows_of(const trade_panel& p, std::optional<int> year = std::nullopt) {
    using real = detail::dependent_t<double, Dep>;
    if (p.products().empty()) throw usage_error("product_flows: the panel has no product column");
    const index_t N = p.economies().size();
    const auto K = static_cast<index_t>(p.products().size());
    product_flows<double> f;
    f.economies = p.economies();
    f.products = p.products();
    f.exports = matrix_x<real>::Zero(N, K);
    f.imports = matrix_x<real>::Zero(N, K);
    bool any = false;
    for (std::size_t r = 0; r < p.value().size(); ++r) {
        if (year && p.year()[r] != *year) continue;
        any = true;
        const index_t i = p.exporter()[r], j = p.importer()[r], k = p.product()[r];
        if (i == j) continue;
        f.exports(i, k) += p.value()[r];
        f.imports(j, k) += p.value()[r];
    }
    if (year && !any) throw key_error("product_flows: no rows for year " + std::to_string(*year));
    return f;
}

/// N x N matrix of a bilateral covariate (e.g. distance) of one year (or the whole panel): the
/// value of the first row of each pair; a pair seen only in one direction gets it in both; the
/// diagonal and unseen pairs are 0.
template <class Dep = void>
matrix_d covariate_matrix(const trade_panel& p, const std::string& name, std::optional<int> year = std::nullopt) {
    using real = detail::dependent_t<double, Dep>;
    const std::vector<double>& v = p.covariate(name);
    const index_t N = p.economies().size();
    matrix_x<real> D = matrix_x<real>::Zero(N, N);
    matrix_x<real> seen = matrix_x<real>::Zero(N, N);
    for (std::size_t r = 0; r < v.size(); ++r) {
        if (year && p.year()[r] != *year) continue;
        const index_t i = p.exporter()[r], j = p.importer()[r];
        if (seen(i, j) == 0) {
            D(i, j) = v[r];
            seen(i, j) = 1;
        }
    }
    for (index_t j = 0; j < N; ++j)
        for (index_t i = 0; i < N; ++i)
            if (seen(i, j) == 0 && seen(j, i) != 0) D(i, j) = D(j, i);
    return D;
}

/// Every score of one year of a panel (`year` empty: a panel without years).
/// @throws as the scores, with "year Y: " in front of the message.
template <class Dep = void>
year_scores year_scores_of(const trade_panel& p, std::optional<int> year, const panel_scores_options& opt = {}) {
    using real = detail::dependent_t<double, Dep>;
    const std::string where = year ? "year " + std::to_string(*year) + ": " : std::string();
    return detail::with_context(where, [&] {
        year_scores y;
        y.year = year ? *year : 0;
        const trade_matrix<double> m = p.to_matrix(year);
        std::optional<vector_x<real>> gdp = opt.gdp;
        if (year)
            if (const auto it = opt.gdp_by_year.find(*year); it != opt.gdp_by_year.end()) gdp = it->second;
        std::optional<matrix_x<real>> dist;
        if (!opt.distance.empty() && gdp) dist = covariate_matrix(p, opt.distance, year);
        y.economies = integration_scores_of(m, gdp, opt.scores, dist);
        y.bilateral = bilateral_scores_of(m, opt.theta);
        if (opt.products && !p.products().empty()) y.products = product_scores_of(product_flows_of(p, year));
        if (!opt.bloc.empty()) y.bloc = bloc_scores_of(m, opt.bloc);
        return y;
    });
}

/// Every score of every year of a panel in one call (one entry for a panel without years).
template <class Dep = void>
std::vector<year_scores> panel_scores_of(const trade_panel& p, const panel_scores_options& opt = {}) {
    std::vector<year_scores> out;
    if (!p.has_year() || p.years().empty()) {
        out.push_back(year_scores_of(p, std::nullopt, opt));
        return out;
    }
    for (const int y : p.years()) out.push_back(year_scores_of(p, y, opt));
    return out;
}

/// A bloc's integration over the years of a panel and its change (last year − first year).
struct bloc_panel {
    std::vector<std::string> members;
    std::vector<int> years;
    vector_d intra_share;          ///< per year
    vector_d intensity;            ///< per year
    double intra_share_change = 0; ///< last − first
    double intensity_change = 0;   ///< last − first
};

/// Intra-bloc share and intensity of `members` for every year of the panel.
/// @throws as `bloc_scores_of` (with the year), usage_error when the panel has no years.
template <class Dep = void> bloc_panel bloc_panel_of(const trade_panel& p, const std::vector<std::string>& members) {
    if (!p.has_year() || p.years().empty()) throw usage_error("bloc_panel: the panel has no year column");
    bloc_panel b;
    b.members = members;
    b.years = p.years();
    const auto T = static_cast<index_t>(b.years.size());
    b.intra_share.resize(T);
    b.intensity.resize(T);
    for (index_t t = 0; t < T; ++t) {
        const int y = b.years[static_cast<std::size_t>(t)];
        const bloc_scores<double> s = detail::with_context("year " + std::to_string(y) + ": ",
                                                           [&] { return bloc_scores_of(p.to_matrix(y), members); });
        b.intra_share(t) = s.intra_share;
        b.intensity(t) = s.intensity;
    }
    b.intra_share_change = b.intra_share(T - 1) - b.intra_share(0);
    b.intensity_change = b.intensity(T - 1) - b.intensity(0);
    return b;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE product_flows<double> product_flows_of<>(const trade_panel&, std::optional<int>);
UNBUNDLE_EXTERN_TEMPLATE matrix_d covariate_matrix<>(const trade_panel&, const std::string&, std::optional<int>);
UNBUNDLE_EXTERN_TEMPLATE year_scores year_scores_of<>(const trade_panel&, std::optional<int>,
                                                      const panel_scores_options&);
UNBUNDLE_EXTERN_TEMPLATE std::vector<year_scores> panel_scores_of<>(const trade_panel&, const panel_scores_options&);
UNBUNDLE_EXTERN_TEMPLATE bloc_panel bloc_panel_of<>(const trade_panel&, const std::vector<std::string>&);
} // namespace unbundle
#endif
