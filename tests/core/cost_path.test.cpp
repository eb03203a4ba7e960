#include <doctest/doctest.h>

#include <unbundle/core/cost_path.hpp>

#include <cmath>

TEST_CASE("core: cost paths give the closed-form factors") {
    const auto g = unbundle::cost_path::exponential(1990, 0.03);
    CHECK(g.factor(1990) == 1.0);
    CHECK(g.factor(2000) == doctest::Approx(std::exp(-0.3)).epsilon(1e-15));
    CHECK(g.average_rate(2010) == doctest::Approx(0.03).epsilon(1e-14));

    const auto l = unbundle::cost_path::logistic(1990, 2005, 0.3, 0.2);
    CHECK(l.factor(1990) == doctest::Approx(1.0).epsilon(1e-15));
    // far in the future the factor tends to the floor; at the midpoint L = 1/2
    CHECK(l.factor(2200) == doctest::Approx(0.2).epsilon(1e-12));
    const double l0 = 1.0 / (1.0 + std::exp(0.3 * (1990 - 2005)));
    CHECK(l.factor(2005) == doctest::Approx(0.2 + 0.8 * 0.5 / l0).epsilon(1e-14));

    const auto t = unbundle::cost_path::tabulated({1990, 2000, 2010}, {2.0, 1.6, 1.0});
    CHECK(t.factor(1980) == 1.0);
    CHECK(t.factor(1995) == doctest::Approx(0.9));
    CHECK(t.factor(2020) == doctest::Approx(0.5));

    unbundle::cost_paths p;
    p.ideas = g;
    const auto f = p.factors(2000);
    CHECK(f[0] == 1.0);
    CHECK(f[1] == doctest::Approx(std::exp(-0.3)));
}

TEST_CASE("core: cost paths reject malformed definitions") {
    CHECK_THROWS_AS(unbundle::cost_path::logistic(1990, 2005, -1, 0.2), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::cost_path::logistic(1990, 2005, 0.3, 1.0), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::cost_path::tabulated({1990, 1990}, {1, 2}), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::cost_path::tabulated({1990, 2000}, {1}), unbundle::dimension_error);
    CHECK_THROWS_AS(unbundle::cost_path::tabulated({1990, 2000}, {1, 0}), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::cost_path::exponential(1990, NAN), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::cost_path::exponential(1990, 0.1).average_rate(1990), unbundle::domain_error);
}
