#pragma once
/// @file ge/resistances.hpp
/// Anderson–van Wincoop (2003) multilateral resistances of the structural gravity model
/// (Yotov, Piermartini, Monteiro & Larch 2016, eqs. 1–3), with a reference-importer normalisation.
///
/// With T_ij = t_ij^(1−σ) (rows exporters i, columns importers j), output shares y_i = Y_i / Σ Y and
/// expenditure shares e_j = E_j / Σ E (the convention of USITC gegravity):
///
///     Π_i^(1−σ) = Σ_j T_ij e_j / P_j^(1−σ)        (outward resistance, OMR)
///     P_j^(1−σ) = Σ_i T_ij y_i / Π_i^(1−σ)        (inward resistance, IMR),  P_ref = 1.
///
/// The system is the matrix-scaling (Sinkhorn) problem of T to the margins y and e. It is solved
/// by a few Sinkhorn sweeps followed by Newton's method on the logarithms, whose Jacobian
/// [[I, R], [C, I]] is reduced to an (N−1) x (N−1) Schur complement (O(N³) per step, quadratic
/// convergence). The reference importer's IMR equation is dropped (it is implied by the others
/// because Σ y = Σ e = 1).

#include "../config.hpp"
#include "../detail/check.hpp"
#include "../detail/linalg.hpp"
#include "../error.hpp"
#include "../fwd.hpp"
#include "solver.hpp"

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <vector>

namespace unbundle {

/// Multilateral resistances in levels and in powers of (1−σ).
template <class Scalar = double> struct resistances {
    vector_x<Scalar> omr;     ///< Π_i (outward multilateral resistance)
    vector_x<Scalar> imr;     ///< P_j (inward multilateral resistance), imr(reference) = 1
    vector_x<Scalar> omr_pow; ///< Π_i^(1−σ)
    vector_x<Scalar> imr_pow; ///< P_j^(1−σ)
    solver_info info;         ///< Newton iterations, max |log residual|, convergence flag
};

namespace detail {

/// Validates the inputs shared by the resistance and structural solvers.
template <class DT, class DY, class DE>
void check_gravity_inputs(const Eigen::MatrixBase<DT>& t_pow, const Eigen::MatrixBase<DY>& output,
                          const Eigen::MatrixBase<DE>& expenditure, double sigma, index_t reference, const char* func,
                          const std::vector<std::string>* names) {
    check_square(t_pow, func, "trade costs t^(1-sigma)");
    const index_t n = t_pow.rows();
    if (n < 2) throw dimension_error(std::string(func) + ": at least 2 economies are needed, got " + std::to_string(n));
    check_size(output.size(), n, func, "output Y");
    check_size(expenditure.size(), n, func, "expenditure E");
    if (!(sigma > 1) || !std::isfinite(sigma))
        throw domain_error(std::string(func) + ": the elasticity of substitution sigma must be finite and > 1, got " +
                           to_string_full(sigma));
    if (reference < 0 || reference >= n)
        throw key_error(std::string(func) + ": reference importer position " + std::to_string(reference) +
                        " is outside 0.." + std::to_string(n - 1));
    check_finite(t_pow, func, "trade costs t^(1-sigma)", names, names);
    check_nonnegative(t_pow, func, "trade costs t^(1-sigma)", names, names);
    for (index_t i = 0; i < n; ++i) {
        const auto y = static_cast<double>(output(i)), e = static_cast<double>(expenditure(i));
        const std::string who = describe_index("economy", i, names);
        if (!std::isfinite(y) || !(y > 0))
            throw domain_error(std::string(func) + ": output Y of " + who + " must be positive and finite, got " +
                               to_string_full(y));
        if (!std::isfinite(e) || !(e > 0))
            throw domain_error(
                std::string(func) + ": expenditure E of " + who +
                " must be positive and finite (an economy with zero expenditure cannot be solved), got " +
                to_string_full(e));
        if (!(t_pow.row(i).maxCoeff() > 0))
            throw domain_error(std::string(func) + ": " + who +
                               " has no positive trade cost term t^(1-sigma) as exporter");
        if (!(t_pow.col(i).maxCoeff() > 0))
            throw domain_error(std::string(func) + ": " + who +
                               " has no positive trade cost term t^(1-sigma) as importer");
    }
}

/// Newton / Sinkhorn solver of the scaling problem in logs. `alpha` = −log Π^(1−σ) (size n),
/// `beta` = −log P^(1−σ) (size n, beta(ref) = 0). A = T∘e (row i: Σ_j A_ij e^beta_j),
/// B = T∘y (column j: Σ_i B_ij e^alpha_i). Warm start when `warm` is true.
template <class Scalar>
solver_info solve_scaling(const matrix_x<Scalar>& A, const matrix_x<Scalar>& B, index_t ref, vector_x<Scalar>& alpha,
                          vector_x<Scalar>& beta, bool warm, const solver_options& opt) {
    using vec = vector_x<Scalar>;
    using mat = matrix_x<Scalar>;
    const index_t n = A.rows();
    if (!warm || alpha.size() != n || beta.size() != n) {
        alpha.setZero(n);
        beta.setZero(n);
    }
    vec ea(n), eb(n), rs(n), cs(n);
    auto sweep = [&] {
        eb = beta.array().exp();
        rs.noalias() = A * eb;
        alpha = -rs.array().log();
        ea = alpha.array().exp();
        cs.noalias() = B.transpose() * ea;
        beta = -cs.array().log();
        const Scalar shift = beta(ref);
        beta.array() -= shift;
        alpha.array() += shift;
    };
    if (!warm)
        for (int k = 0; k < 3; ++k) sweep();

    // Residuals F_i = alpha_i + log(A e^beta)_i, G_j = beta_j + log(B' e^alpha)_j (j != ref).
    auto residual = [&](const vec& a, const vec& b, vec& F, vec& G) {
        F = a.array() + (A * b.array().exp().matrix()).array().log();
        G = b.array() + (B.transpose() * a.array().exp().matrix()).array().log();
        G(ref) = 0;
    };
    solver_info info;
    vec F(n), G(n), Ft(n), Gt(n), a_try(n), b_try(n), dalpha(n), dbeta(n);
    residual(alpha, beta, F, G);
    const index_t m = n - 1;
    mat R(n, n), C(n, n), S(m, m), Rr(n, m), Cr(m, n);
    vec rhs(m), db(m);
    linalg::lu_solver<Scalar> lu;
    bool have_lu = false;
    std::vector<index_t> idx;
    idx.reserve(static_cast<std::size_t>(m));
    for (index_t j = 0; j < n; ++j)
        if (j != ref) idx.push_back(j);
    // Newton direction from the factorised Schur complement: (I − C' R') dβ' = −G' + C' F, dα = −F − R' dβ'.
    auto direction = [&] {
        const vec CF = Cr * F;
        for (index_t k = 0; k < m; ++k) rhs(k) = -G(idx[static_cast<std::size_t>(k)]) + CF(k);
        db = lu.solve(rhs);
        dbeta.setZero();
        for (index_t k = 0; k < m; ++k) dbeta(idx[static_cast<std::size_t>(k)]) = db(k);
        dalpha = -F - Rr * db;
        return db.allFinite() && dalpha.allFinite();
    };
    auto norm = [](const vec& a, const vec& b) {
        return std::max(a.template lpNorm<Eigen::Infinity>(), b.template lpNorm<Eigen::Infinity>());
    };
    Scalar res = norm(F, G);
    for (int it = 0;; ++it) {
        if (detail::stop_at(res, it, opt, info, "multilateral resistances (Newton)")) return info;
        if (it >= opt.max_iter) break;
        if (have_lu && direction()) { // chord step with the factorised Jacobian (O(N²))
            a_try = alpha + dalpha;
            b_try = beta + dbeta;
            residual(a_try, b_try, Ft, Gt);
            const Scalar r_try = norm(Ft, Gt);
            if (std::isfinite(static_cast<double>(r_try)) && r_try <= res / 8) {
                alpha = a_try;
                beta = b_try;
                F = Ft;
                G = Gt;
                res = r_try;
                continue;
            }
        }
        // Jacobian blocks: R_ij = A_ij e^beta_j / row sum; C_ji = B_ij e^alpha_i / column sum.
        eb = beta.array().exp();
        ea = alpha.array().exp();
        R = A * eb.asDiagonal();
        rs = R.rowwise().sum();
        R = rs.cwiseInverse().asDiagonal() * R;
        C = ea.asDiagonal() * B; // (i, j) = B_ij e^alpha_i
        cs = C.colwise().sum().transpose();
        C = (C * cs.cwiseInverse().asDiagonal()).transpose().eval(); // (j, i) = B_ij e^alpha_i / cs_j
        for (index_t k = 0; k < m; ++k) {
            Rr.col(k) = R.col(idx[static_cast<std::size_t>(k)]);
            Cr.row(k) = C.row(idx[static_cast<std::size_t>(k)]);
        }
        S.noalias() = -Cr * Rr;
        S.diagonal().array() += Scalar(1);
        lu.compute(S);
        have_lu = true;
        if (!direction()) {
            info.message = "multilateral resistances: singular Newton system at iteration " + std::to_string(it);
            return info;
        }
        const auto trial = [&](Scalar step) {
            a_try = alpha + step * dalpha;
            b_try = beta + step * dbeta;
            residual(a_try, b_try, Ft, Gt);
            return Scalar(Ft.squaredNorm() + Gt.squaredNorm());
        };
        if (!detail::backtrack(trial, Scalar(F.squaredNorm() + G.squaredNorm()), opt.newton_max_halvings)) {
            if (detail::at_round_off(res, opt, info, "multilateral resistances")) return info;
            info.message = "multilateral resistances: Newton line search failed at iteration " + std::to_string(it);
            return info;
        }
        alpha = a_try;
        beta = b_try;
        F = Ft;
        G = Gt;
        res = norm(F, G);
    }
    info.message = "multilateral resistances: Newton did not converge in " + std::to_string(opt.max_iter) +
                   " iterations (max |log residual| " + to_string_full(info.residual) + ")";
    return info;
}

} // namespace detail

/// Solves the multilateral resistances for given t^(1−σ), output and expenditure.
///
/// @param t_pow      N x N matrix of t_ij^(1−σ) = exp(Σ_k β_k x_ijk) (rows exporters, columns importers), ≥ 0.
/// @param output     Y_i (N), positive.
/// @param expenditure E_j (N), positive.
/// @param sigma      elasticity of substitution σ > 1.
/// @param reference  position of the reference importer whose P is normalised to 1.
/// @param opt        Newton settings (`tol` on the max |log residual|, default 1e-12).
/// @param names      optional economy codes for error messages.
/// @param start      optional starting point (e.g. the baseline resistances for a counterfactual).
/// @throws dimension_error, domain_error (σ ≤ 1, negative / non-finite costs, non-positive Y or E), key_error.
/// Non-convergence is reported in `info`, not thrown. Complexity O(N³) per Newton step.
template <class DT, class DY, class DE, class Scalar = typename DT::Scalar>
resistances<Scalar> solve_resistances(const Eigen::MatrixBase<DT>& t_pow, const Eigen::MatrixBase<DY>& output,
                                      const Eigen::MatrixBase<DE>& expenditure, Scalar sigma, index_t reference,
                                      const solver_options& opt = {}, const std::vector<std::string>* names = nullptr,
                                      const resistances<Scalar>* start = nullptr) {
    detail::check_gravity_inputs(t_pow, output, expenditure, static_cast<double>(sigma), reference, "solve_resistances",
                                 names);
    const index_t n = t_pow.rows();
    const vector_x<Scalar> y = output / output.sum();
    const vector_x<Scalar> e = expenditure / expenditure.sum();
    const matrix_x<Scalar> A = t_pow * e.asDiagonal();
    const matrix_x<Scalar> B = y.asDiagonal() * t_pow;
    vector_x<Scalar> alpha(n), beta(n);
    const bool warm = start && start->omr_pow.size() == n && start->imr_pow.size() == n && start->omr_pow.allFinite() &&
                      start->imr_pow.allFinite() && (start->omr_pow.array() > 0).all() &&
                      (start->imr_pow.array() > 0).all();
    if (warm) {
        alpha = -start->omr_pow.array().log();
        beta = -start->imr_pow.array().log();
        beta.array() -= beta(reference);
    }
    resistances<Scalar> r;
    r.info = detail::solve_scaling<Scalar>(A, B, reference, alpha, beta, warm, opt);
    r.omr_pow = (-alpha.array()).exp();
    r.imr_pow = (-beta.array()).exp();
    const Scalar inv = Scalar(1) / (Scalar(1) - sigma);
    r.omr = r.omr_pow.array().pow(inv);
    r.imr = r.imr_pow.array().pow(inv);
    return r;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE resistances<double>
solve_resistances<matrix_x<double>, vector_x<double>, vector_x<double>, double>(
    const Eigen::MatrixBase<matrix_x<double>>&, const Eigen::MatrixBase<vector_x<double>>&,
    const Eigen::MatrixBase<vector_x<double>>&, double, index_t, const solver_options&, const std::vector<std::string>*,
    const resistances<double>*);
} // namespace unbundle
#endif
