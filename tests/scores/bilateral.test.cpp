#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/scores/bilateral.hpp>

#include <cmath>

namespace {
// rows exporters, columns importers; off-diagonal: exports A 20, B 40, C 20; imports A 25, B 25, C 30; world 80
unbundle::matrix_d three() { return (unbundle::matrix_d(3, 3) << 80, 10, 10, 20, 60, 20, 5, 15, 100).finished(); }
} // namespace

TEST_CASE("scores: trade intensity against a hand-computed case") {
    const unbundle::matrix_d I = unbundle::trade_intensity(three());
    CHECK(I(0, 1) == doctest::Approx((10.0 / 20) / (25.0 / 80)).epsilon(1e-15)); // 1.6
    CHECK(I(0, 1) == doctest::Approx(1.6).epsilon(1e-15));
    CHECK(I(2, 0) == doctest::Approx(0.8).epsilon(1e-15));
    CHECK(I(1, 2) == doctest::Approx((20.0 / 40) / (30.0 / 80)).epsilon(1e-15));
    CHECK(I.diagonal().isZero());
    // an economy without exports: its row is 0 (documented), never NaN
    unbundle::matrix_d X = three();
    X(2, 0) = X(2, 1) = 0;
    const unbundle::matrix_d J = unbundle::trade_intensity(X);
    CHECK(J.allFinite());
    CHECK(J.row(2).isZero());
    unbundle::matrix_d neg = three();
    neg(1, 0) = -1;
    const std::vector<std::string> names{"A", "B", "C"};
    CHECK_THROWS_WITH_AS(unbundle::trade_intensity(neg, &names), doctest::Contains("(B)"), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::trade_intensity(unbundle::matrix_d::Identity(2, 2)), unbundle::domain_error);
}

TEST_CASE("scores: Novy's tariff equivalent and Head-Ries phi") {
    const unbundle::trade_matrix<double> t({"A", "B", "C"}, three());
    const double theta = 5;
    const unbundle::matrix_d tau = unbundle::novy_tariff_equivalent(t.flows(), theta);
    const unbundle::matrix_d phi = unbundle::head_ries_phi(t.flows());
    // A-B: x_AB x_BA / (x_AA x_BB) = 10 * 20 / (80 * 60) = 1/24
    CHECK(phi(0, 1) == doctest::Approx(std::sqrt(1.0 / 24)).epsilon(1e-15));
    CHECK(tau(0, 1) == doctest::Approx(std::pow(24.0, 1.0 / (2 * theta)) - 1).epsilon(1e-14));
    CHECK(tau(0, 1) == doctest::Approx(0.374110).epsilon(1e-5)); // 24^0.1 - 1
    SUBCASE("symmetric, zero on the diagonal, phi = (1 + tau)^-theta") {
        CHECK(unbundle::test::is_approx(tau, unbundle::matrix_d(tau.transpose()), 1e-15));
        CHECK(tau.diagonal().isZero());
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j)
                CHECK(phi(i, j) == doctest::Approx(std::pow(1 + tau(i, j), -theta)).epsilon(1e-12));
    }
    SUBCASE("invariant to scaling all flows") {
        const unbundle::matrix_d tau2 = unbundle::novy_tariff_equivalent(unbundle::matrix_d(7.3 * t.flows()), theta);
        CHECK(unbundle::test::is_approx(tau2, tau, 1e-14));
    }
    SUBCASE("zero where the pair trades as much as at home relative to size") {
        const unbundle::matrix_d X = (unbundle::matrix_d(2, 2) << 2, 4, 1, 2).finished(); // 4 * 1 = 2 * 2
        CHECK(std::abs(unbundle::novy_tariff_equivalent(X, theta)(0, 1)) < 1e-15);
    }
    SUBCASE("no two-way trade: tau infinite, phi 0 (documented)") {
        unbundle::matrix_d X = three();
        X(0, 2) = 0;
        CHECK(std::isinf(unbundle::novy_tariff_equivalent(X, theta)(0, 2)));
        CHECK(std::isinf(unbundle::novy_tariff_equivalent(X, theta)(2, 0)));
        CHECK(unbundle::head_ries_phi(X)(2, 0) == 0.0);
    }
    SUBCASE("bad input") {
        unbundle::matrix_d X = three();
        X(1, 1) = 0;
        const std::vector<std::string> names{"A", "B", "C"};
        CHECK_THROWS_WITH_AS(unbundle::novy_tariff_equivalent(X, theta, &names), doctest::Contains("economy 1 (B)"),
                             unbundle::domain_error);
        CHECK_THROWS_AS(unbundle::novy_tariff_equivalent(three(), 0.0), unbundle::domain_error);
    }
}

TEST_CASE("scores: bilateral_scores_of omits tau and phi without domestic sales") {
    const unbundle::trade_matrix<double> t({"A", "B", "C"}, three());
    const auto b = unbundle::bilateral_scores_of(t, 4.0);
    CHECK(b.has_domestic);
    CHECK(b.novy_tau(0, 1) == doctest::Approx(std::pow(24.0, 1.0 / 8) - 1).epsilon(1e-14));
    CHECK(b.intensity(0, 1) == doctest::Approx(1.6));
    unbundle::matrix_d X = three();
    X.diagonal().setZero();
    const auto c = unbundle::bilateral_scores_of(unbundle::trade_matrix<double>({"A", "B", "C"}, X));
    CHECK_FALSE(c.has_domestic);
    CHECK(c.missing_domestic == "A");
    CHECK(c.novy_tau.size() == 0);
    CHECK(c.intensity(0, 1) == doctest::Approx(1.6));
}

TEST_CASE_TEMPLATE("scores: bilateral indices in float and double", T, float, double) {
    const unbundle::matrix_x<T> X = three().cast<T>();
    const unbundle::matrix_x<T> tau = unbundle::novy_tariff_equivalent(X, 5.0);
    CHECK(static_cast<double>(tau(0, 1)) ==
          doctest::Approx(std::pow(24.0, 0.1) - 1).epsilon(unbundle::test::default_tol<T>()));
}
