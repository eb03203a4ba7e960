#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/trade_panel_reader.hpp>
#include <unbundle/scores/network.hpp>

#include <cmath>

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
    CHECK(s.openness(0) == doctest::Approx(0.2));
    CHECK(s.openness(2) == doctest::Approx(1.0));
    CHECK(s.density == 1.0);
    CHECK(s.reciprocity == 1.0);
    CHECK(s.clustering == 1.0);
    // the composite ranks by openness, the only indicator that differs
    CHECK(s.composite(2) == doctest::Approx(100.0));
    CHECK(s.composite(0) == doctest::Approx(0.0));
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
    CHECK(std::isnan(s.openness(0)));
    CHECK(s.composite.maxCoeff() == doctest::Approx(100.0));
    CHECK(s.composite(0) == doctest::Approx(100.0)); // the hub is the most integrated
    CHECK(s.composite_loadings.norm() == doctest::Approx(1.0));
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
    CHECK(s.import_hhi(0) == 0.0);        // no imports
    const unbundle::trade_matrix<double> none({"A", "B"}, unbundle::matrix_d::Identity(2, 2));
    CHECK_THROWS_AS(unbundle::integration_scores_of(none), unbundle::domain_error);
    unbundle::vector_d gdp(3);
    gdp << 1, 0, 1;
    CHECK_THROWS_WITH_AS(unbundle::integration_scores_of(t, std::optional<unbundle::vector_d>(gdp)),
                         doctest::Contains("GDP of 'B'"), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::integration_scores_of(t, std::optional<unbundle::vector_d>(unbundle::vector_d::Ones(2))),
                    unbundle::dimension_error);
}

TEST_CASE("scores: the gegravity sample network" * doctest::skip(!unbundle::test::has_data("gegravity/sample_data_set.csv"))) {
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
