#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/trade_panel_reader.hpp>
#include <unbundle/scores/network.hpp>

#include <cmath>
#include <random>

TEST_CASE("scores: a complete symmetric network scores every economy alike") {
    unbundle::matrix_d X = unbundle::matrix_d::Constant(3, 3, 5.0);
    X.diagonal().setConstant(100.0); // domestic flows are ignored
    const unbundle::trade_matrix<double> t({"A", "B", "C"}, X);
    unbundle::vector_d gdp(3);
    gdp << 100, 50, 20;
    const auto s = unbundle::integration_scores_of(t, std::optional<unbundle::vector_d>(gdp));
    CHECK(s.eigenvector_solver.converged);
    CHECK(s.pagerank_solver.converged);
    for (int i = 0; i < 3; ++i) {
        CHECK(s.eigenvector_centrality(i) == doctest::Approx(1.0 / 3).epsilon(1e-12));
        CHECK(s.pagerank(i) == doctest::Approx(1.0 / 3).epsilon(1e-12));
        CHECK(s.export_hhi(i) == doctest::Approx(0.5).epsilon(1e-14)); // two partners, equal shares
    }
    REQUIRE(s.openness);
    CHECK((*s.openness)(0) == doctest::Approx(0.2));
    CHECK((*s.openness)(2) == doctest::Approx(1.0));
    CHECK((*s.depth)(2) == doctest::Approx(0.5));
    CHECK_FALSE(s.market_potential); // no distances given
    CHECK(s.density == 1.0);
    CHECK(s.reciprocity == 1.0);
    CHECK(s.clustering == 1.0);
    // the composite ranks by openness, the only indicator that differs
    CHECK(s.composite(2) == doctest::Approx(100.0));
    CHECK(s.composite(0) == doctest::Approx(1.0));
    CHECK(s.composite_weights(6) == doctest::Approx(1.0)); // all weight on openness
}

TEST_CASE("scores: a star network matches the closed forms") {
    // hub H trades 1 each way with A, B, C; no links among the spokes
    unbundle::matrix_d X = unbundle::matrix_d::Zero(4, 4);
    for (int k = 1; k < 4; ++k) X(0, k) = X(k, 0) = 1.0;
    const unbundle::trade_matrix<double> t({"H", "A", "B", "C"}, X);
    const auto s = unbundle::integration_scores_of(t);
    // Perron vector of the star K(1,3): hub √3 times each leaf
    CHECK(s.eigenvector_centrality(0) == doctest::Approx(std::sqrt(3.0) / (std::sqrt(3.0) + 3.0)).epsilon(1e-10));
    CHECK(s.eigenvector_centrality(1) == doctest::Approx(1.0 / (std::sqrt(3.0) + 3.0)).epsilon(1e-10));
    // PageRank of the hub: (1 + 3d) / (N (1 + d))
    const double d = 0.85;
    CHECK(s.pagerank(0) == doctest::Approx((1 + 3 * d) / (4 * (1 + d))).epsilon(1e-10));
    CHECK(s.pagerank.sum() == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(s.export_hhi(0) == doctest::Approx(1.0 / 3).epsilon(1e-14));
    CHECK(s.export_hhi(1) == 1.0);
    CHECK(s.density == doctest::Approx(0.5));
    CHECK(s.reciprocity == 1.0);
    CHECK(s.clustering == 0.0); // no triangles
    CHECK_FALSE(s.openness);    // omitted without GDP, never NaN
    CHECK_FALSE(s.depth);
    CHECK(s.composite.maxCoeff() == doctest::Approx(100.0));
    CHECK(s.composite(0) == doctest::Approx(100.0)); // the hub is the most integrated
    CHECK(s.composite_weights.sum() == doctest::Approx(1.0));
    // k_nn: the hub's neighbours have degree 1, the leaves' neighbour degree 3
    CHECK(s.network.knn(0) == 1.0);
    CHECK(s.network.knn(1) == 3.0);
    CHECK(s.network.out_degree(0) == 3.0);
    CHECK(s.network.in_degree(2) == 1.0);
    CHECK(s.network.clustering_weighted.isZero());
    // symmetric network: hub and authority coincide
    CHECK(unbundle::test::is_approx(s.hub, s.authority, 1e-12));
}

TEST_CASE("scores: one-way links, dangling economies and bad input") {
    unbundle::matrix_d X = unbundle::matrix_d::Zero(3, 3);
    X(0, 1) = 4.0; // A -> B only
    X(1, 2) = 2.0; // B -> C only; C exports nothing (dangling in PageRank)
    const unbundle::trade_matrix<double> t({"A", "B", "C"}, X);
    const auto s = unbundle::integration_scores_of(t);
    CHECK(s.reciprocity == 0.0);
    CHECK(s.density == doctest::Approx(2.0 / 6.0));
    CHECK(s.pagerank.sum() == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(s.pagerank(2) > s.pagerank(1)); // flows end in C
    CHECK(s.pagerank(1) > s.pagerank(0));
    CHECK(s.import_hhi(0) == 0.0); // no imports
    CHECK(s.network.out_degree(0) == 1.0);
    CHECK(s.network.in_degree(0) == 0.0);
    CHECK(s.network.out_strength(1) == 2.0);
    CHECK(s.hub(2) == doctest::Approx(0.0).scale(1));       // C points nowhere
    CHECK(s.authority(0) == doctest::Approx(0.0).scale(1)); // nobody points to A
    const unbundle::trade_matrix<double> none({"A", "B"}, unbundle::matrix_d::Identity(2, 2));
    CHECK_THROWS_AS(unbundle::integration_scores_of(none), unbundle::domain_error);
    unbundle::vector_d gdp(3);
    gdp << 1, 0, 1;
    CHECK_THROWS_WITH_AS(unbundle::integration_scores_of(t, std::optional<unbundle::vector_d>(gdp)),
                         doctest::Contains("GDP of 'B'"), unbundle::domain_error);
    unbundle::matrix_d Y = unbundle::matrix_d::Zero(4, 4);
    Y(0, 1) = Y(1, 0) = Y(1, 2) = 1; // D trades with nobody
    CHECK_THROWS_WITH_AS(unbundle::integration_scores_of(unbundle::trade_matrix<double>({"A", "B", "C", "D"}, Y)),
                         doctest::Contains("economy 'D' has no international trade"), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::integration_scores_of(t, std::optional<unbundle::vector_d>(unbundle::vector_d::Ones(2))),
                    unbundle::dimension_error);
}

TEST_CASE("scores: the gegravity sample network" *
          doctest::skip(!unbundle::test::has_data("gegravity/sample_data_set.csv"))) {
    UNBUNDLE_REQUIRE_DATA(path, "gegravity/sample_data_set.csv");
    const auto p = unbundle::read_trade_panel(path.string(), {"exporter", "importer", "trade", "year"});
    const auto m = p.to_matrix(2006);
    const auto s = unbundle::integration_scores_of(m);
    // identities: world exports = world imports; centralities are distributions
    CHECK(s.exports.sum() == doctest::Approx(s.imports.sum()).epsilon(1e-12));
    CHECK(s.eigenvector_centrality.sum() == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(s.pagerank.sum() == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(s.density > 0.9); // nearly complete among 30 large traders
    CHECK(s.reciprocity <= 1.0);
    // the largest trader (exports + imports) is also the most central by eigenvector
    Eigen::Index big, central;
    unbundle::vector_d(s.exports + s.imports).maxCoeff(&big);
    s.eigenvector_centrality.maxCoeff(&central);
    CHECK(p.economies()[big] == p.economies()[central]);
}

namespace {
unbundle::matrix_d random_network(int n, unsigned seed, double p_zero, bool symmetric) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    unbundle::matrix_d W = unbundle::matrix_d::Zero(n, n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j && (!symmetric || j > i) && u(rng) >= p_zero) W(i, j) = u(rng);
    if (symmetric) W += unbundle::matrix_d(W.transpose());
    return W;
}
unbundle::sparse_matrix_x<double> to_sparse(const unbundle::matrix_d& W) { return W.sparseView(); }
} // namespace

TEST_CASE("scores: PageRank sums to 1 - dense and sparse agree") {
    const unbundle::matrix_d W = random_network(40, 11, 0.7, false);
    unbundle::solver_info info;
    const unbundle::vector_d r = unbundle::pagerank(W, {}, &info);
    CHECK(info.converged);
    CHECK(r.sum() == doctest::Approx(1.0).epsilon(1e-14));
    CHECK((r.array() > 0).all());
    const unbundle::vector_d rs = unbundle::pagerank(to_sparse(W));
    CHECK(unbundle::test::is_approx(rs, r, 1e-13));
    const unbundle::vector_d e = unbundle::eigenvector_centrality(W);
    const unbundle::vector_d es = unbundle::eigenvector_centrality(to_sparse(W));
    CHECK(unbundle::test::is_approx(es, e, 1e-12));
    // the Perron equation (W + Wᵀ) e = λ e
    const unbundle::vector_d Se = (W + W.transpose()) * e;
    const double lambda = Se.sum() / e.sum();
    CHECK(unbundle::test::is_approx(Se, unbundle::vector_d(lambda * e), 1e-10));
    const auto h = unbundle::hits(W);
    const auto hs = unbundle::hits(to_sparse(W));
    CHECK(unbundle::test::is_approx(hs.hub, h.hub, 1e-12));
    CHECK(unbundle::test::is_approx(hs.authority, h.authority, 1e-12));
    // authority: (WᵀW) a = μ a
    const unbundle::vector_d Ma = W.transpose() * (W * h.authority);
    CHECK(unbundle::test::is_approx(Ma, unbundle::vector_d(Ma.sum() * h.authority), 1e-10));
    unbundle::matrix_d neg = W;
    neg(3, 4) = -1;
    CHECK_THROWS_AS(unbundle::pagerank(neg), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::pagerank(to_sparse(neg)), unbundle::domain_error);
    unbundle::scores_options bad;
    bad.pagerank_damping = 1.0;
    CHECK_THROWS_AS(unbundle::pagerank(W, bad), unbundle::domain_error);
}

TEST_CASE("scores: eigenvector centrality of a symmetric circulant network is uniform") {
    const int n = 9;
    unbundle::matrix_d W = unbundle::matrix_d::Zero(n, n);
    for (int i = 0; i < n; ++i) {
        W(i, (i + 1) % n) = W((i + 1) % n, i) = 3.0;
        W(i, (i + 3) % n) = W((i + 3) % n, i) = 1.0;
    }
    for (const unbundle::vector_d& c :
         {unbundle::eigenvector_centrality(W), unbundle::eigenvector_centrality(to_sparse(W))})
        CHECK(unbundle::test::is_approx(c, unbundle::vector_d::Constant(n, 1.0 / n), 1e-14));
    // an even ring is bipartite: the shift keeps the iteration from oscillating
    unbundle::matrix_d R = unbundle::matrix_d::Zero(6, 6);
    for (int i = 0; i < 6; ++i) R(i, (i + 1) % 6) = R((i + 1) % 6, i) = 1.0;
    unbundle::solver_info info;
    CHECK(unbundle::test::is_approx(unbundle::eigenvector_centrality(R, {}, &info),
                                    unbundle::vector_d::Constant(6, 1.0 / 6), 1e-13));
    CHECK(info.converged);
}

TEST_CASE("scores: hub and authority of a symmetric network coincide") {
    const unbundle::matrix_d W = random_network(25, 5, 0.5, true);
    const auto h = unbundle::hits(W);
    CHECK(h.hub_solver.converged);
    CHECK(h.authority_solver.converged);
    CHECK(unbundle::test::is_approx(h.hub, h.authority, 1e-13));
    CHECK(h.hub.sum() == doctest::Approx(1.0).epsilon(1e-14));
    // a directed star: the centre is the only hub, the spokes share the authority
    unbundle::matrix_d S = unbundle::matrix_d::Zero(4, 4);
    S(0, 1) = S(0, 2) = S(0, 3) = 2.0;
    const auto hs = unbundle::hits(S);
    CHECK(hs.hub(0) == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(hs.authority(2) == doctest::Approx(1.0 / 3).epsilon(1e-14));
    CHECK(hs.authority(0) < 1e-13);
}

TEST_CASE("scores: clustering (binary, Onnela weighted, Fagiolo directed)") {
    SUBCASE("a complete network with equal weights has clustering 1") {
        unbundle::matrix_d W = unbundle::matrix_d::Constant(5, 5, 2.0);
        const auto s = unbundle::network_structure_of(W);
        CHECK(unbundle::test::is_approx(s.clustering_weighted, unbundle::vector_d::Ones(5), 1e-14));
        CHECK(unbundle::test::is_approx(s.clustering_directed, unbundle::vector_d::Ones(5), 1e-14));
        CHECK(unbundle::test::is_approx(s.clustering_binary, unbundle::vector_d::Ones(5), 1e-14));
        CHECK(s.knn(0) == 4.0);
    }
    SUBCASE("a weighted triangle by hand") {
        // undirected weights AB = 8, AC = 8, BC = 1: normalised 1, 1, 1/8; cube roots 1, 1, 1/2
        unbundle::matrix_d W = unbundle::matrix_d::Zero(3, 3);
        W(0, 1) = W(1, 0) = 4;
        W(0, 2) = 8;
        W(1, 2) = 1;
        const auto s = unbundle::network_structure_of(W);
        CHECK(s.clustering_binary(0) == 1.0);
        CHECK(s.clustering_weighted(0) == doctest::Approx(0.5).epsilon(1e-14)); // 2 (1 · 1 · 1/2) / (2 · 1)
        CHECK(s.clustering_weighted(2) == doctest::Approx(0.5).epsilon(1e-14));
        // Fagiolo, directed: Ŵ = W / 8, cube roots: AB = BA = 1/√[3]2, AC = 1, BC = 1/2
        const double c = std::cbrt(0.5);
        // (Q³)_AA = 2 Q_AB Q_BC Q_CA with Q = Ŵ^[1/3] + its transpose: Q_AB = 2c, Q_BC = 1/2, Q_CA = 1
        const double num = 2 * (2 * c) * 0.5 * 1.0;
        // d_tot(A) = 2 out + 1 in = 3, reciprocated 1: 2 [3 · 2 − 2] = 8
        CHECK(s.clustering_directed(0) == doctest::Approx(num / 8).epsilon(1e-14));
        CHECK(s.density == doctest::Approx(4.0 / 6));
        CHECK(s.reciprocity == doctest::Approx(0.5));
    }
}

TEST_CASE("scores: a disconnected network has defined centralities (no NaN)") {
    // two triangles, one heavier, and an isolated economy
    unbundle::matrix_d W = unbundle::matrix_d::Zero(7, 7);
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b)
            if (a != b) {
                W(a, b) = 2.0;
                W(3 + a, 3 + b) = 1.0;
            }
    unbundle::solver_info info;
    const unbundle::vector_d e = unbundle::eigenvector_centrality(W, {}, &info);
    CHECK(info.converged);
    CHECK(e.allFinite());
    for (int i = 0; i < 3; ++i)
        CHECK(e(i) == doctest::Approx(1.0 / 3).epsilon(1e-12)); // the larger spectral radius takes all
    CHECK(e.tail(4).norm() < 1e-12);
    const unbundle::vector_d r = unbundle::pagerank(W);
    CHECK(r.allFinite());
    CHECK(r.sum() == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(r(6) == doctest::Approx(0.15 / 7 + 0.85 * r(6) / 7).epsilon(1e-12)); // isolated: teleport only
    const auto h = unbundle::hits(W);
    CHECK(h.hub.allFinite());
    CHECK(h.authority(6) < 1e-13);
    const unbundle::vector_d z = unbundle::eigenvector_centrality(unbundle::matrix_d(unbundle::matrix_d::Zero(3, 3)));
    CHECK(z.allFinite()); // no links at all: the uniform vector
}

TEST_CASE("scores: negative link weights are an error naming where (dense and sparse centralities)") {
    // issue 12's bad-input list: a negative flow reaches no centrality unnoticed
    unbundle::matrix_d W = unbundle::matrix_d::Constant(3, 3, 1.0);
    W(2, 0) = -0.5;
    CHECK_THROWS_WITH_AS(unbundle::eigenvector_centrality(W),
                         doctest::Contains("must be non-negative but is -0.5 at row 2, column 0"),
                         unbundle::domain_error);
    CHECK_THROWS_WITH_AS(unbundle::pagerank(W), doctest::Contains("-0.5"), unbundle::domain_error);
    CHECK_THROWS_WITH_AS(unbundle::hits(W), doctest::Contains("-0.5"), unbundle::domain_error);
    const unbundle::sparse_matrix_x<double> S = W.sparseView();
    CHECK_THROWS_WITH_AS(unbundle::eigenvector_centrality(S), doctest::Contains("-0.5 at row 2, column 0"),
                         unbundle::domain_error);
    CHECK_THROWS_WITH_AS(unbundle::pagerank(S), doctest::Contains("-0.5 at row 2, column 0"), unbundle::domain_error);
    CHECK_THROWS_WITH_AS(unbundle::hits(S), doctest::Contains("-0.5 at row 2, column 0"), unbundle::domain_error);
    // a negative domestic entry is an error too (it is data, even if the diagonal is ignored)
    unbundle::matrix_d D = unbundle::matrix_d::Constant(3, 3, 1.0);
    D(1, 1) = -1.0;
    CHECK_THROWS_AS(unbundle::eigenvector_centrality(D), unbundle::domain_error);
}
