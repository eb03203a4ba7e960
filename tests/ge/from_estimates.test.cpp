// PPML fit -> GE counterfactual in one call (Stata ge_gravity's EU-enlargement exercise), Monte Carlo over the
// fit's variance matrix, and Baldwin's cost components as an experiment.
#include <doctest/doctest.h>

#include "ge/ge_gravity_reference.hpp"
#include "support/approx.hpp"

#include <unbundle/core/trade_costs.hpp>
#include <unbundle/data/csv.hpp>
#include <unbundle/ge/frame.hpp>
#include <unbundle/ge/from_estimates.hpp>
#include <unbundle/ge/monte_carlo.hpp>
#include <unbundle/gravity/frame.hpp>

#include <cmath>
#include <iomanip>
#include <string>
#include <vector>

namespace {
using unbundle::index_t;
using unbundle::matrix_d;
using unbundle::vector_d;
namespace sref = unbundle::test::ge_gravity_ref;
} // namespace

TEST_CASE("ge: PPML fit to GE counterfactual in one call reproduces ge_gravity's EU enlargement" *
          doctest::skip(!unbundle::test::has_data("ge_gravity_wiod/trade_2000_2014.csv"))) {
    UNBUNDLE_REQUIRE_DATA(path, "ge_gravity_wiod/trade_2000_2014.csv");
    const unbundle::data_frame df = unbundle::read_csv(path.string());
    std::vector<bool> intl(static_cast<std::size_t>(df.rows()));
    for (index_t r = 0; r < df.rows(); ++r)
        intl[static_cast<std::size_t>(r)] = df["exporter"].text(r) != df["importer"].text(r);
    const unbundle::data_frame dfi = df.filter(intl);
    unbundle::ppml_options po;
    po.frame.vcov = unbundle::vcov_spec::clustered({"expcode^impcode"});
    const auto fit =
        unbundle::ppml(dfi, "trade ~ eu_enlargement + other_fta | expcode^year + impcode^year + expcode^impcode", po);
    REQUIRE(fit.info.converged);
    // Stata ppmlhdfe's coefficient, as ge_gravity's example stored it in the float eu_effect: 0.224249005317688
    // (float spacing there is 1.5e-8, so the double estimate lies within 7.5e-9 of it).
    MESSAGE("eu_enlargement = " << std::setprecision(12) << fit.coefficient("eu_enlargement"));
    CHECK(std::abs(fit.coefficient("eu_enlargement") - sref::eu_effect) <= 1e-8);

    const unbundle::bilateral_table t00(df, "exporter", "importer", "year", 2000.0);
    const unbundle::bilateral_table t14(df, "exporter", "importer", "year", 2014.0);
    const matrix_d X = t00.matrix("trade");
    const std::vector<unbundle::regressor_change> exp{
        {"eu_enlargement", t14.matrix("eu_enlargement") - t00.matrix("eu_enlargement")}};
    unbundle::hat_options ho;
    ho.theta = 4;
    const auto h = unbundle::counterfactual_from_fit(fit, X, exp, ho);
    REQUIRE(h.info.converged);
    const vector_d welfare = (h.Y0.cwiseProduct(h.w_hat) + h.D0).cwiseQuotient(h.Y0 + h.D0).cwiseQuotient(h.P_hat);
    double ww = 0;
    for (index_t i = 0; i < 44; ++i) ww = unbundle::test::worse(ww, std::abs(welfare(i) / sref::w_eu[i] - 1));
    CHECK(ww <= 1e-6);
    CHECK(welfare(19) == doctest::Approx(1.0140428).epsilon(1e-7)); // HUN

    SUBCASE(
        "Monte Carlo over the clustered vcov: reproducible, independent of threads, centred on the point estimate") {
        unbundle::monte_carlo_options mc;
        mc.draws = 40;
        mc.seed = 7;
        mc.threads = 1;
        const auto a = unbundle::monte_carlo_from_fit(fit, X, exp, ho, mc);
        mc.threads = 2;
        const auto b = unbundle::monte_carlo_from_fit(fit, X, exp, ho, mc);
        CHECK(a.failed == 0);
        CHECK(a.succeeded == 40);
        CHECK(unbundle::test::max_rel_diff(a.results, b.results) == 0.0);
        // the draws of beta have the clustered standard error of the fit (40 draws: within 35 %)
        const double se = fit.std_error("eu_enlargement");
        const vector_d draws = a.coefficients.row(0).transpose();
        const double m = draws.mean();
        const double sd = std::sqrt((draws.array() - m).square().sum() / 39);
        CHECK(std::abs(m - fit.coefficient("eu_enlargement")) <= 3 * se / std::sqrt(40.0) + 1e-12);
        CHECK(sd == doctest::Approx(se).epsilon(0.35));
        // HUN gains in (almost) every draw and the summary brackets the point estimate
        CHECK(a.q025(19) < welfare(19));
        CHECK(a.q975(19) > welfare(19));
        CHECK(a.sd(19) > 0);
    }
}

TEST_CASE("ge: monte_carlo and covariance_factor reject bad input and count failed draws") {
    const vector_d b = vector_d::Constant(2, 0.5);
    matrix_d V(2, 2);
    V << 0.04, 0.01, 0.01, 0.09;
    const matrix_d L = unbundle::covariance_factor(V);
    CHECK(unbundle::test::max_rel_diff(L * L.transpose(), V) <= 1e-14);
    matrix_d bad = V;
    bad(0, 1) = 0.5;
    CHECK_THROWS_AS(unbundle::covariance_factor(bad), unbundle::domain_error);
    bad(1, 0) = 0.5; // symmetric, indefinite
    CHECK_THROWS_WITH_AS(unbundle::covariance_factor(bad), doctest::Contains("covariance_factor"),
                         unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::covariance_factor(matrix_d::Zero(2, 3)), unbundle::dimension_error);
    unbundle::monte_carlo_options mc;
    mc.draws = 0;
    auto ident = [](const vector_d& x) -> vector_d { return x; };
    CHECK_THROWS_WITH_AS(unbundle::monte_carlo<double>(b, V, ident, mc), doctest::Contains("monte_carlo"),
                         unbundle::usage_error);
    mc.draws = 200;
    mc.threads = 2;
    const auto r = unbundle::monte_carlo<double>(b, V, ident, mc);
    CHECK(r.succeeded == 200);
    CHECK(std::abs(r.mean(0) - 0.5) <= 4 * 0.2 / std::sqrt(200.0));
    CHECK(r.sd(1) == doctest::Approx(0.3).epsilon(0.2));
    // a draw that throws is counted, not propagated
    auto sometimes = [](const vector_d& x) -> vector_d {
        if (x(0) > 0.5) throw unbundle::convergence_error("did not converge", 3, 1.0);
        return x;
    };
    const auto f = unbundle::monte_carlo<double>(b, V, sometimes, mc);
    CHECK(f.failed > 0);
    CHECK(f.failed + f.succeeded == 200);
    CHECK(f.failures.front().find("did not converge") != std::string::npos);
    CHECK(f.mean(0) < 0.5);
}

TEST_CASE("ge: a fall in Baldwin's ideas costs defines an experiment (tau_hat from trade_costs)") {
    const unbundle::economy_index econ{"A", "B", "C"};
    matrix_d goods = matrix_d::Constant(3, 3, 0.4), ideas = matrix_d::Constant(3, 3, 0.6),
             people = matrix_d::Constant(3, 3, 0.8);
    const unbundle::trade_costs<double> c0(econ, goods, ideas, people);
    const auto c1 = c0.cut(unbundle::cost_component::ideas, 0.5);
    unbundle::cost_loadings<double> a;
    a.a = {1.0, 1.0, 0.2};
    const matrix_d That = unbundle::t_hat_from_costs(c0, c1, a, 4); // an integer θ is accepted
    // off the diagonal: tau falls from 1.6 to 1.3 in the ideas factor -> T_hat = (1.3/1.6)^(-4)
    CHECK(That(0, 1) == doctest::Approx(std::pow(1.3 / 1.6, -4.0)).epsilon(1e-14));
    CHECK(That(1, 1) == 1.0);
    matrix_d X(3, 3);
    X << 100, 10, 5, 8, 120, 6, 4, 9, 90;
    const auto h = unbundle::solve_hat_algebra(X, That, unbundle::hat_options{});
    REQUIRE(h.info.converged);
    CHECK((h.welfare.array() > 1).all()); // cheaper ideas raise everyone's real income here
}
