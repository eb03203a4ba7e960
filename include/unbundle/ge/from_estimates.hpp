#pragma once
/// @file ge/from_estimates.hpp
/// From estimation to counterfactual in one call. A PPML fit (gravity/ppml.hpp) supplies the cost
/// coefficients β; an experiment is a change Δx of some regressors for the pairs it affects (a new
/// agreement: Δfta_ij = 1; a tariff change: Δlog(1 + tariff)); the change in t^(1−σ) is
/// T̂ = exp(Σ_k β_k Δx_k), solved by exact hat algebra on the observed flows. Monte Carlo over draws
/// of β from the fit's variance matrix gives standard errors of the GE results. A change in
/// Baldwin's cost components (core/trade_costs.hpp) gives τ̂ and T̂ = τ̂^(−θ) directly.

#include "../config.hpp"
#include "../core/trade_costs.hpp"
#include "../error.hpp"
#include "../fwd.hpp"
#include "../gravity/model.hpp"
#include "hat_algebra.hpp"
#include "monte_carlo.hpp"

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <vector>

namespace unbundle {

/// The change of one estimated regressor for every pair (N x N, rows exporters; 0 = unchanged).
struct regressor_change {
    std::string coefficient; ///< name of the coefficient in the fit (e.g. "eu_enlargement")
    matrix_d delta;          ///< Δx_ij
};

/// T̂ = exp(Σ_k β_k Δx_k) for coefficient values `beta` ordered like `changes`.
template <class Dep = void>
matrix_d t_hat_from_changes(const detail::dependent_t<std::vector<regressor_change>, Dep>& changes,
                            const vector_d& beta) {
    using real = detail::dependent_t<double, Dep>;
    if (changes.empty()) throw usage_error("t_hat_from_changes: the experiment changes no regressor");
    detail::check_size(beta.size(), static_cast<index_t>(changes.size()), "t_hat_from_changes", "coefficients");
    const index_t n = changes.front().delta.rows();
    matrix_x<real> s = matrix_x<real>::Zero(n, n);
    for (std::size_t k = 0; k < changes.size(); ++k) {
        detail::check_square(changes[k].delta, "t_hat_from_changes", "delta");
        detail::check_size(changes[k].delta.rows(), n, "t_hat_from_changes",
                           ("delta of " + changes[k].coefficient).c_str());
        detail::check_finite(changes[k].delta, "t_hat_from_changes", ("delta of " + changes[k].coefficient).c_str());
        s += beta(static_cast<index_t>(k)) * changes[k].delta;
    }
    return s.array().exp().matrix();
}

/// Positions of the changed coefficients in a fit; key_error naming an unknown one.
template <class D = void>
inline std::vector<index_t> coefficient_positions(const hdfe_result& fit,
                                                  const std::vector<regressor_change>& changes) {
    std::vector<index_t> pos;
    pos.reserve(changes.size());
    for (const auto& c : changes) pos.push_back(fit.index(c.coefficient));
    return pos;
}

/// One call: the fit's coefficients → T̂ → hat-algebra counterfactual on `flows`.
/// @throws key_error (a coefficient not in the fit), plus those of solve_hat_algebra.
template <class Dep = void>
hat_result<double> counterfactual_from_fit(const hdfe_result& fit, const matrix_d& flows,
                                           const std::vector<regressor_change>& changes, const hat_options& opt = {},
                                           const std::vector<std::string>* names = nullptr) {
    using real = detail::dependent_t<double, Dep>;
    const auto pos = coefficient_positions(fit, changes);
    vector_x<real> b(static_cast<index_t>(pos.size()));
    for (std::size_t k = 0; k < pos.size(); ++k) b(static_cast<index_t>(k)) = fit.coef(pos[k]);
    return solve_hat_algebra(flows, t_hat_from_changes(changes, b), opt, names);
}

/// Monte Carlo over the fit's variance matrix (the changed coefficients' block): per draw, the
/// counterfactual's welfare change of every economy (results rows 0..N−1) and the change in world
/// real income (row N). Non-converged draws count as failed.
template <class Dep = void>
monte_carlo_result<double> monte_carlo_from_fit(const hdfe_result& fit, const matrix_d& flows,
                                                const std::vector<regressor_change>& changes,
                                                const hat_options& opt = {}, const monte_carlo_options& mc = {}) {
    using real = detail::dependent_t<double, Dep>;
    const auto pos = coefficient_positions(fit, changes);
    const auto K = static_cast<index_t>(pos.size());
    vector_x<real> b(K);
    matrix_x<real> V(K, K);
    for (index_t k = 0; k < K; ++k) {
        b(k) = fit.coef(pos[static_cast<std::size_t>(k)]);
        for (index_t l = 0; l < K; ++l)
            V(k, l) = fit.vcov(pos[static_cast<std::size_t>(k)], pos[static_cast<std::size_t>(l)]);
    }
    // Validate the flows once, up front (a bad matrix is an input error, not 1000 failed draws).
    hat_options o = opt;
    o.throw_on_failure = true;
    detail::check_hat_inputs(flows, matrix_x<real>::Ones(flows.rows(), flows.cols()), o, nullptr,
                             "monte_carlo_from_fit");
    auto f = [&](const vector_x<real>& beta) -> vector_x<real> {
        const hat_result<double> h = solve_hat_algebra(flows, t_hat_from_changes(changes, beta), o);
        vector_x<real> out(h.welfare.size() + 1);
        out.head(h.welfare.size()) = h.welfare;
        out(h.welfare.size()) = h.E1.cwiseQuotient(h.P_hat).sum() / h.E0.sum(); // baseline P = 1
        return out;
    };
    return monte_carlo<double>(b, V, f, mc);
}

/// The change in t^(1−σ) implied by a change of Baldwin's cost components from `from` to `to`
/// with loadings `a`: T̂ = (τ(to) / τ(from))^(−θ). θ converts to Scalar (an integer such as 4 is accepted).
template <class Scalar>
matrix_x<Scalar> t_hat_from_costs(const trade_costs<Scalar>& from, const trade_costs<Scalar>& to,
                                  const cost_loadings<Scalar>& a, typename matrix_x<Scalar>::Scalar theta) {
    return tau_hat_to_t_hat(from.hat(to, a), theta);
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE matrix_d t_hat_from_changes<>(const std::vector<regressor_change>&, const vector_d&);
UNBUNDLE_EXTERN_TEMPLATE hat_result<double> counterfactual_from_fit<>(const hdfe_result&, const matrix_d&,
                                                                      const std::vector<regressor_change>&,
                                                                      const hat_options&,
                                                                      const std::vector<std::string>*);
UNBUNDLE_EXTERN_TEMPLATE monte_carlo_result<double> monte_carlo_from_fit<>(const hdfe_result&, const matrix_d&,
                                                                           const std::vector<regressor_change>&,
                                                                           const hat_options&,
                                                                           const monte_carlo_options&);
UNBUNDLE_EXTERN_TEMPLATE matrix_x<double>
t_hat_from_costs<double>(const trade_costs<double>&, const trade_costs<double>&, const cost_loadings<double>&, double);
} // namespace unbundle
#endif
