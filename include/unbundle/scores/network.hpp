#pragma once
/// @file scores/network.hpp
/// Integration scores of a trade network: openness, partner concentration, network centrality
/// (eigenvector, PageRank), a principal-component composite, and network-level density,
/// reciprocity and clustering. Inputs are `trade_matrix` flows (rows exporters, columns
/// importers); domestic flows on the diagonal are ignored by every network measure.

#include "../core/trade_matrix.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace unbundle {

/// Options of the scores.
struct scores_options {
    double pagerank_damping = 0.85; ///< probability of following a trade link (Brin & Page)
    int max_iter = 10000;           ///< power iterations (centralities)
    double tol = 1e-13;             ///< L1 change of the centrality vector at convergence
};

/// Scores of each economy and of the network (see the member comments for the definitions).
template <class Scalar = double> struct integration_scores {
    economy_index economies;
    vector_x<Scalar> exports;   ///< Σ_{j≠i} X_ij
    vector_x<Scalar> imports;   ///< Σ_{j≠i} X_ji
    /// (exports + imports) / GDP; NaN where no GDP was given.
    vector_x<Scalar> openness;
    /// Herfindahl–Hirschman index Σ_j s_ij² of export-partner shares s_ij = X_ij / exports_i (0 without exports).
    vector_x<Scalar> export_hhi;
    /// HHI of import-source shares X_ji / imports_i.
    vector_x<Scalar> import_hhi;
    /// Perron vector of the symmetrised link weights W + Wᵀ (W = flows off the diagonal), sums to 1.
    vector_x<Scalar> eigenvector_centrality;
    /// PageRank with transitions along export shares (a walk follows trade from exporter to
    /// importer), damping `pagerank_damping`, uniform teleport; sums to 1. Economies without
    /// exports teleport uniformly.
    vector_x<Scalar> pagerank;
    /// First principal component of the standardised indicators (log exports, log imports,
    /// 1 − export HHI, 1 − import HHI, eigenvector centrality, PageRank, and openness when every
    /// economy has a GDP), oriented to load positively on log exports and rescaled to 0–100
    /// (min to max) as the KOF index is presented.
    vector_x<Scalar> composite;
    /// Weights of the indicators in the first component (unit length), in the order above.
    std::vector<std::string> composite_indicators;
    vector_x<Scalar> composite_loadings;
    /// Share of the variance of the standardised indicators that the first component explains.
    Scalar composite_explained = Scalar(0);
    Scalar density = Scalar(0);     ///< directed links X_ij > 0 (i ≠ j) / (N (N − 1))
    Scalar reciprocity = Scalar(0); ///< share of directed links whose reverse link exists
    /// Global clustering of the undirected binary network (i–j linked when X_ij + X_ji > 0):
    /// 3 × triangles / connected triples (Wasserman & Faust; Fagiolo 2007 for the directed case).
    Scalar clustering = Scalar(0);
    solver_info eigenvector_solver;
    solver_info pagerank_solver;
};

namespace detail {

/// Standardises a column (mean 0, standard deviation 1); a constant column becomes 0.
template <class Scalar> vector_x<Scalar> standardise(const vector_x<Scalar>& v) {
    const Scalar mean = v.mean();
    const Scalar sd = std::sqrt((v.array() - mean).square().sum() / Scalar(std::max<index_t>(1, v.size() - 1)));
    if (!(sd > Scalar(0))) return vector_x<Scalar>::Zero(v.size());
    return ((v.array() - mean) / sd).matrix();
}


/// Power iteration x ← step(x) until the L1 change is below opt.tol (at most opt.max_iter steps).
template <class Scalar, class Step>
vector_x<Scalar> power_iterate(Step&& step, vector_x<Scalar> x, const scores_options& opt, solver_info& info,
                               const char* what) {
    for (info.iterations = 1; info.iterations <= opt.max_iter; ++info.iterations) {
        vector_x<Scalar> next = step(x);
        info.residual = static_cast<double>((next - x).cwiseAbs().sum());
        x = next;
        if (info.residual < opt.tol) {
            info.converged = true;
            break;
        }
    }
    if (!info.converged) {
        info.iterations = opt.max_iter;
        info.message = std::string(what) + ": power iteration did not converge";
    }
    return x;
}

/// Eigenvector centrality: power iteration on S = W + Wᵀ (symmetric, non-negative), shifted by
/// the identity (S + I has the same Perron vector and no eigenvalue −ρ, so the iteration converges).
template <class Scalar>
vector_x<Scalar> eigenvector_centrality(const matrix_x<Scalar>& W, const scores_options& opt, solver_info& info) {
    using V = vector_x<Scalar>;
    const index_t N = W.rows();
    const matrix_x<Scalar> S = (W + W.transpose()) / W.sum();
    const auto step = [&](const V& c) {
        V next = S * c + c;
        next /= next.sum();
        return next;
    };
    return power_iterate(step, V(V::Constant(N, Scalar(1) / Scalar(N))), opt, info, "eigenvector centrality");
}

/// PageRank along export shares (dangling economies spread evenly), normalised to sum 1.
template <class Scalar>
vector_x<Scalar> pagerank(const matrix_x<Scalar>& W, const vector_x<Scalar>& exports, const scores_options& opt,
                          solver_info& info) {
    using V = vector_x<Scalar>;
    const index_t N = W.rows();
    const Scalar d = static_cast<Scalar>(opt.pagerank_damping);
    if (!(d >= Scalar(0) && d < Scalar(1)))
        throw domain_error("integration_scores: PageRank damping must lie in [0, 1), got " + to_string_full(d));
    const auto step = [&](const V& r) {
        Scalar dangling(0);
        V next = V::Zero(N);
        for (index_t i = 0; i < N; ++i) {
            if (exports(i) > Scalar(0))
                next += (d * r(i) / exports(i)) * W.row(i).transpose();
            else
                dangling += r(i);
        }
        next.array() += ((Scalar(1) - d) + d * dangling) / Scalar(N);
        return next;
    };
    const V r = power_iterate(step, V(V::Constant(N, Scalar(1) / Scalar(N))), opt, info, "PageRank");
    return r / r.sum();
}

/// Density, reciprocity and clustering of the binary graph of positive flows.
template <class Scalar> void binary_network_measures(const matrix_x<Scalar>& W, integration_scores<Scalar>& s) {
    using M = matrix_x<Scalar>;
    const index_t N = W.rows();
    index_t links = 0, mutual = 0;
    M U = M::Zero(N, N);
    for (index_t i = 0; i < N; ++i)
        for (index_t j = 0; j < N; ++j) {
            if (i == j) continue;
            if (W(i, j) > Scalar(0)) {
                ++links;
                if (W(j, i) > Scalar(0)) ++mutual;
            }
            if (W(i, j) > Scalar(0) || W(j, i) > Scalar(0)) U(i, j) = Scalar(1);
        }
    s.density = N > 1 ? Scalar(links) / Scalar(N * (N - 1)) : Scalar(0);
    s.reciprocity = links > 0 ? Scalar(mutual) / Scalar(links) : Scalar(0);
    const M U2 = U * U;
    const Scalar closed = (U2.cwiseProduct(U)).sum(); // 6 × triangles
    const vector_x<Scalar> deg = U.rowwise().sum();
    const Scalar triples = (deg.array() * (deg.array() - Scalar(1))).sum(); // 2 × connected triples
    s.clustering = triples > Scalar(0) ? closed / triples : Scalar(0);
}

/// Composite: first principal component of the standardised indicators, scaled to 0..100.
template <class Scalar> void composite_score(integration_scores<Scalar>& s, bool with_openness) {
    using V = vector_x<Scalar>;
    using M = matrix_x<Scalar>;
    const index_t N = s.exports.size();
    std::vector<V> cols;
    auto add = [&](const char* name, const V& v) {
        s.composite_indicators.emplace_back(name);
        cols.push_back(standardise<Scalar>(v));
    };
    add("log_exports", V(s.exports.array().max(Scalar(1e-300)).log()));
    add("log_imports", V(s.imports.array().max(Scalar(1e-300)).log()));
    add("export_diversification", V(Scalar(1) - s.export_hhi.array()));
    add("import_diversification", V(Scalar(1) - s.import_hhi.array()));
    add("eigenvector_centrality", s.eigenvector_centrality);
    add("pagerank", s.pagerank);
    if (with_openness) add("openness", s.openness);
    const index_t K = static_cast<index_t>(cols.size());
    M Zs(N, K);
    for (index_t k = 0; k < K; ++k) Zs.col(k) = cols[static_cast<std::size_t>(k)];
    const M C = Zs.transpose() * Zs / Scalar(std::max<index_t>(1, N - 1));
    Eigen::SelfAdjointEigenSolver<M> es(C);
    V w = es.eigenvectors().col(K - 1); // largest eigenvalue last
    if (w(0) < Scalar(0)) w = -w;
    const Scalar total = es.eigenvalues().sum();
    s.composite_explained = total > Scalar(0) ? es.eigenvalues()(K - 1) / total : Scalar(0);
    s.composite_loadings = w;
    V pc = Zs * w;
    const Scalar lo = pc.minCoeff(), hi = pc.maxCoeff();
    s.composite = hi > lo ? V((pc.array() - lo) / (hi - lo) * Scalar(100)) : V(V::Constant(N, Scalar(50)));
}

} // namespace detail

/// Computes the integration scores of a trade network.
/// @param gdp optional GDP of each economy (same order as `flows.economies()`), positive.
/// @throws dimension_error (gdp size), domain_error (non-positive GDP, a network without trade).
/// Complexity: O(N²) per power iteration, O(N·K²) for the composite.
template <class Scalar>
integration_scores<Scalar> integration_scores_of(const trade_matrix<Scalar>& flows,
                                                 const std::optional<vector_x<Scalar>>& gdp = std::nullopt,
                                                 const scores_options& opt = {}) {
    using V = vector_x<Scalar>;
    using M = matrix_x<Scalar>;
    const index_t N = flows.size();
    integration_scores<Scalar> s;
    s.economies = flows.economies();
    M W = flows.flows();
    W.diagonal().setZero();
    if (!(W.sum() > Scalar(0))) throw domain_error("integration_scores: the network has no international flows");
    s.exports = W.rowwise().sum();
    s.imports = W.colwise().sum().transpose();
    s.openness = V::Constant(N, std::numeric_limits<Scalar>::quiet_NaN());
    if (gdp) {
        detail::check_size(gdp->size(), N, "integration_scores", "gdp");
        for (index_t i = 0; i < N; ++i) {
            if (!((*gdp)(i) > Scalar(0)) || !std::isfinite(static_cast<double>((*gdp)(i))))
                throw domain_error("integration_scores: GDP of '" + s.economies[i] + "' must be positive and finite, got " +
                                   detail::to_string_full((*gdp)(i)));
            s.openness(i) = (s.exports(i) + s.imports(i)) / (*gdp)(i);
        }
    }
    s.export_hhi = V::Zero(N);
    s.import_hhi = V::Zero(N);
    for (index_t i = 0; i < N; ++i) {
        if (s.exports(i) > Scalar(0)) s.export_hhi(i) = (W.row(i) / s.exports(i)).squaredNorm();
        if (s.imports(i) > Scalar(0)) s.import_hhi(i) = (W.col(i) / s.imports(i)).squaredNorm();
    }
    s.eigenvector_centrality = detail::eigenvector_centrality(W, opt, s.eigenvector_solver);
    s.pagerank = detail::pagerank(W, s.exports, opt, s.pagerank_solver);
    detail::binary_network_measures(W, s);
    detail::composite_score(s, gdp.has_value());
    return s;
}

} // namespace unbundle
