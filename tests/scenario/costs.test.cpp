// Loadings, use-specific cost changes κ̂ from scaled components, and Novy's tariff equivalent.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/scenario/costs.hpp>

#include <cmath>
#include <limits>

namespace {
using unbundle::matrix_d;
using unbundle::vector_d;

unbundle::sector_index two_sectors() {
    return unbundle::sector_index(std::vector<unbundle::sector>{{"G", "goods", unbundle::sector_kind::goods},
                                                                {"S", "services", unbundle::sector_kind::services}});
}
} // namespace

TEST_CASE("scenario: loading tables: defaults by kind, uniform, at") {
    const auto L = unbundle::loading_table<double>::defaults(two_sectors());
    REQUIRE(L.sectors() == 2);
    CHECK(L.at(0, unbundle::purchase_use::intermediate).a ==
          unbundle::cost_loadings<double>::defaults(unbundle::sector_kind::goods, unbundle::purchase_use::intermediate)
              .a);
    CHECK(L.at(1, unbundle::purchase_use::final_use).a == std::array<double, 3>{0.1, 0.5, 1.0});
    CHECK_THROWS_AS(L.at(2, unbundle::purchase_use::final_use), unbundle::key_error);
    const auto U = unbundle::loading_table<double>::uniform(3, {{0.5, 0.5, 0.5}});
    CHECK(U.sectors() == 3);
    CHECK(U.at(2, unbundle::purchase_use::intermediate).a[1] == 0.5);
}

TEST_CASE_TEMPLATE("scenario: cost changes are the closed form Π_c ((1 + f1 e)/(1 + f0 e))^a", Scalar, float, double) {
    using M = unbundle::matrix_x<Scalar>;
    const unbundle::economy_index econ{"A", "B", "C"};
    const unbundle::trade_costs<Scalar> base(econ, M::Constant(3, 3, Scalar(0.5)), M::Constant(3, 3, Scalar(0.2)),
                                             M::Constant(3, 3, Scalar(1.0)));
    const auto L = unbundle::loading_table<Scalar>::defaults(two_sectors());
    const auto k =
        unbundle::cost_changes(base, L, {Scalar(1), Scalar(1), Scalar(1)}, {Scalar(0.5), Scalar(1), Scalar(0.25)});
    REQUIRE(k.sectors() == 2);
    const double tol = unbundle::test::default_tol<Scalar>();
    // goods, intermediate: (1.25/1.5)^1 (1)^1 (1.25/2)^0.2
    CHECK(static_cast<double>(k.intermediate[0](0, 1)) ==
          doctest::Approx(1.25 / 1.5 * std::pow(1.25 / 2, 0.2)).epsilon(tol));
    // services, final: (1.25/1.5)^0.1 (1.25/2)^1
    CHECK(static_cast<double>(k.final_use[1](2, 0)) ==
          doctest::Approx(std::pow(1.25 / 1.5, 0.1) * (1.25 / 2)).epsilon(tol));
    CHECK(k.final_use[1](1, 1) == Scalar(1));
    // the same as trade_costs::hat of the two scaled levels
    const M h =
        base.scaled({Scalar(1), Scalar(1), Scalar(1)})
            .hat(base.scaled({Scalar(0.5), Scalar(1), Scalar(0.25)}), L.at(1, unbundle::purchase_use::intermediate));
    CHECK(unbundle::test::is_approx(k.intermediate[1], h, tol));
    // no change: ones
    const auto one =
        unbundle::cost_changes(base, L, {Scalar(0.3), Scalar(2), Scalar(1)}, {Scalar(0.3), Scalar(2), Scalar(1)});
    for (const auto& m : one.final_use) CHECK((m.array() == Scalar(1)).all());
    CHECK(unbundle::cost_hats<Scalar>::ones(3, 2).intermediate[1].sum() == Scalar(9));
}

TEST_CASE("scenario: cost changes reject loadings that make κ < 1, exploding costs and bad factors") {
    const unbundle::economy_index econ{"A", "B"};
    const unbundle::trade_costs<double> pos(econ, matrix_d::Constant(2, 2, 0.5), matrix_d::Constant(2, 2, 0.2),
                                            matrix_d::Constant(2, 2, 1.0));
    auto L = unbundle::loading_table<double>::uniform(2, {{1.0, 1.0, 1.0}});
    L.at(1, unbundle::purchase_use::final_use).a[2] = -2; // 1.5 · 1.2 · 2^(−2) = 0.45 < 1
    CHECK_THROWS_WITH_AS(unbundle::cost_changes(pos, L, {1, 1, 1}, {1, 1, 1}), doctest::Contains("sector 1, final use"),
                         unbundle::domain_error);
    const unbundle::trade_costs<double> neg(econ, matrix_d::Constant(2, 2, -0.3), matrix_d::Zero(2, 2),
                                            matrix_d::Zero(2, 2));
    CHECK_THROWS_WITH_AS(
        unbundle::cost_changes(neg, unbundle::loading_table<double>::uniform(1, {{1, 1, 1}}), {1, 1, 1}, {1, 1, 1}),
        doctest::Contains("sector 0, final use"), unbundle::domain_error);
    // a path that makes costs explode: κ̂ = (1 + 1e300)^3 is not finite
    const unbundle::trade_costs<double> huge(econ, matrix_d::Constant(2, 2, 1e300), matrix_d::Zero(2, 2),
                                             matrix_d::Zero(2, 2));
    CHECK_THROWS_WITH_AS(
        unbundle::cost_changes(huge, unbundle::loading_table<double>::uniform(1, {{3, 0, 0}}), {0, 1, 1}, {1, 1, 1}),
        doctest::Contains("explode"), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::cost_changes(pos, L, {1, 1, 1}, {-1, 1, 1}), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::cost_changes(pos, L, {1, 1, 1}, {std::numeric_limits<double>::infinity(), 1, 1}),
                    unbundle::domain_error);
    // a factor above 1 on a negative cost: 1 + 4 (−0.3) < 0
    CHECK_THROWS_WITH_AS(
        unbundle::cost_changes(neg, unbundle::loading_table<double>::uniform(1, {{1, 0, 0}}), {1, 1, 1}, {4, 1, 1}),
        doctest::Contains("1 + e <= 0"), unbundle::domain_error);
}

TEST_CASE("scenario: Novy's tariff equivalent from the table's own flows, split so the composite is 1 + τ") {
    // Two economies, one goods and one services sector, no intermediates:
    // goods final flows x_AB = x_BA = 1, x_AA = x_BB = 100 → τ = (1/10⁴)^(−1/(2θ)) − 1.
    const unbundle::economy_index econ{"A", "B"};
    matrix_d Y = matrix_d::Zero(4, 2);
    Y(0, 0) = 100; // A goods to A
    Y(0, 1) = 1;   // A goods to B
    Y(2, 0) = 1;   // B goods to A
    Y(2, 1) = 100;
    Y(1, 0) = 50; // A services to A, none abroad
    Y(3, 1) = 50;
    const unbundle::mrio<double> t(econ, two_sectors(), matrix_d::Zero(4, 4), Y);
    const auto L = unbundle::loading_table<double>::defaults(two_sectors());
    const vector_d theta = vector_d::Constant(2, 5.0);
    const auto c = unbundle::novy_costs(t, L, theta);
    const double tau = std::pow(1e-4, -1.0 / 10.0) - 1.0; // 10^0.4 − 1 = 1.5119
    const matrix_d comp =
        c.at(0, unbundle::purchase_use::final_use).composite(L.at(0, unbundle::purchase_use::final_use));
    CHECK(comp(0, 1) == doctest::Approx(1 + tau).epsilon(1e-12));
    // components proportional to the loadings in logs: ln(1+e_ideas)/ln(1+e_goods) = 0.3/1
    const auto& g = c.at(0, unbundle::purchase_use::final_use);
    CHECK(std::log1p(g.component(unbundle::cost_component::ideas)(1, 0)) /
              std::log1p(g.component(unbundle::cost_component::goods)(1, 0)) ==
          doctest::Approx(0.3).epsilon(1e-12));
    // services: no cross flows at all → no finite τ of the kind → 0
    CHECK(c.at(1, unbundle::purchase_use::final_use).composite(L.at(1, unbundle::purchase_use::final_use))(0, 1) ==
          doctest::Approx(1.0));
    // intermediates: no flows at all → 0
    CHECK(c.at(0, unbundle::purchase_use::intermediate).component(unbundle::cost_component::goods)(0, 1) == 0.0);
    // halving every component of the goods costs: κ̂ < 1, finite
    const auto k = unbundle::cost_changes(c, L, {1, 1, 1}, {0.5, 0.5, 0.5});
    CHECK(k.final_use[0](0, 1) < 1.0);
    CHECK(k.final_use[0](0, 1) > 0.0);
    CHECK_THROWS_AS(unbundle::novy_costs(t, L, vector_d::Constant(2, 0.0)), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::novy_costs(t, L, vector_d::Constant(3, 5.0)), unbundle::dimension_error);
}
