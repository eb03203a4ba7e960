#pragma once
/// @file gravity/detail/linear.hpp
/// Small dense kernels of the estimators: weighted cross products of partialled-out columns,
/// collinearity screening and the weighted least-squares solve.

#include "../../error.hpp"
#include "../../fwd.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <cmath>
#include <vector>

namespace unbundle::detail {

/// A' diag(w) A for the columns [c0, c0+k) of V (w may be empty: unit weights).
template <class Dep = void>
inline matrix_x<double> weighted_gram(const detail::dependent_t<Eigen::Ref<const matrix_x<double>>, Dep>& A,
                                      const double* w) {
    using real = detail::dependent_t<double, Dep>;
    const index_t K = A.cols(), N = A.rows();
    matrix_x<real> G(K, K);
    if (w) {
        const Eigen::Map<const vector_x<real>> wv(w, N);
        for (index_t j = 0; j < K; ++j)
            for (index_t i = j; i < K; ++i)
                G(i, j) = G(j, i) = (A.col(i).array() * A.col(j).array() * wv.array()).sum();
    } else {
        G.noalias() = A.transpose() * A;
    }
    return G;
}

/// Greedy Cholesky screening: keeps column k unless its squared norm after projection on the
/// columns kept before it falls below `tol` times `ref(k)` (its weighted sum of squares before
/// the fixed effects were partialled out; pass G's diagonal when there are none).
/// `ratio`, when given, receives d / ref(k) per column (0 when ref(k) is not positive).
template <class Dep = void>
inline std::vector<char> screen_collinear(const detail::dependent_t<matrix_x<double>, Dep>& G,
                                          const detail::dependent_t<vector_x<double>, Dep>& ref, double tol,
                                          detail::dependent_t<vector_x<double>, Dep>* ratio = nullptr) {
    using real = detail::dependent_t<double, Dep>;
    const index_t K = G.rows();
    std::vector<char> keep(static_cast<std::size_t>(K), 0);
    if (ratio) ratio->setZero(K);
    matrix_x<real> L = matrix_x<real>::Zero(K, K);
    std::vector<index_t> kept;
    for (index_t k = 0; k < K; ++k) {
        // solve L_kept * l = G(kept, k)
        const auto m = static_cast<index_t>(kept.size());
        vector_x<real> l(m);
        for (index_t i = 0; i < m; ++i) {
            double s = G(kept[static_cast<std::size_t>(i)], k);
            for (index_t j = 0; j < i; ++j) s -= L(i, j) * l(j);
            l(i) = s / L(i, i);
        }
        const double d = G(k, k) - (m ? l.squaredNorm() : 0.0);
        const double r = ref(k) > 0 ? ref(k) : 0.0;
        if (ratio && r > 0) (*ratio)(k) = d / r;
        if (d > tol * r && d > 0 && std::isfinite(d)) {
            keep[static_cast<std::size_t>(k)] = 1;
            for (index_t j = 0; j < m; ++j) L(m, j) = l(j);
            L(m, m) = std::sqrt(d);
            kept.push_back(k);
        }
    }
    return keep;
}

/// Solves (A' W A) b = A' W r by LDLT; numerical_error if the system is singular.
template <class Dep = void>
inline vector_x<double> wls_solve(const detail::dependent_t<matrix_x<double>, Dep>& G,
                                  const detail::dependent_t<vector_x<double>, Dep>& rhs, const char* func) {
    using real = detail::dependent_t<double, Dep>;
    if (G.rows() == 0) return vector_x<real>(0);
    Eigen::LDLT<matrix_x<real>> ldlt(G);
    if (ldlt.info() != Eigen::Success || !(ldlt.rcond() > 1e-14))
        throw numerical_error(std::string(func) + ": the weighted least-squares system is singular (rcond " +
                              std::to_string(ldlt.rcond()) + ")");
    return ldlt.solve(rhs);
}

} // namespace unbundle::detail
