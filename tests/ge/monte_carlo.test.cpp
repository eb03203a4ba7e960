// Tests of ge/monte_carlo.hpp: the covariance factor reproduces V (also singular V), draws follow
// N(b, V) within sampling error, summaries equal their definitions over the kept draws, results do
// not depend on the thread count, failures are counted, every input check, float and double.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/ge/monte_carlo.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

TEST_CASE_TEMPLATE("ge: covariance_factor gives L with L L' = V, also for a singular V", Scalar, float, double) {
    using mat = unbundle::matrix_x<Scalar>;
    const double tol = sizeof(Scalar) == sizeof(float) ? 1e-5 : 1e-13;
    mat V(3, 3);
    V << 4, 1, 0.5, //
        1, 3, 0.2,  //
        0.5, 0.2, 2;
    const mat L = unbundle::covariance_factor(V);
    CHECK(unbundle::test::max_rel_diff(mat(L * L.transpose()), V) <= tol);
    // rank one: u u' with u = (1, 2, −1) (in double: float's rounding makes the zero eigenvalues
    // about −1e−7 · 6, below the −1e−10 · scale the factor accepts)
    if (sizeof(Scalar) == sizeof(double)) {
        unbundle::vector_x<Scalar> u(3);
        u << 1, 2, -1;
        const mat S = u * u.transpose();
        const mat Ls = unbundle::covariance_factor(S);
        CHECK(unbundle::test::max_rel_diff(mat(Ls * Ls.transpose()), S) <= 10 * tol);
    }
    // bad input
    CHECK_THROWS_AS(unbundle::covariance_factor(mat(V.leftCols(2))), unbundle::dimension_error);
    mat bad = V;
    bad(0, 1) = Scalar(2);
    CHECK_THROWS_AS(unbundle::covariance_factor(bad), unbundle::domain_error); // not symmetric
    bad = V;
    bad(2, 2) = std::numeric_limits<Scalar>::quiet_NaN();
    CHECK_THROWS_AS(unbundle::covariance_factor(bad), unbundle::domain_error);
    mat neg(2, 2);
    neg << 1, 2, 2, 1; // eigenvalues 3 and −1
    CHECK_THROWS_AS(unbundle::covariance_factor(neg), unbundle::domain_error);
}

TEST_CASE("ge: monte_carlo draws follow N(b, V) and the summaries are those of the kept draws") {
    unbundle::vector_d b(2);
    b << 0.5, -1.0;
    unbundle::matrix_d V(2, 2);
    V << 0.04, 0.01, 0.01, 0.09;
    unbundle::monte_carlo_options o;
    o.draws = 4000;
    o.seed = 42;
    o.threads = 2;
    // results: the coefficients themselves and a non-linear function of them
    auto f = [](const unbundle::vector_d& beta) {
        unbundle::vector_d r(3);
        r << beta(0), beta(1), std::exp(beta(0));
        return r;
    };
    const auto r = unbundle::monte_carlo(b, V, f, o);
    REQUIRE(r.succeeded == 4000);
    CHECK(r.failed == 0);
    REQUIRE(r.coefficients.cols() == 4000);
    REQUIRE(r.results.rows() == 3);
    // sampling error: the mean is within 5 standard errors, the variance within 5 of its s.e. √(2/D) σ²
    const double D = 4000;
    CHECK(std::abs(r.mean(0) - 0.5) < 5 * 0.2 / std::sqrt(D));
    CHECK(std::abs(r.mean(1) + 1.0) < 5 * 0.3 / std::sqrt(D));
    CHECK(std::abs(r.sd(0) * r.sd(0) - 0.04) < 5 * std::sqrt(2 / D) * 0.04);
    CHECK(std::abs(r.sd(1) * r.sd(1) - 0.09) < 5 * std::sqrt(2 / D) * 0.09);
    const unbundle::matrix_d c = r.coefficients.colwise() - r.coefficients.rowwise().mean();
    const double cov01 = c.row(0).dot(c.row(1)) / (D - 1);
    CHECK(std::abs(cov01 - 0.01) < 5 * std::sqrt((0.04 * 0.09 + 0.01 * 0.01) / D));
    // the summaries are exactly those of the kept results (sample mean, sd, type-7 quantiles)
    for (unbundle::index_t m = 0; m < 3; ++m) {
        std::vector<double> v;
        for (unbundle::index_t d = 0; d < r.results.cols(); ++d) v.push_back(r.results(m, d));
        std::sort(v.begin(), v.end());
        double s = 0;
        for (double x : v) s += x;
        const double mu = s / D;
        double ss = 0;
        for (double x : v) ss += (x - mu) * (x - mu);
        CHECK(r.mean(m) == doctest::Approx(mu).epsilon(1e-12));
        CHECK(r.sd(m) == doctest::Approx(std::sqrt(ss / (D - 1))).epsilon(1e-12));
        // type 7: h = (D − 1) p; 0.5 → between v[1999] and v[2000]; 0.025 → 99.975; 0.975 → 3899.025
        CHECK(r.median(m) == doctest::Approx(0.5 * (v[1999] + v[2000])).epsilon(1e-14));
        CHECK(r.q025(m) == doctest::Approx(v[99] + 0.975 * (v[100] - v[99])).epsilon(1e-12));
        CHECK(r.q975(m) == doctest::Approx(v[3899] + 0.025 * (v[3900] - v[3899])).epsilon(1e-12));
    }
    // reproducible and independent of the thread count
    o.threads = 1;
    const auto r1 = unbundle::monte_carlo(b, V, f, o);
    CHECK(unbundle::test::max_rel_diff(r1.results, r.results) == 0.0);
    o.threads = 3;
    o.keep_draws = false;
    const auto r3 = unbundle::monte_carlo(b, V, f, o);
    CHECK(r3.results.size() == 0);
    CHECK(r3.coefficients.size() == 0);
    CHECK(unbundle::test::max_rel_diff(r3.q975, r.q975) == 0.0);
    // another seed, other draws
    o.seed = 43;
    CHECK(unbundle::test::max_rel_diff(unbundle::monte_carlo(b, V, f, o).mean, r.mean) > 0.0);
}

TEST_CASE_TEMPLATE("ge: monte_carlo with a zero variance repeats the estimate", Scalar, float, double) {
    using vec = unbundle::vector_x<Scalar>;
    vec b(2);
    b << Scalar(0.25), Scalar(2);
    unbundle::monte_carlo_options o;
    o.draws = 10;
    o.threads = 2;
    const auto r = unbundle::monte_carlo<Scalar>(
        b, unbundle::matrix_x<Scalar>::Zero(2, 2), [](const vec& beta) { return vec(beta * Scalar(2)); }, o);
    REQUIRE(r.succeeded == 10);
    const vec want = b * Scalar(2);
    for (const vec* s : {&r.mean, &r.median, &r.q025, &r.q975}) CHECK(unbundle::test::max_rel_diff(*s, want) == 0.0);
    CHECK(unbundle::test::max_abs(r.sd) == 0.0);
}

TEST_CASE("ge: monte_carlo counts failed draws, leaves them out, and checks its input") {
    unbundle::vector_d b = unbundle::vector_d::Zero(1);
    const unbundle::matrix_d V = unbundle::matrix_d::Identity(1, 1);
    unbundle::monte_carlo_options o;
    o.draws = 200;
    o.threads = 2;
    // throws for positive draws, NaN for draws below −1, else the draw
    auto f = [](const unbundle::vector_d& beta) {
        if (beta(0) > 0) throw std::runtime_error("positive draw");
        return unbundle::vector_d(unbundle::vector_d::Constant(1, beta(0) < -1 ? std::nan("") : beta(0)));
    };
    const auto r = unbundle::monte_carlo(b, V, f, o);
    CHECK(r.succeeded + r.failed == 200);
    CHECK(r.failed > 50); // about 100 + 32 of 200 fail (P(β > 0) + P(β < −1) = 0.66)
    CHECK(r.succeeded > 30);
    CHECK(r.failures.size() == 5);
    int nan_cols = 0;
    for (unbundle::index_t d = 0; d < 200; ++d) {
        const double c = r.coefficients(0, d), x = r.results(0, d);
        if (c > 0 || c < -1) {
            CHECK(std::isnan(x));
            ++nan_cols;
        } else {
            CHECK(x == c);
        }
    }
    CHECK(nan_cols == r.failed);
    CHECK(r.q975(0) <= 0.0);
    CHECK(r.q025(0) >= -1.0);

    auto ragged = [](const unbundle::vector_d& beta) {
        return unbundle::vector_d(unbundle::vector_d::Zero(beta(0) > 0 ? 2 : 1));
    };
    CHECK_THROWS_AS(unbundle::monte_carlo(b, V, ragged, o), unbundle::dimension_error);
    auto id = [](const unbundle::vector_d& beta) { return beta; };
    o.draws = 0;
    CHECK_THROWS_AS(unbundle::monte_carlo(b, V, id, o), unbundle::usage_error);
    o.draws = 5;
    CHECK_THROWS_AS(unbundle::monte_carlo(b, unbundle::matrix_d(unbundle::matrix_d::Identity(2, 2)), id, o),
                    unbundle::dimension_error);
    b(0) = std::nan("");
    CHECK_THROWS_AS(unbundle::monte_carlo(b, V, id, o), unbundle::domain_error);
}
