#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/scores/composite.hpp>

#include <cmath>

namespace {
const std::vector<std::string> four{"A", "B", "C", "D"};
}

TEST_CASE("scores: min-max scaling to 0-1 and 1-100") {
    const unbundle::vector_d v = (unbundle::vector_d(3) << 2, 4, 10).finished();
    CHECK(
        unbundle::test::is_approx(unbundle::minmax_scale(v), (unbundle::vector_d(3) << 0, 0.25, 1).finished(), 1e-15));
    CHECK(unbundle::test::is_approx(unbundle::scale_1_100(v), (unbundle::vector_d(3) << 1, 25.75, 100).finished(),
                                    1e-14));
    CHECK(unbundle::minmax_scale(unbundle::vector_d::Constant(3, 7.0)).isApprox(unbundle::vector_d::Constant(3, 0.5)));
}

TEST_CASE("scores: PCA weights of one informative indicator among constants put all weight on it") {
    unbundle::matrix_d X(4, 3);
    X << 5, 1, 2, //
        5, 2, 2,  //
        5, 3, 2,  //
        5, 7, 2;
    for (auto m : {unbundle::composite_method::pca, unbundle::composite_method::kaiser}) {
        const auto r = unbundle::composite_index(X, {"const1", "info", "const2"}, four, {m, {}});
        CHECK(r.weights(1) == doctest::Approx(1.0).epsilon(1e-12));
        CHECK(std::abs(r.weights(0)) < 1e-12);
        CHECK(std::abs(r.weights(2)) < 1e-12);
        CHECK(r.components_kept == 1);
        CHECK(r.eigenvalues(0) == doctest::Approx(1.0).epsilon(1e-12));
        CHECK(r.explained_variance_share(0) == doctest::Approx(1.0).epsilon(1e-12));
        // the index is the scaled informative indicator: (1, 2, 3, 7) -> (0, 1/6, 1/3, 1)
        CHECK(r.index(1) == doctest::Approx(1.0 / 6).epsilon(1e-12));
        CHECK(r.index_100(3) == doctest::Approx(100.0).epsilon(1e-12));
        CHECK(r.index_100(0) == doctest::Approx(1.0).epsilon(1e-12));
    }
}

TEST_CASE("scores: PCA and Kaiser weights by hand") {
    // a, a, a, b, b with a and b uncorrelated: correlation eigenvalues 3, 2, 0, 0, 0
    const unbundle::vector_d a = (unbundle::vector_d(4) << 1, -1, 1, -1).finished();
    const unbundle::vector_d b = (unbundle::vector_d(4) << 1, 1, -1, -1).finished();
    unbundle::matrix_d X(4, 5);
    X << a, unbundle::vector_d(2 * a), unbundle::vector_d(a.array() + 3), b, unbundle::vector_d(5 * b);
    const std::vector<std::string> ind{"a1", "a2", "a3", "b1", "b2"};
    const auto p = unbundle::composite_index(X, ind, four);
    CHECK(p.eigenvalues(0) == doctest::Approx(3.0).epsilon(1e-12));
    CHECK(p.eigenvalues(1) == doctest::Approx(2.0).epsilon(1e-12));
    CHECK(p.explained_variance_share(0) == doctest::Approx(0.6).epsilon(1e-12));
    for (int k = 0; k < 3; ++k) CHECK(p.weights(k) == doctest::Approx(1.0 / 3).epsilon(1e-12));
    CHECK(std::abs(p.weights(3)) < 1e-12);
    const auto k = unbundle::composite_index(X, ind, four, {unbundle::composite_method::kaiser, {}});
    CHECK(k.components_kept == 2);
    // (3/5)(1/3) for each a, (2/5)(1/2) for each b
    for (int i = 0; i < 5; ++i) CHECK(k.weights(i) == doctest::Approx(0.2).epsilon(1e-12));
    CHECK(k.weights.sum() == doctest::Approx(1.0).epsilon(1e-14));
}

TEST_CASE("scores: user weights (KOF-style) and bad input") {
    unbundle::matrix_d X(4, 2);
    X << 0, 10, 1, 0, 2, 5, 4, 20;
    const auto r = unbundle::composite_index(X, {"trade", "fdi"}, four,
                                             {unbundle::composite_method::user, {{"trade", 2.0}, {"fdi", 1.0}}});
    CHECK(r.weights(0) == doctest::Approx(2.0 / 3).epsilon(1e-15));
    // economy D: scaled (1, 1) -> 1; economy B: (0.25, 0) -> 1/6
    CHECK(r.index(3) == doctest::Approx(1.0).epsilon(1e-15));
    CHECK(r.index(1) == doctest::Approx(1.0 / 6).epsilon(1e-15));
    CHECK(r.components_kept == 0);
    CHECK_THROWS_WITH_AS(
        unbundle::composite_index(X, {"trade", "fdi"}, four, {unbundle::composite_method::user, {{"tarde", 1.0}}}),
        doctest::Contains("'tarde'"), unbundle::key_error);
    CHECK_THROWS_AS(
        unbundle::composite_index(X, {"trade", "fdi"}, four, {unbundle::composite_method::user, {{"trade", -1.0}}}),
        unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::composite_index(X, {"trade", "fdi"}, four, {unbundle::composite_method::user, {}}),
                    unbundle::domain_error);
    unbundle::matrix_d bad = X;
    bad(2, 1) = std::nan("");
    CHECK_THROWS_WITH_AS(unbundle::composite_index(bad, {"trade", "fdi"}, four), doctest::Contains("'fdi' of 'C'"),
                         unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::composite_index(X, {"trade"}, four), unbundle::dimension_error);
    CHECK_THROWS_AS(unbundle::composite_index(unbundle::matrix_d(X.topRows(1)), {"trade", "fdi"}, {"A"}),
                    unbundle::dimension_error);
}
