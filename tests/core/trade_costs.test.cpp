#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/core/trade_costs.hpp>

#include <cmath>

TEST_CASE_TEMPLATE("core: composite iceberg cost is the product of component terms", Scalar, float, double) {
    using M = unbundle::matrix_x<Scalar>;
    const M goods = M::Constant(2, 2, Scalar(0.5));
    const M ideas = M::Constant(2, 2, Scalar(0.2));
    const M people = M::Constant(2, 2, Scalar(1.0));
    unbundle::trade_costs<Scalar> c({"A", "B"}, goods, ideas, people);
    const auto a =
        unbundle::cost_loadings<Scalar>::defaults(unbundle::sector_kind::goods, unbundle::purchase_use::intermediate);
    const M tau = c.composite(a);
    // τ = 1.5^1 · 1.2^1 · 2^0.2 off the diagonal, 1 at home
    const double expected = 1.5 * 1.2 * std::pow(2.0, 0.2);
    const double tol = unbundle::test::default_tol<Scalar>();
    CHECK(static_cast<double>(tau(0, 1)) == doctest::Approx(expected).epsilon(tol));
    CHECK(tau(1, 1) == Scalar(1));
    // a 20 % cut of ideas costs among all pairs: τ̂ = (1.16/1.2)^1
    const auto c2 = c.cut(unbundle::cost_component::ideas, Scalar(0.2));
    const M hat = c.hat(c2, a);
    CHECK(static_cast<double>(hat(1, 0)) == doctest::Approx(1.16 / 1.2).epsilon(tol));
    CHECK(hat(0, 0) == Scalar(1));
    // services final purchases load mostly on people: (1.5^0.1)(1.2^0.5)(2^1)
    const auto s =
        unbundle::cost_loadings<Scalar>::defaults(unbundle::sector_kind::services, unbundle::purchase_use::final_use);
    CHECK(static_cast<double>(c.composite(s)(0, 1)) ==
          doctest::Approx(std::pow(1.5, 0.1) * std::pow(1.2, 0.5) * 2.0).epsilon(tol));
}

TEST_CASE("core: regional cost cuts apply among members only") {
    using M = unbundle::matrix_d;
    const M e = M::Constant(3, 3, 0.4);
    auto c = unbundle::trade_costs<double>({"A", "B", "C"}, e, e, e);
    const auto c2 = c.cut_among(unbundle::cost_component::goods, 0.5, {"A", "B"});
    CHECK(c2.component(unbundle::cost_component::goods)(0, 1) == doctest::Approx(0.2));
    CHECK(c2.component(unbundle::cost_component::goods)(1, 0) == doctest::Approx(0.2));
    CHECK(c2.component(unbundle::cost_component::goods)(0, 2) == doctest::Approx(0.4));
    CHECK(c2.component(unbundle::cost_component::ideas)(0, 1) == doctest::Approx(0.4));
    const auto c3 = c.scaled({1.0, 0.5, 0.0});
    CHECK(c3.component(unbundle::cost_component::ideas)(2, 1) == doctest::Approx(0.2));
    CHECK(c3.component(unbundle::cost_component::people)(2, 1) == 0.0);
}

TEST_CASE("core: trade_costs rejects bad cuts and bad levels, naming the pair") {
    using M = unbundle::matrix_d;
    const M e = M::Constant(2, 2, 0.4);
    auto c = unbundle::trade_costs<double>({"A", "B"}, e, e, e);
    CHECK_THROWS_AS(c.cut(unbundle::cost_component::goods, 1.0), unbundle::domain_error);
    CHECK_THROWS_AS(c.cut(unbundle::cost_component::goods, -0.1), unbundle::domain_error);
    CHECK_THROWS_AS(c.cut_among(unbundle::cost_component::goods, 0.1, {"A", "Z"}), unbundle::key_error);
    M bad = e;
    bad(1, 0) = -1.5;
    CHECK_THROWS_WITH_AS(unbundle::trade_costs<double>({"A", "B"}, e, bad, e),
                         doctest::Contains("ideas cost from B to A"), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::trade_costs<double>({"A", "B"}, e, M::Zero(3, 3), e), unbundle::dimension_error);
    CHECK_THROWS_AS(c.scaled({1.0, -1.0, 1.0}), unbundle::domain_error);
}
