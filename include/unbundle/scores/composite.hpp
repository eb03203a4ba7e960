#pragma once
/// @file scores/composite.hpp
/// Composite indices from a table of indicators (rows economies, columns indicators): min–max
/// scaling to 0–1 or 1–100, and weights from principal components of the correlation matrix
/// (OECD/JRC Handbook on Constructing Composite Indicators, Nardo et al. 2008), as the KOF
/// Globalisation Index (Gygli, Haelg, Potrafke & Sturm 2019) and ADB's regional integration index
/// (Huh & Park 2018) build theirs, or user weights (KOF-style published weights).
///
/// Weights, adding up to 1 (v_k the unit eigenvector of the k-th largest eigenvalue λ_k of the
/// correlation matrix):
/// - `pca`: w_i = v_i1² (squared loadings of the first component);
/// - `kaiser`: w_i = Σ_{k: λ_k > 1} (λ_k / Σ_{kept} λ) v_ik² — the components with eigenvalue above 1,
///   weighted by the variance they explain (ADB's ARII); when no eigenvalue exceeds 1 the first
///   component alone is kept;
/// - `user`: the given weights, normalised to add up to 1 (indicators not named get 0).
/// The index is Σ_i w_i s_i with s_i the min–max scaled indicator (0–1), and `index_100` = 1 + 99 ×
/// index (the 1–100 scale of KOF). Indicators must be oriented so that higher means more
/// integrated (squared loadings carry no sign).
///
/// Treatments: a constant indicator scales to 0.5, standardises to 0, has zero variance in the
/// correlation matrix (so PCA gives it no weight); when every indicator is constant, PCA weights
/// are equal.

#include "../config.hpp"
#include "../detail/check.hpp"
#include "../detail/linalg.hpp"
#include "../error.hpp"
#include "../fwd.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace unbundle {

namespace detail {

/// True when the values vary by more than round-off: max − min > 1e-12 × max |value|.
template <class Derived> bool varies(const Eigen::MatrixBase<Derived>& v) {
    using S = typename Derived::Scalar;
    if (v.size() == 0) return false;
    const S lo = v.minCoeff(), hi = v.maxCoeff();
    return hi - lo > S(1e-12) * std::max(std::abs(lo), std::abs(hi));
}

} // namespace detail

/// How the weights of a composite index are chosen.
enum class composite_method {
    pca,    ///< first principal component
    kaiser, ///< components with eigenvalue > 1, weighted by explained variance
    user    ///< weights given by the user
};

/// Options of `composite_index`.
struct composite_options {
    composite_method method = composite_method::pca;
    /// User weights by indicator name (method `user`); non-negative, not all zero.
    std::vector<std::pair<std::string, double>> weights{};
};

/// A composite index and its weights.
template <class Scalar = double> struct composite_result {
    std::vector<std::string> indicators;
    std::vector<std::string> economies;
    vector_x<Scalar> eigenvalues;              ///< of the correlation matrix, descending
    vector_x<Scalar> explained_variance_share; ///< λ_k / Σ λ (0 when every indicator is constant)
    index_t components_kept = 0;               ///< 1 (pca), #λ > 1 (kaiser), 0 (user)
    vector_x<Scalar> weights;                  ///< per indicator, adding up to 1
    matrix_x<Scalar> scaled;                   ///< min–max scaled indicators (0–1), N x K
    vector_x<Scalar> index;                    ///< Σ_i w_i s_i, in [0, 1]
    vector_x<Scalar> index_100;                ///< 1 + 99 × index
};

/// Min–max scaling of a vector to [0, 1]; a constant vector (up to round-off: a range below
/// 1e-12 of the largest magnitude) becomes 0.5.
template <class Derived, class Scalar = typename Derived::Scalar>
vector_x<Scalar> minmax_scale(const Eigen::MatrixBase<Derived>& v) {
    const Scalar lo = v.minCoeff(), hi = v.maxCoeff();
    if (!detail::varies(v)) return vector_x<Scalar>::Constant(v.size(), Scalar(0.5));
    return ((v.array() - lo) / (hi - lo)).matrix();
}

/// Min–max scaling to [1, 100] (KOF's presentation): 1 + 99 × minmax_scale(v).
template <class Derived, class Scalar = typename Derived::Scalar>
vector_x<Scalar> scale_1_100(const Eigen::MatrixBase<Derived>& v) {
    return (Scalar(1) + Scalar(99) * minmax_scale(v).array()).matrix();
}

/// Correlation matrix of the columns of X (N x K, N ≥ 2); a constant column (up to round-off, as in
/// `minmax_scale`) has a zero row and column (zero variance), not 1 on the diagonal.
template <class Derived, class Scalar = typename Derived::Scalar>
matrix_x<Scalar> correlation_matrix(const Eigen::MatrixBase<Derived>& X) {
    const index_t n = X.rows(), K = X.cols();
    matrix_x<Scalar> Z(n, K);
    for (index_t k = 0; k < K; ++k) {
        const Scalar mean = X.col(k).mean();
        const Scalar sd = std::sqrt((X.col(k).array() - mean).square().sum() / Scalar(std::max<index_t>(1, n - 1)));
        if (sd > Scalar(0) && detail::varies(X.col(k)))
            Z.col(k) = ((X.col(k).array() - mean) / sd).matrix();
        else
            Z.col(k).setZero();
    }
    return Z.transpose() * Z / Scalar(std::max<index_t>(1, n - 1));
}

/// Weights from the principal components of the correlation matrix (method pca or kaiser; see the
/// file comment). Writes the descending eigenvalues and the number of components kept.
template <class Derived, class Scalar = typename Derived::Scalar>
vector_x<Scalar> pca_weights(const Eigen::MatrixBase<Derived>& X, composite_method method = composite_method::pca,
                             vector_x<Scalar>* eigenvalues = nullptr, index_t* kept = nullptr) {
    if (method == composite_method::user)
        throw usage_error("pca_weights: the method must be pca or kaiser (user weights are given, not computed)");
    const index_t K = X.cols();
    if (K < 1) throw dimension_error("pca_weights: no indicators");
    if (X.rows() < 2)
        throw dimension_error("pca_weights: at least 2 economies are needed, got " + std::to_string(X.rows()));
    const matrix_x<Scalar> C = correlation_matrix(X);
    const auto es = linalg::symmetric_eigen<Scalar>(C);
    if (!es.ok) throw numerical_error("pca_weights: the eigen-decomposition of the correlation matrix failed");
    const vector_x<Scalar> lam = es.values.reverse();          // descending
    const matrix_x<Scalar> V = es.vectors.rowwise().reverse(); // matching columns
    if (eigenvalues) *eigenvalues = lam;
    vector_x<Scalar> w = vector_x<Scalar>::Zero(K);
    if (!(lam(0) > Scalar(1e-12) * Scalar(K))) { // every indicator constant
        if (kept) *kept = 0;
        return vector_x<Scalar>::Constant(K, Scalar(1) / Scalar(K));
    }
    index_t m = 1;
    if (method == composite_method::kaiser) {
        m = 0;
        while (m < K && lam(m) > Scalar(1)) ++m;
        if (m == 0) m = 1;
    }
    const Scalar total = lam.head(m).sum();
    for (index_t k = 0; k < m; ++k) w += (lam(k) / total) * V.col(k).cwiseAbs2();
    if (kept) *kept = m;
    return w / w.sum();
}

/// A composite index of the indicator table X (rows economies, columns indicators).
/// @throws dimension_error (label sizes, fewer than 2 economies), domain_error (a non-finite
///         value naming economy and indicator; negative or all-zero user weights), key_error (a
///         user weight for an unknown indicator).
/// Complexity O(N K² + K³).
template <class Derived, class Scalar = typename Derived::Scalar>
composite_result<Scalar> composite_index(const Eigen::MatrixBase<Derived>& X,
                                         const std::vector<std::string>& indicators,
                                         const std::vector<std::string>& economies, const composite_options& opt = {}) {
    const char* fn = "composite_index";
    const index_t n = X.rows(), K = X.cols();
    detail::check_size(static_cast<index_t>(indicators.size()), K, fn, "indicator names");
    detail::check_size(static_cast<index_t>(economies.size()), n, fn, "economy names");
    if (n < 2) throw dimension_error(std::string(fn) + ": at least 2 economies are needed, got " + std::to_string(n));
    if (K < 1) throw dimension_error(std::string(fn) + ": no indicators");
    for (index_t k = 0; k < K; ++k)
        for (index_t i = 0; i < n; ++i)
            if (!std::isfinite(static_cast<double>(X(i, k))))
                throw domain_error(std::string(fn) + ": indicator '" + indicators[static_cast<std::size_t>(k)] +
                                   "' of '" + economies[static_cast<std::size_t>(i)] + "' is not finite (" +
                                   detail::to_string_full(X(i, k)) + ")");
    composite_result<Scalar> r;
    r.indicators = indicators;
    r.economies = economies;
    {
        const matrix_x<Scalar> C = correlation_matrix(X);
        r.eigenvalues = linalg::symmetric_eigen<Scalar>(C, false).values.reverse();
        const Scalar tr = r.eigenvalues.sum();
        r.explained_variance_share =
            tr > Scalar(0) ? vector_x<Scalar>(r.eigenvalues / tr) : vector_x<Scalar>(vector_x<Scalar>::Zero(K));
    }
    if (opt.method == composite_method::user) {
        r.weights = vector_x<Scalar>::Zero(K);
        for (const auto& [name, w] : opt.weights) {
            const auto it = std::find(indicators.begin(), indicators.end(), name);
            if (it == indicators.end())
                throw key_error(std::string(fn) + ": a weight is given for unknown indicator '" + name + "'");
            if (!(w >= 0) || !std::isfinite(w))
                throw domain_error(std::string(fn) + ": the weight of '" + name +
                                   "' must be finite and non-negative, got " + detail::to_string_full(w));
            r.weights(it - indicators.begin()) = static_cast<Scalar>(w);
        }
        if (!(r.weights.sum() > Scalar(0))) throw domain_error(std::string(fn) + ": the user weights are all zero");
        r.weights /= r.weights.sum();
        r.components_kept = 0;
    } else {
        r.weights = pca_weights(X, opt.method, static_cast<vector_x<Scalar>*>(nullptr), &r.components_kept);
    }
    r.scaled.resize(n, K);
    for (index_t k = 0; k < K; ++k) r.scaled.col(k) = minmax_scale(X.col(k));
    r.index = r.scaled * r.weights;
    r.index_100 = (Scalar(1) + Scalar(99) * r.index.array()).matrix();
    return r;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE composite_result<double>
composite_index<matrix_x<double>, double>(const Eigen::MatrixBase<matrix_x<double>>&, const std::vector<std::string>&,
                                          const std::vector<std::string>&, const composite_options&);
} // namespace unbundle
#endif
