#pragma once
/// @file scores/network.hpp
/// The world trade network, weighted and directed: degrees and strengths, average nearest-neighbour
/// degree, clustering (binary; weighted after Onnela et al. 2007; directed after Fagiolo 2007),
/// eigenvector centrality, PageRank, hub and authority scores (Kleinberg 1999), density,
/// reciprocity; and `integration_scores_of`, every economy and network score of a trade matrix in
/// one call (with openness, depth, breadth, market potential and a composite).
///
/// Inputs are link weights W (rows exporters i, columns importers j); the diagonal (domestic
/// sales) is ignored by every network measure. The centralities take a dense `matrix_x` or an
/// `Eigen::SparseMatrix` (large networks): they only multiply by W and Wᵀ (Lanczos for the
/// eigenvector, hub and authority scores, the power method for PageRank; O(links) per product),
/// never decompose an N x N matrix.
///
/// Disconnected networks (documented treatment, never NaN): the eigenvector centrality, hub and
/// authority scores are computed in Krylov spaces started from the uniform vector, so they are the
/// normalised projection of that vector on the leading eigenspace (the limit of the power method): components whose
/// spectral radius is below the largest get 0, components tied at the largest share the mass, an isolated economy gets
/// 0. PageRank is defined for any network (teleportation); economies without exports teleport
/// uniformly.

#include "../config.hpp"
#include "../core/trade_matrix.hpp"
#include "../detail/linalg.hpp"
#include "composite.hpp"
#include "economy.hpp"

#include <Eigen/SparseCore>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace unbundle {

/// Sparse link weights (column-major) for large networks.
template <class Scalar = double> using sparse_matrix_x = Eigen::SparseMatrix<Scalar>;

/// Options of the scores.
struct scores_options {
    double pagerank_damping = 0.85; ///< probability of following a trade link (Brin & Page)
    int max_iter = 10000;           ///< power iterations (centralities)
    double tol = 1e-13;             ///< L1 change of the centrality vector (normalised to sum 1) at convergence
};

namespace detail {

template <class Scalar> matrix_x<Scalar> off_diagonal(const matrix_x<Scalar>& W, const char* fn) {
    check_square(W, fn, "link weights");
    check_finite(W, fn, "link weights");
    check_nonnegative(W, fn, "link weights");
    matrix_x<Scalar> out = W;
    out.diagonal().setZero();
    return out;
}

template <class Scalar, int Opt, class Idx>
Eigen::SparseMatrix<Scalar, Opt, Idx> off_diagonal(const Eigen::SparseMatrix<Scalar, Opt, Idx>& W, const char* fn) {
    check_square(W, fn, "link weights");
    Eigen::SparseMatrix<Scalar, Opt, Idx> out = W;
    for (index_t k = 0; k < out.outerSize(); ++k)
        for (typename Eigen::SparseMatrix<Scalar, Opt, Idx>::InnerIterator it(out, k); it; ++it)
            if (!(it.value() >= Scalar(0)) || !std::isfinite(static_cast<double>(it.value())))
                throw domain_error(std::string(fn) + ": link weights must be finite and non-negative but is " +
                                   to_string_full(it.value()) + " at row " + std::to_string(it.row()) + ", column " +
                                   std::to_string(it.col()));
    out.prune([](index_t r, index_t c, const Scalar&) { return r != c; });
    return out;
}

template <class Scalar> Scalar total_weight(const matrix_x<Scalar>& W) { return W.sum(); }
template <class Scalar, int Opt, class Idx> Scalar total_weight(const Eigen::SparseMatrix<Scalar, Opt, Idx>& W) {
    return W.sum();
}

/// Perron vector of a symmetric non-negative operator (`apply` computes A x) by the Lanczos method
/// with full reorthogonalisation and explicit restarts from the Ritz vector (Golub & Van Loan,
/// ch. 10): Krylov spaces of at most `krylov` vectors started from the uniform vector, so the result
/// is the normalised projection of that vector on the leading eigenspace (the limit of the power
/// iteration, at a rate set by the square root of the spectral gap rather than the gap itself).
/// `info.iterations` counts products with A; `info.residual` is ‖A x / θ − x‖₁ for x ≥ 0 summing to 1.
/// A cycle ends early once the Ritz estimate of that residual (√n β_m |y_m| / (θ |1'x̃|)) is below
/// tol / 4. Round-off floor: when a cycle that ended on that estimate (or on an invariant subspace)
/// no longer lowers the residual of the previous restart by half, the iteration
/// stops there; it counts as converged, with a message saying so, when that floor is below
/// 1000 × tol (large operators such as Wᵀ W of a 100,000-node network sit at a few 1e-13), and as
/// not converged otherwise.
template <class Scalar, class Apply>
vector_x<Scalar> lanczos_perron(index_t n, Apply apply, const scores_options& opt, solver_info& info, const char* what,
                                index_t krylov = 40) {
    using V = vector_x<Scalar>;
    using M = matrix_x<Scalar>;
    info = {};
    V x = V::Constant(n, Scalar(1) / Scalar(n));
    if (n == 0) {
        info.converged = true;
        return x;
    }
    const index_t m_max = std::max<index_t>(1, std::min<index_t>(krylov, n));
    M Q(n, m_max + 1);
    V w(n), h(m_max + 1), alpha(m_max), beta(m_max);
    int products = 0;
    const auto residual_of = [&](const V& v, const V& Av, Scalar theta) {
        return static_cast<double>((Av / theta - v).cwiseAbs().sum());
    };
    V qsum(m_max + 1); // column sums of Q (the sum of a Ritz vector without forming it)
    const auto tridiagonal = [&](index_t m) {
        M T = M::Zero(m, m);
        for (index_t k = 0; k < m; ++k) {
            T(k, k) = alpha(k);
            if (k + 1 < m) T(k, k + 1) = T(k + 1, k) = beta(k);
        }
        return T;
    };
    const Scalar sqrt_n = std::sqrt(static_cast<Scalar>(n));
    double previous = std::numeric_limits<double>::infinity();
    while (products < opt.max_iter) {
        Q.col(0) = x / x.norm();
        qsum(0) = Q.col(0).sum();
        index_t m = 0;
        bool settled = false; // the cycle ended on its Ritz estimate or an invariant subspace
        for (; m < m_max && products < opt.max_iter; ++m) {
            w = apply(V(Q.col(m)));
            ++products;
            // three-term recurrence, then one Gram–Schmidt pass against every Lanczos vector
            alpha(m) = Q.col(m).dot(w);
            w -= alpha(m) * Q.col(m);
            if (m > 0) w -= beta(m - 1) * Q.col(m - 1);
            h.head(m + 1).noalias() = Q.leftCols(m + 1).transpose() * w;
            w.noalias() -= Q.leftCols(m + 1) * h.head(m + 1);
            alpha(m) += h(m);
            beta(m) = w.norm();
            if (!(beta(m) > Scalar(1e-13) * std::max(std::abs(alpha(m)), Scalar(1e-300)))) {
                ++m; // invariant subspace: the Ritz values are exact
                settled = true;
                break;
            }
            Q.col(m + 1) = w / beta(m);
            qsum(m + 1) = Q.col(m + 1).sum();
            // Ritz estimate of the L1 residual of the normalised Ritz vector: end the cycle early
            const auto et = linalg::symmetric_eigen<Scalar>(tridiagonal(m + 1));
            const Scalar th = et.values(m);
            const Scalar sum = qsum.head(m + 1).dot(et.vectors.col(m));
            if (th > Scalar(0) && std::abs(sum) > Scalar(0) &&
                sqrt_n * beta(m) * std::abs(et.vectors(m, m)) / (th * std::abs(sum)) < Scalar(opt.tol / 4)) {
                ++m;
                settled = true;
                break;
            }
        }
        // Ritz pair of the largest eigenvalue of the m x m tridiagonal matrix
        const auto es = linalg::symmetric_eigen<Scalar>(tridiagonal(m));
        const index_t top = m - 1;
        const Scalar theta = es.values(top);
        x = Q.leftCols(m) * es.vectors.col(top);
        if (x.sum() < Scalar(0)) x = -x;
        x = x.cwiseMax(Scalar(0)); // the Perron vector is non-negative; drop round-off below 0
        const Scalar sx = x.sum();
        if (!(theta > Scalar(0)) || !(sx > Scalar(0))) { // no links at all
            x = V::Constant(n, Scalar(1) / Scalar(n));
            info.iterations = products;
            info.converged = true;
            info.message = std::string(what) + ": the network has no links";
            return x;
        }
        x /= sx;
        const V Ax = apply(x);
        ++products;
        info.iterations = products;
        info.residual = residual_of(x, Ax, theta);
        if (info.residual < opt.tol) {
            info.converged = true;
            return x;
        }
        if (settled &&
            !(info.residual < 0.5 * previous)) { // converged in exact arithmetic, no progress: round-off floor
            info.converged = info.residual < 1000 * opt.tol;
            info.message = std::string(what) + ": the residual stopped at its round-off floor " +
                           to_string_full(info.residual) + " (tolerance " + to_string_full(opt.tol) + ") after " +
                           std::to_string(products) + " operator products";
            return x;
        }
        previous = info.residual;
    }
    info.message = std::string(what) + ": Lanczos did not converge in " + std::to_string(opt.max_iter) +
                   " operator products (L1 residual " + to_string_full(info.residual) + ")";
    return x;
}

} // namespace detail

/// Eigenvector centrality (Bonacich 1972): the Perron vector of the symmetrised weights W + Wᵀ
/// (diagonal ignored), normalised to sum 1, by the Lanczos method (`detail::lanczos_perron`: Krylov
/// spaces of 40 vectors from the uniform vector, explicit restarts; bipartite networks need no
/// shift since Lanczos targets the largest algebraic eigenvalue).
/// @param W dense `matrix_x` or `Eigen::SparseMatrix`, N x N, non-negative.
/// @param info receives {converged, iterations, residual}; non-convergence is reported, not thrown.
/// Complexity O(links) per iteration.
template <class Mat, class Scalar = typename Mat::Scalar>
vector_x<Scalar> eigenvector_centrality(const Mat& W, const scores_options& opt = {}, solver_info* info = nullptr) {
    const auto Wo = detail::off_diagonal(W, "eigenvector_centrality");
    const index_t n = Wo.rows();
    const Scalar tot = Scalar(2) * detail::total_weight(Wo);
    const Scalar scale = tot > Scalar(0) ? Scalar(n) / tot : Scalar(1); // mean strength 1
    solver_info local;
    vector_x<Scalar> y(n);
    const vector_x<Scalar> c = detail::lanczos_perron<Scalar>(
        n,
        [&](const vector_x<Scalar>& x) { // (W + Wᵀ) x without forming the sum
            y.noalias() = Wo * x;
            y.noalias() += Wo.transpose() * x;
            return vector_x<Scalar>(scale * y);
        },
        opt, info ? *info : local, "eigenvector centrality");
    return c;
}

/// PageRank (Brin & Page 1998) of the walk that follows export shares W_ij / Σ_j W_ij with
/// probability d and teleports uniformly otherwise; economies without exports teleport. Sums to 1.
/// @throws domain_error (damping outside [0, 1), bad weights).
template <class Mat, class Scalar = typename Mat::Scalar>
vector_x<Scalar> pagerank(const Mat& W, const scores_options& opt = {}, solver_info* info = nullptr) {
    const auto d = static_cast<Scalar>(opt.pagerank_damping);
    if (!(d >= Scalar(0) && d < Scalar(1)))
        throw domain_error("pagerank: the damping must lie in [0, 1), got " + detail::to_string_full(d));
    const auto Wo = detail::off_diagonal(W, "pagerank");
    const index_t n = Wo.rows();
    const vector_x<Scalar> out = Wo * vector_x<Scalar>::Ones(n);
    vector_x<Scalar> inv(n);
    for (index_t i = 0; i < n; ++i) inv(i) = out(i) > Scalar(0) ? Scalar(1) / out(i) : Scalar(0);
    solver_info local;
    solver_info& inf = info ? *info : local;
    inf = {};
    vector_x<Scalar> r = vector_x<Scalar>::Constant(n, Scalar(1) / Scalar(n));
    vector_x<Scalar> next(n), y(n);
    for (inf.iterations = 1; inf.iterations <= opt.max_iter; ++inf.iterations) {
        Scalar dangling(0);
        for (index_t i = 0; i < n; ++i) {
            y(i) = r(i) * inv(i);
            if (!(out(i) > Scalar(0))) dangling += r(i);
        }
        next.noalias() = Wo.transpose() * y;
        next *= d;
        next.array() += ((Scalar(1) - d) + d * dangling) / Scalar(n);
        next /= next.sum();
        inf.residual = static_cast<double>((next - r).cwiseAbs().sum());
        r.swap(next);
        if (inf.residual < opt.tol) {
            inf.converged = true;
            return r;
        }
    }
    inf.iterations = opt.max_iter;
    inf.message = "PageRank: power iteration did not converge in " + std::to_string(opt.max_iter) + " iterations";
    return r;
}

/// Hub and authority scores (Kleinberg 1999, HITS) of a weighted directed network.
template <class Scalar = double> struct hits_result {
    vector_x<Scalar> hub;       ///< Perron vector of W Wᵀ, sums to 1 (good exporters to good importers)
    vector_x<Scalar> authority; ///< Perron vector of Wᵀ W, sums to 1 (importers from good exporters)
    solver_info hub_solver, authority_solver;
};

/// Hub and authority scores, each by its own Lanczos iteration (on W Wᵀ and Wᵀ W) from the uniform
/// vector (so that a symmetric network gives identical hubs and authorities, as it should).
template <class Mat, class Scalar = typename Mat::Scalar>
hits_result<Scalar> hits(const Mat& W, const scores_options& opt = {}) {
    const auto Wo = detail::off_diagonal(W, "hits");
    const index_t n = Wo.rows();
    const Scalar tot = detail::total_weight(Wo);
    const Scalar scale = tot > Scalar(0) ? Scalar(n) / tot : Scalar(1);
    hits_result<Scalar> h;
    h.authority = detail::lanczos_perron<Scalar>(
        n,
        [&](const vector_x<Scalar>& x) {
            const vector_x<Scalar> t = scale * (Wo * x);
            return vector_x<Scalar>(scale * (Wo.transpose() * t));
        },
        opt, h.authority_solver, "authority");
    h.hub = detail::lanczos_perron<Scalar>(
        n,
        [&](const vector_x<Scalar>& x) {
            const vector_x<Scalar> t = scale * (Wo.transpose() * x);
            return vector_x<Scalar>(scale * (Wo * t));
        },
        opt, h.hub_solver, "hub");
    return h;
}

/// Local structure of a (dense) trade network: degrees, strengths, nearest-neighbour degree and
/// clustering coefficients of each economy, and network-level density, reciprocity, clustering.
template <class Scalar = double> struct network_structure {
    vector_x<Scalar> out_degree;   ///< #{j ≠ i : W_ij > 0} (export partners)
    vector_x<Scalar> in_degree;    ///< #{j ≠ i : W_ji > 0} (import sources)
    vector_x<Scalar> out_strength; ///< Σ_j W_ij (exports)
    vector_x<Scalar> in_strength;  ///< Σ_j W_ji (imports)
    /// Undirected binary degree k_i (i–j linked when W_ij + W_ji > 0).
    vector_x<Scalar> degree;
    /// Average nearest-neighbour degree k_nn,i = Σ_j a_ij k_j / k_i (undirected; 0 when isolated).
    vector_x<Scalar> knn;
    /// Binary clustering (A³)_ii / (k_i (k_i − 1)) of the undirected graph; 0 when k_i < 2.
    vector_x<Scalar> clustering_binary;
    /// Onnela et al. (2007): (Ŵ^[1/3])³_ii / (k_i (k_i − 1)), Ŵ = (W + Wᵀ) / max (undirected weights);
    /// 1 in a complete network with equal weights; 0 when k_i < 2.
    vector_x<Scalar> clustering_weighted;
    /// Fagiolo (2007) total directed weighted clustering:
    /// [(Ŵ^[1/3] + Ŵ^[1/3]ᵀ)³]_ii / (2 [d_i^tot (d_i^tot − 1) − 2 d_i^↔]), Ŵ = W / max W,
    /// d^tot = in + out degree, d^↔ = reciprocated links; 0 when the denominator is 0.
    vector_x<Scalar> clustering_directed;
    Scalar density = Scalar(0);     ///< directed links W_ij > 0 (i ≠ j) / (N (N − 1))
    Scalar reciprocity = Scalar(0); ///< share of directed links whose reverse link exists
    /// Global clustering of the undirected binary network: 3 × triangles / connected triples.
    Scalar clustering = Scalar(0);
};

/// Degrees, strengths, k_nn and clustering of a dense network. Complexity O(N³) (three N x N products).
template <class Scalar> network_structure<Scalar> network_structure_of(const matrix_x<Scalar>& W_in) {
    using M = matrix_x<Scalar>;
    using V = vector_x<Scalar>;
    const M W = detail::off_diagonal(W_in, "network_structure");
    const index_t n = W.rows();
    network_structure<Scalar> s;
    const M A = (W.array() > Scalar(0)).template cast<Scalar>();
    const M U = ((W + W.transpose()).array() > Scalar(0)).template cast<Scalar>();
    s.out_degree = A.rowwise().sum();
    s.in_degree = A.colwise().sum().transpose();
    s.out_strength = W.rowwise().sum();
    s.in_strength = W.colwise().sum().transpose();
    s.degree = U.rowwise().sum();
    const V Uk = U * s.degree;
    const M U2 = U * U;
    const V tri = U2.cwiseProduct(U).rowwise().sum(); // (U³)_ii = 2 × triangles at i
    s.knn = V::Zero(n);
    s.clustering_binary = V::Zero(n);
    s.clustering_weighted = V::Zero(n);
    s.clustering_directed = V::Zero(n);
    const M Wu = W + W.transpose();
    const Scalar wmax = Wu.maxCoeff();
    M Wc = wmax > Scalar(0) ? M((Wu / wmax).unaryExpr([](Scalar v) { return std::cbrt(v); })) : M(M::Zero(n, n));
    const V wtri = (Wc * Wc).cwiseProduct(Wc).rowwise().sum(); // Wc symmetric: (Wc³)_ii
    const Scalar dmax = W.maxCoeff();
    M D = dmax > Scalar(0) ? M((W / dmax).unaryExpr([](Scalar v) { return std::cbrt(v); })) : M(M::Zero(n, n));
    const M Q = D + D.transpose();
    const V dtri = (Q * Q).cwiseProduct(Q).rowwise().sum(); // Q symmetric
    const V recip = A.cwiseProduct(A.transpose()).rowwise().sum();
    for (index_t i = 0; i < n; ++i) {
        const Scalar k = s.degree(i);
        if (k > Scalar(0)) s.knn(i) = Uk(i) / k;
        if (k > Scalar(1)) {
            s.clustering_binary(i) = tri(i) / (k * (k - Scalar(1)));
            s.clustering_weighted(i) = wtri(i) / (k * (k - Scalar(1)));
        }
        const Scalar dt = s.out_degree(i) + s.in_degree(i);
        const Scalar den = Scalar(2) * (dt * (dt - Scalar(1)) - Scalar(2) * recip(i));
        if (den > Scalar(0)) s.clustering_directed(i) = dtri(i) / den;
    }
    const Scalar links = A.sum(), mutual = recip.sum();
    s.density = n > 1 ? links / Scalar(n * (n - 1)) : Scalar(0);
    s.reciprocity = links > Scalar(0) ? mutual / links : Scalar(0);
    const Scalar triples = (s.degree.array() * (s.degree.array() - Scalar(1))).sum();
    s.clustering = triples > Scalar(0) ? tri.sum() / triples : Scalar(0);
    return s;
}

/// Every economy and network score of a trade matrix (see the member comments).
template <class Scalar = double> struct integration_scores {
    economy_index economies;
    vector_x<Scalar> exports; ///< Σ_{j≠i} X_ij
    vector_x<Scalar> imports; ///< Σ_{j≠i} X_ji
    /// (exports + imports) / GDP; absent (nullopt) without GDP.
    std::optional<vector_x<Scalar>> openness;
    /// exports / GDP (DHL depth); absent without GDP.
    std::optional<vector_x<Scalar>> depth;
    /// Harris market potential Σ_{j≠i} GDP_j / d_ij; absent without GDP and distances.
    std::optional<vector_x<Scalar>> market_potential;
    /// DHL breadth of exports (`dhl_breadth`).
    vector_x<Scalar> breadth;
    /// HHI of export-partner shares (0 without exports) and its normalisation over N − 1 partners.
    vector_x<Scalar> export_hhi, export_hhi_normalised;
    /// HHI of import-source shares and its normalisation.
    vector_x<Scalar> import_hhi, import_hhi_normalised;
    /// Theil index of export partners (over N − 1 partners).
    vector_x<Scalar> partner_theil;
    vector_x<Scalar> eigenvector_centrality; ///< see `eigenvector_centrality`
    vector_x<Scalar> pagerank;               ///< see `pagerank`
    vector_x<Scalar> hub, authority;         ///< see `hits`
    network_structure<Scalar> network;       ///< degrees, k_nn, clustering, density, reciprocity
    /// Composite (1–100): PCA weights (first component of the correlation matrix) of the
    /// indicators log exports, log imports, 1 − export HHI, 1 − import HHI, eigenvector centrality,
    /// PageRank and, with GDP, openness (`composite_index`, method pca).
    vector_x<Scalar> composite;
    std::vector<std::string> composite_indicators;
    vector_x<Scalar> composite_weights;     ///< adding up to 1
    Scalar composite_explained = Scalar(0); ///< variance share of the first component
    solver_info eigenvector_solver, pagerank_solver, hub_solver, authority_solver;
    /// Shortcuts to `network`.
    Scalar density = Scalar(0), reciprocity = Scalar(0), clustering = Scalar(0);
};

/// Computes every economy and network score of a trade matrix.
/// @param gdp optional GDP of each economy (same order as `flows.economies()`), positive.
/// @param distance optional N x N distances (positive off the diagonal) for Harris market potential (with GDP).
/// @throws dimension_error (sizes), domain_error (non-positive GDP naming the economy; an economy
///         with no international trade, naming it; a network without trade).
/// Complexity O(N³) for the clustering, O(N²) per power iteration, O(N K²) for the composite.
template <class Scalar>
integration_scores<Scalar>
integration_scores_of(const trade_matrix<Scalar>& flows, const std::optional<vector_x<Scalar>>& gdp = std::nullopt,
                      const scores_options& opt = {}, const std::optional<matrix_x<Scalar>>& distance = std::nullopt) {
    using V = vector_x<Scalar>;
    using M = matrix_x<Scalar>;
    const char* fn = "integration_scores";
    const index_t N = flows.size();
    const auto* names = &flows.economies().codes();
    integration_scores<Scalar> s;
    s.economies = flows.economies();
    M W = flows.flows();
    W.diagonal().setZero();
    if (!(W.sum() > Scalar(0))) throw domain_error("integration_scores: the network has no international flows");
    s.exports = W.rowwise().sum();
    s.imports = W.colwise().sum().transpose();
    detail::check_every_economy_trades(s.exports, s.imports, fn, names);
    if (gdp) {
        s.openness = openness(flows.flows(), *gdp, names);
        s.depth = depth(flows.flows(), *gdp, names);
        if (distance) s.market_potential = harris_market_potential(*gdp, *distance, names);
    }
    s.breadth = dhl_breadth(W, names);
    s.export_hhi = V::Zero(N);
    s.import_hhi = V::Zero(N);
    s.export_hhi_normalised = V::Zero(N);
    s.import_hhi_normalised = V::Zero(N);
    s.partner_theil = V::Zero(N);
    for (index_t i = 0; i < N; ++i) {
        s.export_hhi(i) = hhi(W.row(i));
        s.import_hhi(i) = hhi(W.col(i));
        s.export_hhi_normalised(i) = hhi_normalised(W.row(i), N - 1);
        s.import_hhi_normalised(i) = hhi_normalised(W.col(i), N - 1);
        // Theil over the N − 1 partners (the own cell is excluded)
        V partners(N - 1);
        for (index_t j = 0, k = 0; j < N; ++j)
            if (j != i) partners(k++) = W(i, j);
        s.partner_theil(i) = theil(partners);
    }
    s.eigenvector_centrality = eigenvector_centrality(W, opt, &s.eigenvector_solver);
    s.pagerank = pagerank(W, opt, &s.pagerank_solver);
    {
        hits_result<Scalar> h = hits(W, opt);
        s.hub = std::move(h.hub);
        s.authority = std::move(h.authority);
        s.hub_solver = h.hub_solver;
        s.authority_solver = h.authority_solver;
    }
    s.network = network_structure_of(W);
    s.density = s.network.density;
    s.reciprocity = s.network.reciprocity;
    s.clustering = s.network.clustering;
    {
        std::vector<V> cols;
        auto add = [&](const char* name, const V& v) {
            s.composite_indicators.emplace_back(name);
            cols.push_back(v);
        };
        add("log_exports", V(s.exports.array().max(std::numeric_limits<Scalar>::min()).log()));
        add("log_imports", V(s.imports.array().max(std::numeric_limits<Scalar>::min()).log()));
        add("export_diversification", V(Scalar(1) - s.export_hhi.array()));
        add("import_diversification", V(Scalar(1) - s.import_hhi.array()));
        add("eigenvector_centrality", s.eigenvector_centrality);
        add("pagerank", s.pagerank);
        if (s.openness) add("openness", *s.openness);
        const auto K = static_cast<index_t>(cols.size());
        M T(N, K);
        for (index_t k = 0; k < K; ++k) T.col(k) = cols[static_cast<std::size_t>(k)];
        if (N >= 2) {
            const composite_result<Scalar> c = composite_index(T, s.composite_indicators, flows.economies().codes());
            s.composite = c.index_100;
            s.composite_weights = c.weights;
            s.composite_explained = c.explained_variance_share(0);
        } else {
            s.composite = V::Constant(N, Scalar(50.5));
            s.composite_weights = V::Constant(K, Scalar(1) / Scalar(K));
        }
    }
    return s;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE vector_x<double>
eigenvector_centrality<matrix_x<double>, double>(const matrix_x<double>&, const scores_options&, solver_info*);
UNBUNDLE_EXTERN_TEMPLATE vector_x<double> pagerank<matrix_x<double>, double>(const matrix_x<double>&,
                                                                             const scores_options&, solver_info*);
UNBUNDLE_EXTERN_TEMPLATE hits_result<double> hits<matrix_x<double>, double>(const matrix_x<double>&,
                                                                            const scores_options&);
UNBUNDLE_EXTERN_TEMPLATE network_structure<double> network_structure_of<double>(const matrix_x<double>&);
UNBUNDLE_EXTERN_TEMPLATE integration_scores<double>
integration_scores_of<double>(const trade_matrix<double>&, const std::optional<vector_x<double>>&,
                              const scores_options&, const std::optional<matrix_x<double>>&);
} // namespace unbundle
#endif
