#pragma once
/// @file gravity/separation.hpp
/// Existence of the Poisson PML estimates (Santos Silva & Tenreyro 2010; Correia, Guimarães &
/// Zylkin 2021, "Verifying the existence of maximum likelihood estimates for generalized linear
/// models", Econometrics Journal): observations are *separated* when some linear combination z
/// of the regressors and fixed effects is zero wherever y > 0 and non-negative where y = 0, and
/// positive on them. Their fitted mean is zero at the (non-existent) optimum; dropping them gives
/// estimates for the other coefficients that exist and are the same as the limit.
///
/// Three checks, run in a loop with singleton removal until nothing changes:
/// - `fe`: a fixed-effect group whose outcomes are all zero;
/// - singletons: an observation alone in a group (perfectly fitted, no information);
/// - `relu`: the iterative rectifier of Correia, Guimarães & Zylkin: regress u on the
///   regressors and fixed effects by weighted least squares, with huge weights where y > 0, and
///   replace u by max(fitted, 0) on y = 0 until the fit is non-negative; the observations with a
///   positive fit are separated (the fit is the certificate z).

#include "../config.hpp"
#include "../error.hpp"
#include "../fwd.hpp"
#include "detail/linear.hpp"
#include "fixed_effects.hpp"

#include <Eigen/Core>
#include <Eigen/LU>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace unbundle {

/// Marks (keep[n] = 0) every observation in a fixed-effect group whose outcomes are all zero,
/// over all dimensions, among the rows still kept. Returns how many were newly dropped.
template <class Dep = void>
index_t drop_zero_groups(const detail::dependent_t<Eigen::Ref<const vector_x<double>>, Dep>& y, const fixed_effects& fe,
                         std::vector<char>& keep) {
    index_t dropped = 0;
    const index_t N = y.size();
    for (index_t q = 0; q < fe.dims(); ++q) {
        const auto& c = fe.codes[static_cast<std::size_t>(q)];
        std::vector<char> positive(static_cast<std::size_t>(fe.sizes[static_cast<std::size_t>(q)]), 0);
        for (index_t n = 0; n < N; ++n)
            if (keep[static_cast<std::size_t>(n)] && y(n) > 0)
                positive[static_cast<std::size_t>(c[static_cast<std::size_t>(n)])] = 1;
        for (index_t n = 0; n < N; ++n)
            if (keep[static_cast<std::size_t>(n)] &&
                !positive[static_cast<std::size_t>(c[static_cast<std::size_t>(n)])]) {
                keep[static_cast<std::size_t>(n)] = 0;
                ++dropped;
            }
    }
    return dropped;
}

/// Marks observations alone in a group of any dimension, repeatedly until none is left.
/// Returns how many were newly dropped.
template <class Dep = void> index_t drop_singletons(const fixed_effects& fe, std::vector<char>& keep) {
    index_t dropped = 0;
    const index_t N = fe.nobs();
    if (fe.dims() == 0) return 0;
    for (;;) {
        index_t now = 0;
        for (index_t q = 0; q < fe.dims(); ++q) {
            const auto& c = fe.codes[static_cast<std::size_t>(q)];
            std::vector<std::int32_t> count(static_cast<std::size_t>(fe.sizes[static_cast<std::size_t>(q)]), 0);
            for (index_t n = 0; n < N; ++n)
                if (keep[static_cast<std::size_t>(n)])
                    ++count[static_cast<std::size_t>(c[static_cast<std::size_t>(n)])];
            for (index_t n = 0; n < N; ++n)
                if (keep[static_cast<std::size_t>(n)] &&
                    count[static_cast<std::size_t>(c[static_cast<std::size_t>(n)])] == 1) {
                    keep[static_cast<std::size_t>(n)] = 0;
                    ++now;
                }
        }
        dropped += now;
        if (now == 0) break;
    }
    return dropped;
}

/// Options of the ReLU separation check.
struct relu_options {
    double tol = 1e-5;       ///< a fitted z above tol marks separation; within [-tol/10, tol] is zero
    int max_iter = 1000;     ///< rectifier iterations
    double inner_tol = 1e-9; ///< fixed-effect projection tolerance (iterative path)
    /// Solve each least-squares step exactly (dense QR, constraints z = 0 where y > 0 imposed by
    /// a null-space basis) when N x (K + sum G_q) is at most this many entries; above, the
    /// method of weighting with the fixed-effect projection.
    double dense_limit = 4e6;
};

/// Result of the ReLU check.
struct relu_result {
    std::vector<char> separated; ///< per observation
    index_t count = 0;
    int iterations = 0;
    bool converged = false;
    vector_x<double> certificate; ///< z (zero where y > 0)
};

namespace detail {

/// ReLU check, exact path: z = A θ with A = [X, D] (D the fixed-effect dummies, P columns in all),
/// each least-squares step solved by a complete orthogonal decomposition. Fills `res`.
template <class Dep = void>
inline void relu_separation_exact(const detail::dependent_t<Eigen::Ref<const vector_x<double>>, Dep>& y,
                                  const detail::dependent_t<Eigen::Ref<const matrix_x<double>>, Dep>& X,
                                  const detail::dependent_t<fixed_effects, Dep>& fe, const relu_options& opt,
                                  const std::vector<index_t>& boundary, index_t P,
                                  detail::dependent_t<relu_result, Dep>& res) {
    using real = detail::dependent_t<double, Dep>;
    const index_t N = y.size(), K = X.cols();
    // Exact path: z = A theta with A = [X, D]; z = 0 where y > 0 is imposed by theta = Nb nu
    // with Nb a basis of the null space of A_pos; then least squares of u on A_bnd Nb.
    matrix_x<real> A = matrix_x<real>::Zero(N, P);
    A.leftCols(K) = X;
    index_t off = K;
    for (index_t q = 0; q < fe.dims(); ++q) {
        const auto& c = fe.codes[static_cast<std::size_t>(q)];
        for (index_t n = 0; n < N; ++n) A(n, off + c[static_cast<std::size_t>(n)]) = 1.0;
        off += fe.sizes[static_cast<std::size_t>(q)];
    }
    std::vector<index_t> pos;
    for (index_t n = 0; n < N; ++n)
        if (y(n) > 0) pos.push_back(n);
    const auto nb = static_cast<index_t>(boundary.size()), np = static_cast<index_t>(pos.size());
    matrix_x<real> Nb;
    if (np > 0) {
        matrix_x<real> Ap(np, P);
        for (index_t j = 0; j < np; ++j) Ap.row(j) = A.row(pos[static_cast<std::size_t>(j)]);
        Eigen::FullPivLU<matrix_x<real>> lu(np, P);
        lu.setThreshold(1e-10);
        lu.compute(Ap);
        if (lu.rank() < P)
            Nb = lu.kernel();
        else
            Nb.resize(P, 0);
    } else {
        Nb = matrix_x<real>::Identity(P, P);
    }
    matrix_x<real> B(nb, Nb.cols());
    for (index_t j = 0; j < Nb.cols(); ++j) Nb.col(j).normalize();
    for (index_t j = 0; j < nb; ++j) B.row(j) = A.row(boundary[static_cast<std::size_t>(j)]) * Nb;
    // rounding noise of an exact zero must not be fitted (relative thresholds cannot tell)
    const double bscale = 1e-10 * std::max(1.0, A.cwiseAbs().maxCoeff());
    B = B.unaryExpr([bscale](double v) { return std::abs(v) < bscale ? 0.0 : v; });
    res.certificate = vector_x<real>::Zero(N);
    if (B.cols() == 0) {
        res.converged = true;
        return;
    }
    // the threshold must be set before the factorisation: solve() uses the pivots counted then
    Eigen::CompleteOrthogonalDecomposition<matrix_x<real>> qb(B.rows(), B.cols());
    qb.setThreshold(1e-10);
    qb.compute(B);
    vector_x<real> ub = vector_x<real>::Ones(nb), zb(nb);
    const double delta = opt.tol;
    for (int it = 1; it <= opt.max_iter; ++it) {
        res.iterations = it;
        zb = B * qb.solve(ub);
        bool all_nonneg = true;
        double min_resid = std::numeric_limits<double>::infinity();
        for (index_t j = 0; j < nb; ++j) {
            double r = ub(j) - zb(j);
            if (std::abs(r) < 1e-12) r = 0;
            min_resid = std::min(min_resid, r);
            if (zb(j) >= -0.1 * delta && zb(j) <= delta) zb(j) = 0;
            if (zb(j) < 0) all_nonneg = false;
        }
        if (all_nonneg) {
            res.converged = true;
            break;
        }
        if (min_resid >= 0) {
            for (index_t j = 0; j < nb; ++j)
                if (ub(j) - zb(j) > delta || zb(j) < 0) zb(j) = 0;
            res.converged = true;
            break;
        }
        for (index_t j = 0; j < nb; ++j) ub(j) = std::max(zb(j), 0.0);
    }
    if (res.converged)
        for (index_t j = 0; j < nb; ++j) {
            const index_t n = boundary[static_cast<std::size_t>(j)];
            res.certificate(n) = zb(j);
            if (zb(j) > 0) {
                res.separated[static_cast<std::size_t>(n)] = 1;
                ++res.count;
            }
        }
}

/// ReLU check, iterative path for large problems: the equality constraints z = 0 where y > 0 by
/// the method of weighting, each step through the fixed-effect projection. Fills `res`.
template <class Dep = void>
inline void relu_separation_weighted(const detail::dependent_t<Eigen::Ref<const vector_x<double>>, Dep>& y,
                                     const detail::dependent_t<Eigen::Ref<const matrix_x<double>>, Dep>& X,
                                     const detail::dependent_t<fixed_effects, Dep>& fe, const relu_options& opt,
                                     const std::vector<index_t>& boundary, detail::dependent_t<relu_result, Dep>& res) {
    using real = detail::dependent_t<double, Dep>;
    const index_t N = y.size(), K = X.cols();
    // Method of weighting for the equality constraints z = 0 where y > 0 (Van Loan 1985: M = eps^-1/2).
    const double M = 1.0 / std::sqrt(std::numeric_limits<double>::epsilon());
    vector_x<real> w(N);
    for (index_t n = 0; n < N; ++n) w(n) = y(n) > 0 ? M : 1.0;
    fe_projector proj(fe);
    proj.set_weights(w.data());
    projection_options popt;
    popt.tol = opt.inner_tol;
    matrix_x<real> alpha;
    // V = [u, X]; partial out X once (weights are fixed), u each iteration
    // first step: partial out [u, X] together (one pass over the data serves all columns)
    vector_x<real> u(N), ut(N), xbd(N), resid(N);
    for (index_t n = 0; n < N; ++n) u(n) = y(n) == 0 ? 1.0 : 0.0;
    matrix_x<real> Xt(N, K);
    {
        matrix_x<real> V(N, 1 + K), Vt(N, 1 + K), a0;
        V.col(0) = u;
        V.rightCols(K) = X;
        proj.partial_out(V, a0, Vt, popt);
        ut = Vt.col(0);
        Xt = Vt.rightCols(K);
        alpha = a0.topRows(1);
    }
    // drop collinear columns of Xt
    std::vector<index_t> cols;
    if (K > 0) {
        const matrix_x<real> G = weighted_gram(Xt, w.data());
        vector_x<real> ref(K);
        for (index_t k = 0; k < K; ++k) ref(k) = (X.col(k).array().square() * w.array()).sum();
        const std::vector<char> keepc = screen_collinear(G, ref, 1e-9);
        for (index_t k = 0; k < K; ++k)
            if (keepc[static_cast<std::size_t>(k)]) cols.push_back(k);
    }
    const auto Kk = static_cast<index_t>(cols.size());
    matrix_x<real> Xk(N, Kk);
    for (index_t j = 0; j < Kk; ++j) Xk.col(j) = Xt.col(cols[static_cast<std::size_t>(j)]);
    Xt.resize(0, 0);
    matrix_x<real> G = weighted_gram(Xk, w.data());
    Eigen::LDLT<matrix_x<real>> ldlt;
    if (Kk > 0) ldlt.compute(G);
    const double delta = opt.tol;
    for (int it = 1; it <= opt.max_iter; ++it) {
        res.iterations = it;
        if (it > 1) proj.partial_out(u, alpha, ut, popt);
        if (Kk > 0) {
            const vector_x<real> rhs = Xk.transpose() * (w.array() * ut.array()).matrix();
            const vector_x<real> b = ldlt.solve(rhs);
            resid = ut - Xk * b;
        } else {
            resid = ut;
        }
        xbd = u - resid;
        bool all_nonneg = true;
        double min_resid = std::numeric_limits<double>::infinity();
        for (index_t n : boundary) {
            double& z = xbd(n);
            if (z >= -0.1 * delta && z <= delta) z = 0;
            if (z < 0) all_nonneg = false;
            min_resid = std::min(min_resid, std::abs(resid(n)) < 1e-12 ? 0.0 : resid(n));
        }
        for (index_t n = 0; n < N; ++n)
            if (y(n) > 0) xbd(n) = 0;
        if (all_nonneg) {
            res.converged = true;
            break;
        }
        if (min_resid >= 0) {
            // Normal equations: no negative residual on y = 0 means no separated observation is left
            // to uncover beyond those with a positive residual (Correia, Guimarães & Zylkin).
            for (index_t n : boundary)
                if (resid(n) > delta) xbd(n) = 0;
            for (index_t n : boundary)
                if (xbd(n) < 0) xbd(n) = 0;
            res.converged = true;
            break;
        }
        for (index_t n : boundary) u(n) = std::max(xbd(n), 0.0);
    }
    if (res.converged)
        for (index_t n : boundary)
            if (xbd(n) > 0) {
                res.separated[static_cast<std::size_t>(n)] = 1;
                ++res.count;
            }
    res.certificate = xbd;
}

} // namespace detail

/// The iterative-rectifier (ReLU) separation check on y, regressors X (N x K, intercept included
/// when the model has one) and fixed effects `fe` over the same N rows. Exact least squares when
/// N x (K + Σ G_q) ≤ opt.dense_limit, else the method of weighting with the projection.
template <class Dep = void>
relu_result relu_separation(const detail::dependent_t<Eigen::Ref<const vector_x<double>>, Dep>& y,
                            const detail::dependent_t<Eigen::Ref<const matrix_x<double>>, Dep>& X,
                            const fixed_effects& fe, const relu_options& opt = {}) {
    const index_t N = y.size(), K = X.cols();
    relu_result res;
    res.separated.assign(static_cast<std::size_t>(N), 0);
    std::vector<index_t> boundary;
    for (index_t n = 0; n < N; ++n)
        if (y(n) == 0) boundary.push_back(n);
    if (boundary.empty()) {
        res.converged = true;
        return res;
    }
    index_t P = K;
    for (auto g : fe.sizes) P += g;
    if (static_cast<double>(N) * static_cast<double>(P) <= opt.dense_limit)
        detail::relu_separation_exact(y, X, fe, opt, boundary, P, res);
    else
        detail::relu_separation_weighted(y, X, fe, opt, boundary, res);
    return res;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE index_t drop_zero_groups<>(const Eigen::Ref<const vector_x<double>>&, const fixed_effects&,
                                                    std::vector<char>&);
UNBUNDLE_EXTERN_TEMPLATE index_t drop_singletons<>(const fixed_effects&, std::vector<char>&);
UNBUNDLE_EXTERN_TEMPLATE relu_result relu_separation<>(const Eigen::Ref<const vector_x<double>>&,
                                                       const Eigen::Ref<const matrix_x<double>>&, const fixed_effects&,
                                                       const relu_options&);
} // namespace unbundle
#endif
