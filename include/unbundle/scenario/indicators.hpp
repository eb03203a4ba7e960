#pragma once
/// @file scenario/indicators.hpp
/// The indicators a scenario reports each year, from an MRIO (baseline or counterfactual) with the
/// input-output module unchanged (mrio/value_chain.hpp, mrio/value_added.hpp), and from the
/// welfare changes of the equilibrium.
///
/// World indicators (the names are those of the `scenario` JSON):
///  - trade_to_gdp: world gross exports / world value added (E = Z and Y sold abroad);
///  - gvc_participation: Σ_s (VS_s + DVA_INTrex_s) / Σ_s E_s (Koopman et al. 2010; the
///    export-weighted mean of the economies' backward + forward participation);
///  - vax_ratio: Σ_s VAX exports_s / Σ_s E_s (Johnson & Noguera 2012);
///  - services_trade_share: gross exports of services-kind sectors / all gross exports;
///  - welfare_index: world real income relative to the baseline, Σ_n I_n Ŵ_n / Σ_n I_n
///    (baseline incomes I_n = final spending F_n as weights; 1 = no change);
///  - convergence: Gini of real income per head across economies, population-weighted when the
///    world has populations (every economy weighs 1 otherwise, and "per head" is per economy);
///    G = Σ_a Σ_b p_a p_b |y_a − y_b| / (2 P² ȳ);
///  - cv_income_per_head: coefficient of variation of the same (weighted standard deviation / mean);
///  - integration_score: 0–100, the value-added-weighted mean of the economies' scores, each the
///    mean of three shares in [0, 1] (times 100): the foreign share of its purchases (final and
///    intermediate), its GVC participation (capped at 1) and the share of its value added absorbed
///    abroad (VAX exports / value added). Simple, bounded and comparable across years and tables.
/// Per economy: welfare_index (Ŵ_n), wage_index (ŵ_n), real_income_per_head (I_n Ŵ_n / pop_n),
/// openness ((exports + imports) / value added), gvc_participation, integration score.

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "../mrio/value_added.hpp"
#include "../mrio/value_chain.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // calls functions whose bodies depend on the configuration (config.hpp)

/// Names of the world indicators, in the order of scenario_indicators::values().
inline constexpr std::array<const char*, 8> scenario_indicator_names{
    "trade_to_gdp",  "gvc_participation", "vax_ratio",          "services_trade_share",
    "welfare_index", "convergence",       "cv_income_per_head", "integration_score"};

/// Index of an indicator by name. @throws key_error for an unknown name.
template <class D = void> inline std::size_t scenario_indicator_index(std::string_view name) {
    for (std::size_t k = 0; k < scenario_indicator_names.size(); ++k)
        if (name == scenario_indicator_names[k]) return k;
    throw key_error("unknown scenario indicator '" + std::string(name) + "'");
}

/// World and per-economy indicators of one table (see the file comment).
template <class Scalar = double> struct scenario_indicators {
    economy_index economies;
    Scalar trade_to_gdp = 0, gvc_participation = 0, vax_ratio = 0, services_trade_share = 0;
    Scalar welfare_index = 1, convergence = 0, cv_income_per_head = 0, integration_score = 0;
    vector_x<Scalar> economy_welfare_index;     ///< N, Ŵ_n
    vector_x<Scalar> wage_index;                ///< N, ŵ_n
    vector_x<Scalar> real_income_per_head;      ///< N, I_n Ŵ_n / pop_n
    vector_x<Scalar> openness;                  ///< N, (exports + imports) / value added
    vector_x<Scalar> economy_gvc_participation; ///< N
    vector_x<Scalar> economy_integration;       ///< N, 0–100

    /// The world indicators in the order of scenario_indicator_names.
    std::array<Scalar, 8> values() const {
        return {trade_to_gdp,  gvc_participation, vax_ratio,          services_trade_share,
                welfare_index, convergence,       cv_income_per_head, integration_score};
    }
    Scalar value(std::string_view name) const { return values()[scenario_indicator_index(name)]; }
};

/// Weighted Gini coefficient and coefficient of variation of y (weights p, or equal when empty).
template <class Scalar> std::array<Scalar, 2> gini_and_cv(const vector_x<Scalar>& y, const vector_x<Scalar>& p) {
    const index_t N = y.size();
    vector_x<Scalar> w = p.size() == N ? p : vector_x<Scalar>::Ones(N);
    const Scalar P = w.sum();
    const Scalar mean = w.dot(y) / P;
    Scalar g(0), var(0);
    for (index_t a = 0; a < N; ++a) {
        var += w(a) * (y(a) - mean) * (y(a) - mean);
        for (index_t b = 0; b < N; ++b) g += w(a) * w(b) * std::abs(y(a) - y(b));
    }
    using std::sqrt;
    return {g / (Scalar(2) * P * P * mean), sqrt(var / P) / mean};
}

/// The trade and value-chain indicators of a table (welfare fields left at their baseline values:
/// Ŵ = ŵ = 1, income per head from the table's final spending). `population` may be empty.
template <class Scalar>
scenario_indicators<Scalar> table_indicators(const mrio<Scalar>& t, const vector_x<Scalar>& population = {}) {
    const index_t N = t.num_regions(), J = t.num_sectors();
    const value_chain<Scalar> vc(t);
    const value_added_trade<Scalar> vat = value_added_in_trade(vc);
    scenario_indicators<Scalar> s;
    s.economies = t.regions();
    const Scalar E = vat.exports.sum();
    const Scalar VA = vc.va().sum();
    auto ratio = [](Scalar a, Scalar b) { return b == Scalar(0) ? Scalar(0) : a / b; };
    s.trade_to_gdp = ratio(E, VA);
    s.gvc_participation = ratio(vat.vertical_specialisation.sum() + vat.reexported_dva.sum(), E);
    s.vax_ratio = ratio(vat.vax_exports.sum(), E);
    Scalar Es(0);
    for (index_t r = 0; r < N; ++r)
        for (index_t j = 0; j < J; ++j)
            if (t.sectors().kind(j) == sector_kind::services) Es += vat.sector_exports(r * J + j);
    s.services_trade_share = ratio(Es, E);
    // per economy: imports (final and intermediate purchases from abroad), purchases, value added
    const matrix_x<Scalar> Y = vc.Y();
    vector_x<Scalar> imports = vector_x<Scalar>::Zero(N), purchases = vector_x<Scalar>::Zero(N), va(N), F(N);
    for (index_t m = 0; m < N; ++m) {
        va(m) = vc.va().segment(m * J, J).sum();
        F(m) = Y.col(m).sum();
        for (index_t i = 0; i < N; ++i) {
            const Scalar b = t.Z().block(i * J, m * J, J, J).sum() + Y.block(i * J, m, J, 1).sum();
            purchases(m) += b;
            if (i != m) imports(m) += b;
        }
    }
    s.openness.resize(N);
    s.economy_gvc_participation = vat.gvc_participation;
    s.economy_integration.resize(N);
    Scalar score(0);
    for (index_t m = 0; m < N; ++m) {
        s.openness(m) = ratio(vat.exports(m) + imports(m), va(m));
        const Scalar a = ratio(imports(m), purchases(m));
        const Scalar b = std::min(Scalar(1), vat.gvc_participation(m));
        const Scalar c = std::min(Scalar(1), std::max(Scalar(0), ratio(vat.vax_exports(m), va(m))));
        s.economy_integration(m) = Scalar(100) * (a + b + c) / Scalar(3);
        score += va(m) * s.economy_integration(m);
    }
    s.integration_score = ratio(score, VA);
    s.economy_welfare_index = vector_x<Scalar>::Ones(N);
    s.wage_index = vector_x<Scalar>::Ones(N);
    s.real_income_per_head = population.size() == N ? vector_x<Scalar>(F.cwiseQuotient(population)) : F;
    const auto gc = gini_and_cv(s.real_income_per_head, population);
    s.convergence = gc[0];
    s.cv_income_per_head = gc[1];
    return s;
}

/// All indicators of a (counterfactual) table: table_indicators() plus the welfare side, from the
/// baseline incomes I_n (final spending), the welfare and wage changes Ŵ_n, ŵ_n of the equilibrium
/// and populations (may be empty).
template <class Scalar>
scenario_indicators<Scalar> compute_indicators(const mrio<Scalar>& t, const vector_x<Scalar>& baseline_income,
                                               const vector_x<Scalar>& welfare_hat, const vector_x<Scalar>& wage_hat,
                                               const vector_x<Scalar>& population = {}) {
    const index_t N = t.num_regions();
    detail::check_size(baseline_income.size(), N, "compute_indicators", "baseline income");
    detail::check_size(welfare_hat.size(), N, "compute_indicators", "welfare changes");
    detail::check_size(wage_hat.size(), N, "compute_indicators", "wage changes");
    scenario_indicators<Scalar> s = table_indicators(t, population);
    s.economy_welfare_index = welfare_hat;
    s.wage_index = wage_hat;
    s.welfare_index = baseline_income.dot(welfare_hat) / baseline_income.sum();
    const vector_x<Scalar> real = baseline_income.cwiseProduct(welfare_hat);
    s.real_income_per_head = population.size() == N ? vector_x<Scalar>(real.cwiseQuotient(population)) : real;
    const auto gc = gini_and_cv(s.real_income_per_head, population);
    s.convergence = gc[0];
    s.cv_income_per_head = gc[1];
    return s;
}

/// Baseline incomes I_n of a table: final spending Σ_j F_nj (value added plus the deficit).
template <class Scalar> vector_x<Scalar> baseline_incomes(const mrio<Scalar>& t) {
    return t.Y().colwise().sum().transpose();
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE scenario_indicators<double> table_indicators<double>(const mrio<double>&,
                                                                              const vector_x<double>&);
UNBUNDLE_EXTERN_TEMPLATE scenario_indicators<double>
compute_indicators<double>(const mrio<double>&, const vector_x<double>&, const vector_x<double>&,
                           const vector_x<double>&, const vector_x<double>&);
UNBUNDLE_EXTERN_TEMPLATE vector_x<double> baseline_incomes<double>(const mrio<double>&);
} // namespace unbundle
#endif
