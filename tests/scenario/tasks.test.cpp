#include <unbundle/scenario/tasks.hpp>

#include <doctest/doctest.h>

#include <cmath>

TEST_CASE("scenario/tasks: Omega and the marginal task in closed form") {
    const double lambda = std::log(2.0); // t(1) = 2
    unbundle::trade_in_tasks m(lambda);
    CHECK(m.omega(0.0) == doctest::Approx(1.0).epsilon(1e-15));
    // Ω(1) = 0 + (1 − 1/2) / ln 2
    CHECK(m.omega(1.0) == doctest::Approx(0.5 / std::log(2.0)).epsilon(1e-14));
    // Ω(I) = 1 − I + ∫_0^I t / t(I), the integral by the trapezoid rule with 20000 panels
    const double I = 0.37;
    double integral = 0;
    const int K = 20000;
    for (int k = 0; k < K; ++k) integral += 0.5 * (m.t(I * k / K) + m.t(I * (k + 1) / K)) * I / K;
    CHECK(m.omega(I) == doctest::Approx(1 - I + integral / m.t(I)).epsilon(1e-8));
    // w = β t(I) w*  ⇒  I = ln(w / (β w*)) / λ
    CHECK(m.marginal_task(1.0, 1.5, 1.0) == doctest::Approx(std::log(1.5) / lambda).epsilon(1e-14));
    CHECK(m.marginal_task(3.0, 1.0, 1.0) == 0.0); // nothing is worth offshoring
    CHECK(m.marginal_task(0.1, 1.0, 1.0) == 1.0); // everything is
}

TEST_CASE("scenario/tasks: equilibrium, and falling offshoring costs raise the home wage") {
    unbundle::trade_in_tasks m(1.0);
    const double p = 1.0, wf = 0.4;
    const auto e0 = m.solve(2.0, p, wf);
    REQUIRE(e0.marginal_task > 0);
    REQUIRE(e0.marginal_task < 1);
    // both equilibrium conditions hold
    CHECK(e0.wage == doctest::Approx(2.0 * m.t(e0.marginal_task) * wf).epsilon(1e-12));
    CHECK(e0.wage == doctest::Approx(p / m.omega(e0.marginal_task)).epsilon(1e-14));
    // the productivity effect: lower β, more tasks offshored, a higher wage
    const auto e1 = m.solve(1.6, p, wf);
    CHECK(e1.marginal_task > e0.marginal_task);
    CHECK(e1.wage > e0.wage);
    CHECK(e1.productivity_effect() == doctest::Approx(e1.wage / e1.wage_no_offshoring - 1).epsilon(1e-14));
    // prohibitive β: no offshoring, w = p / a_L
    const auto e2 = m.solve(10.0, p, wf);
    CHECK(e2.marginal_task == 0.0);
    CHECK(e2.wage == doctest::Approx(p).epsilon(1e-15));
    CHECK_THROWS_AS(unbundle::trade_in_tasks(0.0), unbundle::domain_error);
    CHECK_THROWS_AS(m.solve(-1.0, p, wf), unbundle::domain_error);
    CHECK_THROWS_AS(m.omega(1.5), unbundle::domain_error);
}
