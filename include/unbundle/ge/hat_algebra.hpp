#pragma once
/// @file ge/hat_algebra.hpp
/// Exact hat algebra (Dekle, Eaton & Kortum 2008) for the one-sector Armington / Eaton–Kortum model
/// from an observed flow matrix X (rows exporters i, columns importers j, diagonal = domestic sales).
///
/// Baseline: Y_i = Σ_j X_ij, E_j = Σ_i X_ij, D_j = E_j − Y_j, π_ij = X_ij / E_j.
/// Shock: T̂_ij = τ̂_ij^(−θ) (change in t^(1−σ) with θ = σ − 1 in the Armington reading).
/// Equilibrium in changes (ŵ = change in factory-gate price / wage, world GDP the numeraire):
///
///     π'_ij = π_ij T̂_ij ŵ_i^(−θ) / Φ̂_j,   Φ̂_j = Σ_k π_kj T̂_kj ŵ_k^(−θ),   P̂_j = Φ̂_j^(−1/θ)
///     ŵ_i Y_i / Σ_k ŵ_k Y_k = R_i / Σ_k R_k,   R_i = Σ_j π'_ij E'_j,   Σ_i ŵ_i Y_i = Σ_i Y_i
///
/// with E'_j = ŵ_j Y_j + D_j (deficits kept, nominal D fixed: Stata ge_gravity's default),
/// E'_j = ŵ_j E_j (multiplicative: E = φ Y, as Anderson & Yotov 2016 and ge_gravity's `mult`), or
/// E'_j = ŵ_j Y_j after a first step that removes the deficits (DEK 2008; results relative to that
/// balanced baseline). Welfare is real income Ê_j / P̂_j; the real wage ŵ_j / P̂_j equals ACR's
/// λ̂_jj^(−1/θ) (Arkolakis, Costinot & Rodríguez-Clare 2012) whenever T̂_jj = 1.
///
/// The conditional closure keeps Y and E (ŵ = 1) and re-solves only the resistances: X' is the
/// matrix scaling of X∘T̂ to the baseline margins, normalised by P̂_ref = 1.
///
/// Solver: Newton on log ŵ with the analytic Jacobian (O(N³) per step, typically 3–6 steps).

#include "../config.hpp"
#include "../core/economy.hpp"
#include "../core/trade_costs.hpp"
#include "../core/trade_matrix.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"
#include "../fwd.hpp"
#include "resistances.hpp"
#include "solver.hpp"

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <vector>

namespace unbundle {

/// How trade imbalances enter the counterfactual.
enum class deficit_mode {
    keep,           ///< nominal deficits fixed (in units of world GDP): E'_j = ŵ_j Y_j + D_j
    multiplicative, ///< expenditure a fixed multiple of output: E'_j = ŵ_j E_j
    zero            ///< deficits removed first (DEK 2008); results relative to the balanced baseline
};

/// Which variables adjust.
enum class ge_closure {
    conditional, ///< Y and E fixed, resistances re-solved (Yotov et al. 2016 "conditional GE")
    full         ///< factory-gate prices, output and expenditure adjust ("full endowment GE")
};

inline const char* to_string(deficit_mode d) {
    switch (d) {
    case deficit_mode::keep:
        return "keep";
    case deficit_mode::multiplicative:
        return "multiplicative";
    case deficit_mode::zero:
        return "zero";
    }
    return "?";
}
inline const char* to_string(ge_closure c) { return c == ge_closure::full ? "full" : "conditional"; }

/// Settings of the hat-algebra solver.
struct hat_options {
    double theta = 4;                           ///< trade elasticity θ > 0 (θ = σ − 1)
    deficit_mode deficits = deficit_mode::keep; ///< treatment of imbalances
    ge_closure closure = ge_closure::full;      ///< conditional or full GE
    index_t reference = 0;                      ///< normalisation P̂_ref = 1 of the conditional closure
    solver_options solver{};                    ///< Newton settings (tol on the max log residual)
    bool throw_on_failure = false;              ///< throw convergence_error instead of reporting
};

/// Results of an exact-hat-algebra counterfactual (vectors per economy, matrices exporter x importer).
template <class Scalar = double> struct hat_result {
    matrix_x<Scalar> X0;         ///< baseline flows the changes refer to (the balanced ones when deficits = zero)
    matrix_x<Scalar> X1;         ///< counterfactual flows
    vector_x<Scalar> Y0, E0, D0; ///< baseline output, expenditure, deficit (E − Y)
    vector_x<Scalar> Y1, E1;     ///< counterfactual output and expenditure
    vector_x<Scalar> w_hat;      ///< change in factory-gate price (wage); 1 in the conditional closure
    vector_x<Scalar> P_hat;      ///< change in the price index (inward resistance)
    vector_x<Scalar> Pi_hat;     ///< change in the outward resistance Π
    vector_x<Scalar> welfare;    ///< change in real income Ê / P̂, a gross ratio (1 = unchanged; docs/ge.md)
    vector_x<Scalar> real_wage;  ///< ŵ / P̂
    vector_x<Scalar> acr;        ///< λ̂_jj^(−1/θ), λ = domestic expenditure share (ACR 2012)
    solver_info info;            ///< Newton diagnostics (of the counterfactual step)
    solver_info balance_info;    ///< diagnostics of the deficit-removal step (deficits = zero)
    economy_index economies;     ///< economy codes of the rows (empty when solved from bare matrices)
};

namespace detail {

template <class Scalar> struct hat_system {
    matrix_x<Scalar> pi;          // baseline shares π (column-stochastic)
    const matrix_x<Scalar>* That; // T̂
    vector_x<Scalar> Y, E, D;
    Scalar theta;
    deficit_mode mode; // keep or multiplicative

    // New expenditure and its derivative d E'_k / d log ŵ_k.
    void expenditure(const vector_x<Scalar>& w, vector_x<Scalar>& En, vector_x<Scalar>& dE) const {
        if (mode == deficit_mode::multiplicative) {
            En = w.cwiseProduct(E);
            dE = En;
        } else {
            dE = w.cwiseProduct(Y);
            En = dE + D;
        }
    }
    /// New shares π' and Φ̂ for wage changes w.
    void shares(const vector_x<Scalar>& w, matrix_x<Scalar>& pin, vector_x<Scalar>& phi) const {
        const vector_x<Scalar> wt = w.array().pow(-theta);
        pin = wt.asDiagonal() * pi.cwiseProduct(*That);
        phi = pin.colwise().sum().transpose();
        pin = pin * phi.cwiseInverse().asDiagonal();
    }
    void operator()(const vector_x<Scalar>& x, vector_x<Scalar>& F, matrix_x<Scalar>& J, bool want_j) const {
        const index_t n = x.size();
        const vector_x<Scalar> w = x.array().exp();
        matrix_x<Scalar> pin;
        vector_x<Scalar> phi, En, dE;
        shares(w, pin, phi);
        expenditure(w, En, dE);
        const vector_x<Scalar> R = pin * En;
        const vector_x<Scalar> wy = w.cwiseProduct(Y);
        const Scalar SR = R.sum(), Sw = wy.sum(), SY = Y.sum();
        F.resize(n);
        F = R.array().log() - std::log(SR) - x.array() - Y.array().log() + std::log(Sw);
        F(n - 1) = std::log(Sw / SY);
        if (!want_j) return;
        // dR_i/dx_k = −θ δ_ik R_i + θ (π' diag(E') π'ᵀ)_ik + π'_ik dE_k
        matrix_x<Scalar> M = pin * En.asDiagonal();
        matrix_x<Scalar> Jr(n, n);
        Jr.noalias() = theta * (M * pin.transpose());
        Jr += pin * dE.asDiagonal();
        Jr.diagonal() -= theta * R;
        J = R.cwiseInverse().asDiagonal() * Jr;
        const vector_x<Scalar> dlogSR = dE / SR, dlogSw = wy / Sw;
        J.rowwise() -= dlogSR.transpose();
        J.rowwise() += dlogSw.transpose();
        J.diagonal().array() -= Scalar(1);
        J.row(n - 1) = dlogSw.transpose();
    }
};

/// The full-closure system on baseline flows X and shock T̂ (kept alive by the caller): π = X / E,
/// Y and E the row and column sums, D = E − Y. `deficit_mode::zero` gives the balanced system
/// E' = ŵ Y (E = Y, D = 0) on the same shares: the first step of DEK 2008.
template <class Scalar>
hat_system<Scalar> make_hat_system(const matrix_x<Scalar>& X, const matrix_x<Scalar>& That, Scalar theta,
                                   deficit_mode mode) {
    hat_system<Scalar> sys;
    sys.Y = X.rowwise().sum();
    sys.E = X.colwise().sum().transpose();
    sys.pi = X * sys.E.cwiseInverse().asDiagonal();
    sys.That = &That;
    sys.theta = theta;
    sys.mode = mode == deficit_mode::multiplicative ? mode : deficit_mode::keep;
    if (mode == deficit_mode::zero) {
        sys.E = sys.Y;
        sys.D = vector_x<Scalar>::Zero(X.rows());
    } else {
        sys.D = sys.E - sys.Y;
    }
    return sys;
}

/// Newton on log ŵ from ŵ = 1; `w` receives ŵ.
template <class Scalar>
solver_info hat_solve(const hat_system<Scalar>& sys, const solver_options& opt, vector_x<Scalar>& w) {
    vector_x<Scalar> x = vector_x<Scalar>::Zero(sys.Y.size());
    solver_info info = newton_solve<Scalar>(sys, x, opt);
    w = x.array().exp();
    return info;
}

/// Input checks of solve_hat_algebra (shapes, θ, finite non-negative flows, T̂ > 0, positive
/// domestic flows, the reference economy of the conditional closure).
template <class DX, class DT>
void check_hat_inputs(const Eigen::MatrixBase<DX>& flows, const Eigen::MatrixBase<DT>& t_hat, const hat_options& opt,
                      const std::vector<std::string>* names, const char* func) {
    check_square(flows, func, "flows");
    check_same_size(flows, t_hat, func, "flows", "t_hat");
    const index_t n = flows.rows();
    if (n < 2) throw dimension_error(std::string(func) + ": at least 2 economies are needed, got " + std::to_string(n));
    if (!(opt.theta > 0) || !std::isfinite(opt.theta))
        throw domain_error(std::string(func) +
                           ": the trade elasticity theta must be positive and finite (sigma > 1), got " +
                           to_string_full(opt.theta));
    check_finite(flows, func, "flows", names, names);
    check_nonnegative(flows, func, "flows", names, names);
    check_finite(t_hat, func, "t_hat", names, names);
    for (index_t j = 0; j < n; ++j)
        for (index_t i = 0; i < n; ++i)
            if (!(t_hat(i, j) > 0))
                throw domain_error(std::string(func) + ": t_hat must be positive but is " +
                                   to_string_full(t_hat(i, j)) + " at " + describe_index("row", i, names) + ", " +
                                   describe_index("column", j, names));
    for (index_t i = 0; i < n; ++i)
        if (!(flows(i, i) > 0))
            throw domain_error(std::string(func) + ": the domestic flow of " + describe_index("economy", i, names) +
                               " must be positive (the model needs domestic sales), got " +
                               to_string_full(flows(i, i)));
    if (opt.closure == ge_closure::conditional && (opt.reference < 0 || opt.reference >= n))
        throw key_error(std::string(func) + ": reference economy position " + std::to_string(opt.reference) +
                        " is outside 0.." + std::to_string(n - 1));
}

/// Step 1 of DEK 2008: removes the deficits with unchanged costs; r.X0 becomes the balanced baseline.
template <class Scalar>
void hat_remove_deficits(hat_result<Scalar>& r, Scalar theta, const hat_options& opt, const char* func) {
    const index_t n = r.X0.rows();
    const matrix_x<Scalar> ones = matrix_x<Scalar>::Ones(n, n);
    const hat_system<Scalar> sys = make_hat_system(r.X0, ones, theta, deficit_mode::zero);
    vector_x<Scalar> w0;
    r.balance_info = hat_solve(sys, opt.solver, w0);
    matrix_x<Scalar> pin;
    vector_x<Scalar> phi;
    sys.shares(w0, pin, phi);
    const vector_x<Scalar> En = w0.cwiseProduct(sys.Y);
    r.X0 = pin * En.asDiagonal();
    if (!r.balance_info.converged && opt.throw_on_failure)
        throw convergence_error(std::string(func) +
                                    ": removing the deficits did not converge: " + r.balance_info.message,
                                r.balance_info.iterations, r.balance_info.residual);
}

/// Full closure: factory-gate prices, output and expenditure adjust.
template <class Scalar>
void hat_full_closure(hat_result<Scalar>& r, const matrix_x<Scalar>& That, Scalar theta, const hat_options& opt) {
    const deficit_mode mode = opt.deficits == deficit_mode::zero ? deficit_mode::keep : opt.deficits;
    const hat_system<Scalar> sys = make_hat_system(r.X0, That, theta, mode);
    r.info = hat_solve(sys, opt.solver, r.w_hat);
    matrix_x<Scalar> pin;
    vector_x<Scalar> phi, dE;
    sys.shares(r.w_hat, pin, phi);
    sys.expenditure(r.w_hat, r.E1, dE);
    r.X1 = pin * r.E1.asDiagonal();
    // Output is factory-gate income ŵ Y. It equals sales Σ_j X'_ij for kept or zero deficits; with
    // multiplicative imbalances sales are λ ŵ Y with one λ = Σ E' / Σ ŵ Y for all (ge_gravity's `mult`).
    r.Y1 = r.w_hat.cwiseProduct(r.Y0);
    r.P_hat = phi.array().pow(-1 / theta);
    // Π̂^(−θ)_i = Σ_j (X_ij / Y_i) T̂_ij Ê_j / (Ŷ_w P̂_j^(−θ)), Ŷ_w = world output change (1).
    const vector_x<Scalar> Ehat = r.E1.cwiseQuotient(r.E0);
    const Scalar Yw = r.X1.sum() / r.X0.sum();
    const vector_x<Scalar> colterm = Ehat.cwiseQuotient(phi) / Yw;
    const vector_x<Scalar> pis = (r.X0.cwiseProduct(That) * colterm).cwiseQuotient(r.Y0);
    r.Pi_hat = pis.array().pow(-1 / theta);
}

/// Conditional closure: scale X∘T̂ to the baseline margins; P̂_ref = 1.
template <class Scalar>
void hat_conditional_closure(hat_result<Scalar>& r, const matrix_x<Scalar>& That, Scalar theta, const hat_options& opt,
                             const std::vector<std::string>* names) {
    const index_t n = r.X0.rows();
    const Scalar Yt = r.Y0.sum();
    matrix_x<Scalar> K = r.X0.cwiseProduct(That);
    K = r.Y0.cwiseInverse().asDiagonal() * K * r.E0.cwiseInverse().asDiagonal() * Yt; // T'/(Π P) in baseline units
    // Newton on the scaling problem (resistances with sigma − 1 = theta).
    const resistances<Scalar> res = solve_resistances(K, r.Y0, r.E0, theta + 1, opt.reference, opt.solver, names);
    r.info = res.info;
    // With Σ Y = Σ E the level of X' is Y_i E_j K_ij / (Ȳ Π'^(−θ) P'^(−θ)).
    r.X1 = (r.Y0 / Yt).asDiagonal() * K * r.E0.asDiagonal();
    r.X1 = res.omr_pow.cwiseInverse().asDiagonal() * r.X1 * res.imr_pow.cwiseInverse().asDiagonal();
    r.w_hat = vector_x<Scalar>::Ones(n);
    r.P_hat = res.imr;
    r.Pi_hat = res.omr;
    r.E1 = r.E0;
    r.Y1 = r.X1.rowwise().sum();
}

/// Welfare Ê / P̂, real wage ŵ / P̂ and ACR's λ̂_jj^(−1/θ).
template <class Scalar> void hat_welfare(hat_result<Scalar>& r, Scalar theta) {
    const index_t n = r.X0.rows();
    r.welfare = r.E1.cwiseQuotient(r.E0).cwiseQuotient(r.P_hat);
    r.real_wage = r.w_hat.cwiseQuotient(r.P_hat);
    r.acr.resize(n);
    for (index_t j = 0; j < n; ++j) {
        const Scalar lam0 = r.X0(j, j) / r.E0(j), lam1 = r.X1(j, j) / r.X1.col(j).sum();
        r.acr(j) = std::pow(lam1 / lam0, -1 / theta);
    }
}

/// Economies of `b` must be those of `a`, in the same order: key_error naming an economy one side
/// lacks, dimension_error naming the first position where the orders differ.
template <class D = void>
inline void check_same_economies(const economy_index& a, const economy_index& b, const char* func, const char* what_a,
                                 const char* what_b) {
    const auto missing = [&](const economy_index& x, const economy_index& y, const char* wx, const char* wy) {
        for (const auto& c : x)
            if (!y.contains(c))
                throw key_error(std::string(func) + ": economy '" + c + "' of the " + wx + " is not in the " + wy);
    };
    missing(a, b, what_a, what_b);
    missing(b, a, what_b, what_a);
    for (index_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i])
            throw dimension_error(std::string(func) + ": the " + what_a + " and the " + what_b +
                                  " list the economies in different orders: position " + std::to_string(i) + " is '" +
                                  a[i] + "' in the " + what_a + " but '" + b[i] + "' in the " + what_b);
}

} // namespace detail

/// Converts a change in iceberg costs τ̂ into the change in t^(1−σ) the solvers use: T̂ = τ̂^(−θ).
/// θ converts to the matrix's scalar (an integer such as 4 is accepted).
template <class Derived>
matrix_x<typename Derived::Scalar> tau_hat_to_t_hat(const Eigen::MatrixBase<Derived>& tau_hat,
                                                    typename Derived::Scalar theta) {
    detail::check_finite(tau_hat, "tau_hat_to_t_hat", "tau_hat");
    for (index_t j = 0; j < tau_hat.cols(); ++j)
        for (index_t i = 0; i < tau_hat.rows(); ++i)
            if (!(tau_hat(i, j) > 0))
                throw domain_error("tau_hat_to_t_hat: tau_hat must be positive but is " +
                                   detail::to_string_full(tau_hat(i, j)) + " at row " + std::to_string(i) +
                                   ", column " + std::to_string(j));
    return tau_hat.array().pow(-theta).matrix();
}

/// Exact-hat-algebra counterfactual.
///
/// @param flows  N x N observed flows X (rows exporters, columns importers, diagonal domestic), ≥ 0,
///               every economy with positive domestic flow, output and expenditure.
/// @param t_hat  N x N change in t^(1−σ), T̂ = τ̂^(−θ) (> 0; 1 = unchanged). Use tau_hat_to_t_hat().
/// @param opt    θ, deficit treatment, closure, solver settings.
/// @param names  optional economy codes for error messages.
/// @throws dimension_error, domain_error (negative / missing flows, zero domestic flow, zero expenditure,
///         θ ≤ 0, non-positive T̂); convergence_error only when `opt.throw_on_failure`.
/// Complexity: O(N³) per Newton step.
template <class DX, class DT, class Scalar = typename DX::Scalar>
hat_result<Scalar> solve_hat_algebra(const Eigen::MatrixBase<DX>& flows, const Eigen::MatrixBase<DT>& t_hat,
                                     const hat_options& opt = {}, const std::vector<std::string>* names = nullptr) {
    const char* func = "solve_hat_algebra";
    detail::check_hat_inputs(flows, t_hat, opt, names, func);
    const auto theta = static_cast<Scalar>(opt.theta);
    hat_result<Scalar> r;
    r.X0 = flows;
    const matrix_x<Scalar> That = t_hat;
    if (opt.closure == ge_closure::full && opt.deficits == deficit_mode::zero)
        detail::hat_remove_deficits(r, theta, opt, func);
    r.Y0 = r.X0.rowwise().sum();
    r.E0 = r.X0.colwise().sum().transpose();
    r.D0 = r.E0 - r.Y0;
    for (index_t j = 0; j < r.E0.size(); ++j)
        if (!(r.E0(j) > 0))
            throw domain_error(std::string(func) + ": expenditure of " + detail::describe_index("economy", j, names) +
                               " is zero");
    if (opt.closure == ge_closure::full)
        detail::hat_full_closure(r, That, theta, opt);
    else
        detail::hat_conditional_closure(r, That, theta, opt, names);
    detail::hat_welfare(r, theta);
    if (!r.info.converged && opt.throw_on_failure)
        throw convergence_error(std::string(func) + ": the counterfactual did not converge: " + r.info.message,
                                r.info.iterations, r.info.residual);
    return r;
}

/// A change in t^(1−σ), T̂ (N x N, rows exporters, columns importers), with the economies its rows
/// and columns list.
template <class Scalar = double> struct cost_change {
    economy_index economies;
    matrix_x<Scalar> t_hat;
};

/// Exact-hat-algebra counterfactual on labelled data: the flows' and the cost change's economies
/// must be the same codes in the same order. The result carries the economy codes
/// (`result.economies`), and error messages name economies.
/// @throws key_error (an economy on one side only), dimension_error (same economies, other order),
///         plus those of the matrix overload.
template <class Scalar>
hat_result<Scalar> solve_hat_algebra(const trade_matrix<Scalar>& flows, const cost_change<Scalar>& change,
                                     const hat_options& opt = {}) {
    detail::check_same_economies(flows.economies(), change.economies, "solve_hat_algebra", "flows", "cost change");
    hat_result<Scalar> r = solve_hat_algebra(flows.flows(), change.t_hat, opt, &flows.economies().codes());
    r.economies = flows.economies();
    return r;
}

/// Exact-hat-algebra counterfactual of a change of Baldwin's cost components from `from` to `to`
/// with loadings `a`: T̂ = (τ(to) / τ(from))^(−θ), θ = opt.theta. Economies of the flows and of
/// both cost sets must be the same codes in the same order.
template <class Scalar>
hat_result<Scalar> solve_hat_algebra(const trade_matrix<Scalar>& flows, const trade_costs<Scalar>& from,
                                     const trade_costs<Scalar>& to, const cost_loadings<Scalar>& a,
                                     const hat_options& opt = {}) {
    detail::check_same_economies(flows.economies(), from.economies(), "solve_hat_algebra", "flows", "baseline costs");
    detail::check_same_economies(flows.economies(), to.economies(), "solve_hat_algebra", "flows", "new costs");
    const cost_change<Scalar> change{flows.economies(),
                                     tau_hat_to_t_hat(from.hat(to, a), static_cast<Scalar>(opt.theta))};
    return solve_hat_algebra(flows, change, opt);
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE hat_result<double>
solve_hat_algebra<matrix_x<double>, matrix_x<double>, double>(const Eigen::MatrixBase<matrix_x<double>>&,
                                                              const Eigen::MatrixBase<matrix_x<double>>&,
                                                              const hat_options&, const std::vector<std::string>*);
UNBUNDLE_EXTERN_TEMPLATE hat_result<double> solve_hat_algebra<double>(const trade_matrix<double>&,
                                                                      const cost_change<double>&, const hat_options&);
UNBUNDLE_EXTERN_TEMPLATE hat_result<double> solve_hat_algebra<double>(const trade_matrix<double>&,
                                                                      const trade_costs<double>&,
                                                                      const trade_costs<double>&,
                                                                      const cost_loadings<double>&, const hat_options&);
} // namespace unbundle
#endif
