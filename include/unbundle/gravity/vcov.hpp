#pragma once
/// @file gravity/vcov.hpp
/// Variance of M-estimators with fixed effects partialled out (sandwich formulas) and the
/// small-sample corrections of R fixest (`ssc()` defaults):
///
///   bread  B = (X~' W X~)^-1                      (X~: regressors with fixed effects partialled out)
///   scores s_n = X~_n r_n                          (PPML: r = w_obs (y - mu); OLS: r = w_obs e)
///   iid     V = c_K B                              (OLS: times sigma^2 = sum w e^2 / (n - K))
///   hetero  V = c_K c_n B (sum_n s_n s_n') B,  c_n = n / (n - 1)  (fixest's HC1)
///   cluster V = c_K c_G B (sum_g S_g S_g') B,  S_g = sum_{n in g} s_n
///   two-way V = c_K c_G B (M_1 + M_2 - M_12) B  (Cameron, Gelbach & Miller 2011)
///   c_K = (n - 1) / (n - K),  c_G = G / (G - 1)  (two-way: G = min(G_1, G_2), fixest "min");
///   c_n and c_G apply with ssc.cluster_adj (fixest's cluster.adj), c_K with ssc.adj.
///
/// K = number of coefficients + fixed-effect parameters, counted as fixest does:
/// 1 + sum_q (G_q - 1) over the dimensions not nested in a cluster variable (with none nested,
/// sum_q G_q - (Q - 1)); or the exact rank of the dummies with `exact_fe_rank`.
/// A fixed effect is nested in a cluster variable when each of its groups lies in one cluster.

#include "../config.hpp"
#include "../detail/linalg.hpp"
#include "../error.hpp"
#include "../fwd.hpp"
#include "detail/linear.hpp"
#include "fixed_effects.hpp"
#include "model.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace unbundle {

namespace detail {

/// Whether every group of `fe_codes` lies within one cluster of `cl`.
template <class Dep = void>
inline bool is_nested(const std::vector<std::int32_t>& fe_codes, std::int32_t fe_size,
                      const std::vector<std::int32_t>& cl) {
    std::vector<std::int32_t> owner(static_cast<std::size_t>(fe_size), -1);
    for (std::size_t n = 0; n < fe_codes.size(); ++n) {
        auto& o = owner[static_cast<std::size_t>(fe_codes[n])];
        if (o < 0)
            o = cl[n];
        else if (o != cl[n])
            return false;
    }
    return true;
}

/// Number of connected components of the bipartite graph of two fixed-effect dimensions
/// (the number of redundant dummies among them).
template <class Dep = void>
inline index_t fe_components(const std::vector<std::int32_t>& a, std::int32_t ga, const std::vector<std::int32_t>& b,
                             std::int32_t gb) {
    std::vector<std::int32_t> parent(static_cast<std::size_t>(ga + gb));
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](std::int32_t x) {
        while (parent[static_cast<std::size_t>(x)] != x) {
            parent[static_cast<std::size_t>(x)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(x)])];
            x = parent[static_cast<std::size_t>(x)];
        }
        return x;
    };
    for (std::size_t n = 0; n < a.size(); ++n) {
        const auto ra = find(a[n]), rb = find(ga + b[n]);
        if (ra != rb) parent[static_cast<std::size_t>(ra)] = rb;
    }
    index_t comps = 0;
    for (std::int32_t x = 0; x < ga + gb; ++x)
        if (find(x) == x) ++comps;
    return comps;
}

/// Exact rank of the dummy matrix of the given dimensions: union–find for one or two dimensions;
/// for more, a rank-revealing LDLT of D'D (dense, so limited to about 20,000 levels).
template <class Dep = void>
inline index_t fe_rank(const detail::dependent_t<fixed_effects, Dep>& fe, const std::vector<index_t>& dims) {
    using real = detail::dependent_t<double, Dep>;
    if (dims.empty()) return 0;
    if (dims.size() == 1) return fe.sizes[static_cast<std::size_t>(dims[0])];
    if (dims.size() == 2) {
        const auto q0 = static_cast<std::size_t>(dims[0]), q1 = static_cast<std::size_t>(dims[1]);
        return fe.sizes[q0] + fe.sizes[q1] - fe_components(fe.codes[q0], fe.sizes[q0], fe.codes[q1], fe.sizes[q1]);
    }
    index_t L = 0;
    std::vector<index_t> off;
    for (auto q : dims) {
        off.push_back(L);
        L += fe.sizes[static_cast<std::size_t>(q)];
    }
    if (L > 20000)
        throw numerical_error("exact fixed-effect rank: " + std::to_string(L) +
                              " levels in three or more dimensions are too many for the dense rank computation");
    matrix_x<real> DD = matrix_x<real>::Zero(L, L);
    const index_t N = fe.nobs();
    for (index_t n = 0; n < N; ++n)
        for (std::size_t i = 0; i < dims.size(); ++i) {
            const index_t gi = off[i] + fe.codes[static_cast<std::size_t>(dims[i])][static_cast<std::size_t>(n)];
            for (std::size_t j = 0; j < dims.size(); ++j) {
                const index_t gj = off[j] + fe.codes[static_cast<std::size_t>(dims[j])][static_cast<std::size_t>(n)];
                DD(gi, gj) += 1.0;
            }
        }
    const vector_x<real> ev = linalg::symmetric_eigen<real>(DD, false).values;
    const double tol = ev.cwiseAbs().maxCoeff() * static_cast<double>(L) * 1e-12;
    index_t r = 0;
    for (index_t i = 0; i < ev.size(); ++i)
        if (ev(i) > tol) ++r;
    return r;
}

/// Meat of one clustering: sum_g S_g S_g' where S_g sums the scores of cluster g.
template <class Dep = void>
inline matrix_x<double> cluster_meat(const detail::dependent_t<matrix_x<double>, Dep>& scores,
                                     const std::vector<std::int32_t>& cl, index_t& G) {
    using real = detail::dependent_t<double, Dep>;
    std::int32_t g = 0;
    for (auto c : cl) g = std::max(g, c + 1);
    G = g;
    matrix_x<real> S = matrix_x<real>::Zero(g, scores.cols());
    for (index_t n = 0; n < scores.rows(); ++n) S.row(cl[static_cast<std::size_t>(n)]) += scores.row(n);
    return S.transpose() * S;
}

} // namespace detail

/// Inputs of the variance computation.
struct vcov_inputs {
    const matrix_x<double>* Xt = nullptr; ///< partialled-out regressors (N x K)
    const double* w = nullptr;            ///< Hessian weights (PPML: w_obs mu; OLS: w_obs), N
    const double* r = nullptr;            ///< score factors per observation (N)
    double sigma2 = 1.0;                  ///< iid scale (1 for Poisson)
    const fixed_effects* fe = nullptr;
    const std::vector<std::vector<std::int32_t>>* clusters = nullptr;
};

/// Computes the variance of the coefficients for `spec`; fills dof_k and cluster sizes.
/// @throws numerical_error when the bread is singular.
template <class Dep = void>
matrix_x<double> compute_vcov(const vcov_inputs& in, const vcov_spec& spec, const ssc_options& ssc, index_t& dof_k,
                              std::vector<index_t>& cluster_sizes) {
    using real = detail::dependent_t<double, Dep>;
    const matrix_x<real>& Xt = *in.Xt;
    const index_t N = Xt.rows(), K = Xt.cols();
    cluster_sizes.clear();
    if (K == 0) {
        dof_k = 0;
        return matrix_x<real>(0, 0);
    }
    const matrix_x<real> H = detail::weighted_gram(Xt, in.w);
    Eigen::LDLT<matrix_x<real>> ldlt(H);
    // LDLT solves a semidefinite matrix as a pseudo-inverse (zero pivots give zero rows), and its
    // rcond estimate stays finite then: a zero pivot is checked directly.
    const vector_x<real> piv = ldlt.vectorD().cwiseAbs();
    if (ldlt.info() != Eigen::Success || !(ldlt.rcond() > 1e-14) || !(piv.minCoeff() > 1e-14 * piv.maxCoeff()))
        throw numerical_error("vcov: the Hessian is singular (rcond " + std::to_string(ldlt.rcond()) +
                              ", smallest pivot " + std::to_string(piv.minCoeff()) + ")");
    const matrix_x<real> B = ldlt.solve(matrix_x<real>::Identity(K, K));
    // fixed-effect parameters counted in K
    std::vector<index_t> counted;
    const fixed_effects* fe = in.fe;
    const index_t Q = fe ? fe->dims() : 0;
    for (index_t q = 0; q < Q; ++q) {
        bool nested = false;
        if (spec.kind == vcov_kind::cluster && in.clusters)
            for (const auto& cl : *in.clusters)
                if (detail::is_nested(fe->codes[static_cast<std::size_t>(q)], fe->sizes[static_cast<std::size_t>(q)],
                                      cl))
                    nested = true;
        if (!nested) counted.push_back(q);
    }
    index_t kfe = 0;
    if (ssc.exact_fe_rank) {
        // rank of all dummies minus the rank of the nested ones' span is not additive in general;
        // count the exact rank of all dimensions, then remove the nested dimensions' levels.
        std::vector<index_t> all(static_cast<std::size_t>(Q));
        std::iota(all.begin(), all.end(), index_t{0});
        kfe = detail::fe_rank(*fe, all);
        for (index_t q = 0; q < Q; ++q)
            if (std::find(counted.begin(), counted.end(), q) == counted.end())
                kfe -= fe->sizes[static_cast<std::size_t>(q)];
        kfe = std::max<index_t>(kfe, 0);
    } else if (Q > 0) {
        // fixest (VCOV.R, fixef.K = "nested"): sum_q (G_q - 1) + 1 over all dimensions, less
        // (G_q - 1) for each nested one; the 1 (the constant) stays even when all are nested
        kfe = 1;
        for (auto q : counted) kfe += fe->sizes[static_cast<std::size_t>(q)] - 1;
    }
    dof_k = K + kfe;
    const double cK = ssc.adj && N > dof_k ? static_cast<double>(N - 1) / static_cast<double>(N - dof_k) : 1.0;
    if (spec.kind == vcov_kind::iid) return cK * in.sigma2 * B;
    matrix_x<real> scores(N, K);
    for (index_t k = 0; k < K; ++k)
        for (index_t n = 0; n < N; ++n) scores(n, k) = Xt(n, k) * in.r[n];
    matrix_x<real> meat;
    double cG = 1.0;
    if (spec.kind == vcov_kind::hetero) {
        meat = scores.transpose() * scores;
        // fixest's HC1: n / (n - 1) with cluster.adj, so that the whole factor is n / (n - K)
        if (ssc.cluster_adj && N > 1) cG = static_cast<double>(N) / static_cast<double>(N - 1);
    } else {
        if (!in.clusters || in.clusters->empty())
            throw usage_error("vcov: clustering requested without cluster variables");
        const auto& cls = *in.clusters;
        index_t G1 = 0;
        meat = detail::cluster_meat(scores, cls[0], G1);
        cluster_sizes.push_back(G1);
        index_t Gmin = G1;
        if (cls.size() == 2) {
            index_t G2 = 0, G12 = 0;
            meat += detail::cluster_meat(scores, cls[1], G2);
            const std::vector<std::int32_t> both =
                detail::interact_codes(cls[0], cls[1], static_cast<std::int32_t>(G2));
            meat -= detail::cluster_meat(scores, both, G12);
            cluster_sizes.push_back(G2);
            Gmin = std::min(G1, G2);
        }
        if (ssc.cluster_adj && Gmin > 1) cG = static_cast<double>(Gmin) / static_cast<double>(Gmin - 1);
    }
    matrix_x<real> V = cK * cG * (B * meat * B);
    if (spec.kind == vcov_kind::cluster && in.clusters->size() == 2) {
        // two-way: fix a non-positive-definite result by clipping negative eigenvalues (as fixest)
        const auto es = linalg::symmetric_eigen<real>(V);
        if (es.values.minCoeff() < 0) {
            vector_x<real> ev = es.values.cwiseMax(0.0);
            V = es.vectors * ev.asDiagonal() * es.vectors.transpose();
        }
    }
    return V;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE matrix_x<double> compute_vcov<>(const vcov_inputs&, const vcov_spec&, const ssc_options&,
                                                         index_t&, std::vector<index_t>&);
} // namespace unbundle
#endif
