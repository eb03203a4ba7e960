#pragma once
/// @file scores/bilateral.hpp
/// Bilateral integration indices of a trade matrix (rows exporters i, columns importers j,
/// diagonal domestic sales x_ii):
///
/// | index | formula | source |
/// |---|---|---|
/// | trade intensity | I_ij = (x_ij / X_i) / (M_j / M_w), off-diagonal flows only | Brown (1949), Kojima (1964) |
/// | Novy's tariff equivalent | τ_ij = ((x_ij x_ji) / (x_ii x_jj))^(−1/(2θ)) − 1 | Novy (2013, Econ. Inquiry) |
/// | Head–Ries freeness | φ_ij = ((x_ij x_ji) / (x_ii x_jj))^(1/2) | Head & Ries (2001, AER) |
///
/// X_i = Σ_{j≠i} x_ij (exports), M_j = Σ_{i≠j} x_ij (imports), M_w = Σ_{i≠j} x_ij (world trade).
/// θ is the trade elasticity (the partial elasticity of trade to trade costs, θ = σ − 1 in the
/// Armington model). Every function is templated on the matrix expression, so measure code can
/// call it on any Eigen matrix or block; the `trade_matrix` overloads carry the economy labels.
///
/// Treatments (no NaN is ever returned):
/// - intensity: 0 on the diagonal, and 0 in the row of an economy without exports or the column
///   of an economy without imports (there is no share to compare).
/// - τ and φ need positive domestic sales: `domain_error` naming the economy otherwise. A pair
///   that does not trade in both directions has φ = 0 and τ = +∞ (prohibitive costs; test with
///   `std::isinf`). The diagonal has τ = 0 and φ = 1.

#include "../config.hpp"
#include "../core/trade_matrix.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace unbundle {

namespace detail {

/// Throws domain_error unless every diagonal entry (domestic sales) is positive.
template <class Derived>
void check_domestic_positive(const Eigen::MatrixBase<Derived>& X, const char* func,
                             const std::vector<std::string>* names) {
    check_square(X, func, "flows");
    for (index_t i = 0; i < X.rows(); ++i)
        if (!(X(i, i) > 0) || !std::isfinite(static_cast<double>(X(i, i))))
            throw domain_error(std::string(func) + ": " + describe_index("economy", i, names) +
                               " needs positive domestic sales x_ii (the diagonal), got " + to_string_full(X(i, i)));
}

/// Throws domain_error on a negative or non-finite flow, naming exporter and importer.
template <class Derived>
void check_flows(const Eigen::MatrixBase<Derived>& X, const char* func, const std::vector<std::string>* names) {
    check_square(X, func, "flows");
    if (names) check_size(static_cast<index_t>(names->size()), X.rows(), func, "economy names");
    check_finite(X, func, "flows", names, names);
    check_nonnegative(X, func, "flows", names, names);
}

} // namespace detail

/// Trade intensity I_ij = (x_ij / X_i) / (M_j / M_w) of every pair (see the file comment).
/// Values above 1: i sends j more than j's weight in world imports.
/// @param X N x N flows (rows exporters, columns importers), non-negative; the diagonal is ignored.
/// @throws dimension_error (not square), domain_error (negative or non-finite flow, no world trade).
/// Complexity O(N²).
template <class Derived, class Scalar = typename Derived::Scalar>
matrix_x<Scalar> trade_intensity(const Eigen::MatrixBase<Derived>& X, const std::vector<std::string>* names = nullptr) {
    detail::check_flows(X, "trade_intensity", names);
    matrix_x<Scalar> W = X;
    W.diagonal().setZero();
    const vector_x<Scalar> ex = W.rowwise().sum();
    const vector_x<Scalar> im = W.colwise().sum().transpose();
    const Scalar world = ex.sum();
    if (!(world > Scalar(0))) throw domain_error("trade_intensity: the flows have no international trade");
    for (index_t j = 0; j < W.cols(); ++j)
        for (index_t i = 0; i < W.rows(); ++i)
            W(i, j) = (ex(i) > Scalar(0) && im(j) > Scalar(0)) ? (W(i, j) / ex(i)) * (world / im(j)) : Scalar(0);
    return W;
}

/// Head–Ries freeness of trade φ_ij = sqrt(x_ij x_ji / (x_ii x_jj)) (symmetric, 1 on the
/// diagonal, 0 where the pair does not trade both ways).
/// @throws domain_error when an economy has no domestic sales (naming it), or on bad flows.
template <class Derived, class Scalar = typename Derived::Scalar>
matrix_x<Scalar> head_ries_phi(const Eigen::MatrixBase<Derived>& X, const std::vector<std::string>* names = nullptr) {
    detail::check_flows(X, "head_ries_phi", names);
    detail::check_domestic_positive(X, "head_ries_phi", names);
    const index_t n = X.rows();
    matrix_x<Scalar> phi(n, n);
    for (index_t j = 0; j < n; ++j)
        for (index_t i = 0; i < n; ++i)
            phi(i, j) = i == j ? Scalar(1) : std::sqrt((X(i, j) / X(i, i)) * (X(j, i) / X(j, j)));
    return phi;
}

/// Novy's (2013) tariff equivalent τ_ij = φ_ij^(−1/θ) − 1 = ((x_ij x_ji)/(x_ii x_jj))^(−1/(2θ)) − 1:
/// the geometric average of the bilateral trade costs relative to domestic ones, as an ad-valorem
/// rate. Symmetric, invariant to scaling all flows, 0 where the pair trades with each other as much
/// as at home relative to size (x_ij x_ji = x_ii x_jj), +∞ where it does not trade both ways.
/// @param theta trade elasticity θ > 0 (5 is the `measure` default; σ − 1 in the Armington model).
/// @throws domain_error (θ ≤ 0, no domestic sales naming the economy, bad flows).
template <class Derived, class Scalar = typename Derived::Scalar>
matrix_x<Scalar> novy_tariff_equivalent(const Eigen::MatrixBase<Derived>& X, double theta,
                                        const std::vector<std::string>* names = nullptr) {
    if (!(theta > 0) || !std::isfinite(theta))
        throw domain_error("novy_tariff_equivalent: the trade elasticity theta must be positive and finite, got " +
                           detail::to_string_full(theta));
    const matrix_x<Scalar> phi = head_ries_phi(X, names);
    matrix_x<Scalar> tau(phi.rows(), phi.cols());
    const Scalar e = Scalar(-1.0 / theta);
    for (index_t j = 0; j < phi.cols(); ++j)
        for (index_t i = 0; i < phi.rows(); ++i)
            tau(i, j) = i == j ? Scalar(0)
                               : (phi(i, j) > Scalar(0) ? std::pow(phi(i, j), e) - Scalar(1)
                                                        : std::numeric_limits<Scalar>::infinity());
    return tau;
}

/// Labelled bilateral indices of a trade matrix.
template <class Scalar = double> struct bilateral_scores {
    economy_index economies;
    double theta = 5.0;         ///< trade elasticity used for τ
    matrix_x<Scalar> intensity; ///< trade intensity (always present)
    /// true when every economy has positive domestic sales, so that τ and φ are defined; else
    /// `novy_tau` and `head_ries_phi` are empty (0 x 0) and `missing_domestic` names the first
    /// economy without domestic sales.
    bool has_domestic = false;
    std::string missing_domestic;
    matrix_x<Scalar> novy_tau;      ///< Novy's τ (+∞ for pairs without two-way trade)
    matrix_x<Scalar> head_ries_phi; ///< Head–Ries φ
};

/// All bilateral indices of a trade matrix. τ and φ are computed when the diagonal (domestic
/// sales) is positive everywhere and omitted (flagged) otherwise — long trade data often hold no
/// domestic flows, and then these indices do not exist.
/// @throws domain_error (θ ≤ 0, no international trade).
template <class Scalar>
bilateral_scores<Scalar> bilateral_scores_of(const trade_matrix<Scalar>& flows, double theta = 5.0) {
    bilateral_scores<Scalar> b;
    b.economies = flows.economies();
    b.theta = theta;
    const auto* names = &flows.economies().codes();
    b.intensity = trade_intensity(flows.flows(), names);
    if (!(theta > 0) || !std::isfinite(theta))
        throw domain_error("bilateral_scores: the trade elasticity theta must be positive and finite, got " +
                           detail::to_string_full(theta));
    b.has_domestic = true;
    for (index_t i = 0; i < flows.size(); ++i)
        if (!(flows(i, i) > Scalar(0))) {
            b.has_domestic = false;
            b.missing_domestic = flows.economies()[i];
            break;
        }
    if (b.has_domestic) {
        b.head_ries_phi = head_ries_phi(flows.flows(), names);
        b.novy_tau = novy_tariff_equivalent(flows.flows(), theta, names);
    }
    return b;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE bilateral_scores<double> bilateral_scores_of<double>(const trade_matrix<double>&, double);
} // namespace unbundle
#endif
