// Shocks in general equilibrium (scenario/shocks.hpp) and the model's productivity and
// labour-supply changes (supply_hats of scenario/model.hpp): no shock changes nothing, Hulten's
// first-order result in a closed Cobb–Douglas economy, the closed form of a uniform labour-supply
// change, signs, bad input.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/demo_world.hpp>
#include <unbundle/mrio/influence.hpp>
#include <unbundle/scenario/model.hpp>
#include <unbundle/scenario/shocks.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {
using unbundle::index_t;
using unbundle::matrix_d;
using unbundle::vector_d;

/// A random N x J table with deficits (every flow positive).
unbundle::mrio<double> small_world(index_t N, index_t J, unsigned seed) {
    std::mt19937 g(seed);
    std::uniform_real_distribution<double> u(0.1, 1.0);
    const index_t n = N * J;
    matrix_d Z(n, n), Y(n, N);
    for (index_t c = 0; c < n; ++c)
        for (index_t r = 0; r < n; ++r) Z(r, c) = u(g) * ((r / J == c / J) ? 4.0 : 1.0);
    for (index_t c = 0; c < N; ++c)
        for (index_t r = 0; r < n; ++r) Y(r, c) = 10.0 * u(g) * ((r / J == c) ? 5.0 : 1.0);
    std::vector<std::string> rc;
    for (index_t i = 0; i < N; ++i) rc.push_back("E" + std::to_string(i));
    std::vector<unbundle::sector> secs;
    for (index_t j = 0; j < J; ++j) secs.push_back({"s" + std::to_string(j), "", unbundle::sector_kind::goods});
    return unbundle::mrio<double>(unbundle::economy_index(rc), unbundle::sector_index(secs), Z, Y);
}

std::vector<unbundle::remote_share_entry> remote(double r) { return {{"*", r}}; }

unbundle::lockdown_options lock_opts(double remote_share, double labour_share) {
    unbundle::lockdown_options o;
    o.remote = remote(remote_share);
    o.labour_share = labour_share;
    return o;
}
} // namespace

TEST_CASE("multisector_model: empty or unit supply_hats give the solution without them exactly") {
    const auto t = small_world(3, 2, 7);
    const unbundle::multisector_model<> m(t);
    auto k = unbundle::cost_hats<>::ones(3, 2);
    k.intermediate[0] *= 0.8;
    k.intermediate[0].diagonal().setOnes();
    const auto a = m.solve(k);
    const auto b = m.solve(k, unbundle::supply_hats<>{});
    const auto c = m.solve(k, unbundle::supply_hats<>{vector_d::Ones(6), vector_d::Ones(3)});
    REQUIRE(a.solver.converged);
    for (const auto* e : {&b, &c}) {
        CHECK(e->solver.iterations == a.solver.iterations);
        CHECK((e->wage_hat - a.wage_hat).cwiseAbs().maxCoeff() == 0.0);
        CHECK((e->unit_cost_hat - a.unit_cost_hat).cwiseAbs().maxCoeff() == 0.0);
        CHECK((e->table.Z() - a.table.Z()).cwiseAbs().maxCoeff() == 0.0);
        CHECK((e->welfare_hat - a.welfare_hat).cwiseAbs().maxCoeff() == 0.0);
    }
}

TEST_CASE("ge_shock_result: a decline counts below -1e-9 percent, round-off does not") {
    unbundle::ge_shock_result<double> r;
    r.gdp_pct = unbundle::vector_x<double>(4);
    r.gdp_pct << -1e-12, -2e-9, 0.5, -3.0; // round-off, two declines, a gain
    r.linear_gdp_pct = -r.gdp_pct;
    CHECK(r.share_of_regions_declining() == 0.5);
    CHECK(r.linear_share_of_regions_declining() == 0.25);
}

TEST_CASE("ge_lockdown and ge_productivity: no shock changes nothing (1e-12)") {
    const auto t = unbundle::make_demo_world();
    const auto o = lock_opts(0.3, 0.6);
    const auto r = unbundle::ge_lockdown(t, {{"*", 0.0}}, o);
    REQUIRE(r.solver().converged);
    const index_t G = t.num_regions();
    REQUIRE(r.gdp_pct.size() == G);
    CHECK(r.gdp_pct.cwiseAbs().maxCoeff() <= 1e-10); // percent: hats to 1e-12
    CHECK(r.nominal_gdp_pct.cwiseAbs().maxCoeff() <= 1e-10);
    CHECK(r.real_income_pct.cwiseAbs().maxCoeff() <= 1e-10);
    CHECK(r.linear_gdp_pct.cwiseAbs().maxCoeff() == 0.0);
    CHECK(std::abs(r.world_gdp_pct) <= 1e-10);
    CHECK(r.share_of_regions_declining() == 0.0);
    const auto& b = r.eq.table;
    const double scale = t.x().maxCoeff();
    CHECK((b.x() - t.x()).cwiseAbs().maxCoeff() / scale <= 1e-12);
    CHECK((b.Z() - t.Z()).cwiseAbs().maxCoeff() / scale <= 1e-12);
    const auto p = unbundle::ge_productivity(t, {{"*", "*", 0.0}});
    REQUIRE(p.solver().converged);
    CHECK(p.gdp_pct.cwiseAbs().maxCoeff() <= 1e-10);
    CHECK(std::abs(p.world_gdp_pct) <= 1e-10);
    CHECK(p.linear_gdp_pct.cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("ge_productivity: a closed Cobb-Douglas economy matches Hulten's first order (1% at a 1% shock)") {
    // One economy: no trade, Cobb–Douglas technology and final demand (the model's nests), one
    // factor in fixed supply. Hulten (1978): d ln GDP = Σ λ_i d ln A_i, λ = x / GDP.
    const auto t = small_world(1, 4, 11);
    const unbundle::multisector_model<> m(t);
    const auto inf = unbundle::influence(t);
    for (const double s : {0.01, 0.001}) {
        vector_d A = vector_d::Ones(4);
        A(1) = 1.0 + s;
        A(3) = 1.0 + 0.5 * s;
        const auto r = unbundle::ge_productivity(m, t, A);
        REQUIRE(r.solver().converged);
        const double hulten = unbundle::hulten_gdp_change(inf, vector_d(A.array().log().matrix()));
        const double ge = std::log(1.0 + r.gdp_pct(0) / 100.0);
        CAPTURE(s);
        CAPTURE(hulten);
        CAPTURE(ge);
        CHECK(std::abs(ge - hulten) / std::abs(hulten) < (s > 0.005 ? 0.01 : 0.001));
        // real income in the closed Cobb–Douglas economy: ln(ŵ / P̂) = Σ λ ln Â exactly
        CHECK(std::log(1.0 + r.real_income_pct(0) / 100.0) == doctest::Approx(hulten).epsilon(1e-9));
        // the linear (first-order) world result is Hulten's
        CHECK(r.linear_world_gdp_pct == doctest::Approx(100.0 * hulten).epsilon(1e-12));
        CHECK(r.gdp_pct(0) > 0.0);
        CHECK(std::abs(r.nominal_gdp_pct(0)) <= 1e-10); // one economy: its GDP is the numeraire
    }
}

TEST_CASE("ge_lockdown: a uniform labour-supply change L everywhere scales every real GDP by L") {
    // Constant returns, no trade-cost change: ŵ = 1/L̂ (world nominal GDP the numeraire), every
    // price × 1/L̂, every nominal flow unchanged, real GDP × L̂ (deficits fixed in nominal terms too).
    const auto t = small_world(3, 2, 5);
    const auto o = lock_opts(0.5, 0.5); // L̂ = 1 − 0.5 × 0.4 × 0.5 = 0.9
    const auto r = unbundle::ge_lockdown(t, {{"*", 0.4}}, o);
    REQUIRE(r.solver().converged);
    for (index_t g = 0; g < 3; ++g) {
        CHECK(r.labour_hat(g) == doctest::Approx(0.9).epsilon(1e-15));
        CHECK(r.gdp_pct(g) == doctest::Approx(-10.0).epsilon(1e-9));
        CHECK(std::abs(r.nominal_gdp_pct(g)) <= 1e-9);
        CHECK(r.real_income_pct(g) == doctest::Approx(-10.0).epsilon(1e-9));
        CHECK(r.eq.wage_hat(g) == doctest::Approx(1.0 / 0.9).epsilon(1e-11));
        CHECK(r.eq.price_hat(g) == doctest::Approx(1.0 / 0.9).epsilon(1e-11));
        // the linear (Ghosh) result of a uniform −10% value-added shock is −10% too
        CHECK(r.linear_gdp_pct(g) == doctest::Approx(-10.0).epsilon(1e-10));
    }
    CHECK(r.world_gdp_pct == doctest::Approx(-10.0).epsilon(1e-9));
    CHECK(r.share_of_regions_declining() == 1.0);
    CHECK((r.eq.table.x() - t.x()).cwiseAbs().maxCoeff() / t.x().maxCoeff() <= 1e-10);
}

TEST_CASE("ge_lockdown and ge_productivity: signs on the demo world") {
    const auto t = unbundle::make_demo_world();
    const index_t G = t.num_regions();
    const std::string a = t.regions()[0], b = t.regions()[1];
    // a lockdown of one region: its real GDP falls most, its wage falls relative to the others
    const auto r = unbundle::ge_lockdown(t, {{a, 0.5}}, lock_opts(0.3, 0.6));
    REQUIRE(r.solver().converged);
    CHECK(r.labour_hat(0) == doctest::Approx(1.0 - 0.7 * 0.5 * 0.6));
    CHECK(r.gdp_pct(0) < 0.0);
    CHECK(r.linear_gdp_pct(0) < 0.0);
    CHECK(r.gdp_pct(0) == r.gdp_pct.minCoeff());
    CHECK(r.world_gdp_pct < 0.0);
    CHECK(r.linear.has_attribution());
    for (index_t g = 1; g < G; ++g) {
        CHECK(r.labour_hat(g) == 1.0);
        CHECK(std::abs(r.gdp_pct(g)) < std::abs(r.gdp_pct(0)) / 10); // others: second order in quantities
    }
    // scarce labour: its price rises relative to the unshocked regions'
    CHECK(r.eq.wage_hat(0) > r.eq.wage_hat(1));
    // a productivity gain in one region-sector raises that region's real GDP and world GDP
    const auto p = unbundle::ge_productivity(t, {{b, "*", 0.02}});
    REQUIRE(p.solver().converged);
    CHECK(p.gdp_pct(1) > 0.0);
    CHECK(p.linear_gdp_pct(1) > 0.0);
    CHECK(p.world_gdp_pct > 0.0);
    CHECK(p.share_of_regions_declining() < 1.0);
    // the first-order result is close for a small shock: within 5% of the GE real GDP change
    CHECK(p.gdp_pct(1) == doctest::Approx(p.linear_gdp_pct(1)).epsilon(0.05));
}

TEST_CASE("ge_lockdown, ge_productivity, supply_hats: bad input") {
    const auto t = small_world(2, 2, 3);
    const auto o = lock_opts(0.3, 0.6);
    CHECK_THROWS_AS(unbundle::ge_lockdown(t, {{"*", 1.5}}, o), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::ge_lockdown(t, {{"*", -0.1}}, o), unbundle::domain_error);
    CHECK_THROWS_WITH_AS(unbundle::ge_lockdown(t, {{"XX", 0.5}}, o), doctest::Contains("unknown region 'XX'"),
                         unbundle::key_error);
    CHECK_THROWS_AS(unbundle::ge_lockdown(t, {{"*", 0.5}}, lock_opts(0.3, 1.2)), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::ge_lockdown(t, {{"*", 0.5}}), unbundle::key_error); // no remote share for s0
    CHECK_THROWS_AS(unbundle::ge_productivity(t, {{"XX", "*", 0.1}}), unbundle::key_error);
    CHECK_THROWS_AS(unbundle::ge_productivity(t, {{"*", "s9", 0.1}}), unbundle::key_error);
    CHECK_THROWS_AS(unbundle::ge_productivity(t, {{"*", "*", -1.5}}), unbundle::domain_error);
    CHECK_THROWS_WITH_AS(unbundle::ge_productivity(t, {{"E1", "s0", -1.0}}), doctest::Contains("E1_s0"),
                         unbundle::domain_error);
    const unbundle::multisector_model<> m(t);
    CHECK_THROWS_AS(unbundle::ge_productivity(m, t, vector_d::Ones(3)), unbundle::dimension_error);
    CHECK_THROWS_AS(m.solve(unbundle::cost_hats<>::ones(2, 2), unbundle::supply_hats<>{vector_d::Ones(3), {}}),
                    unbundle::dimension_error);
    CHECK_THROWS_AS(m.solve(unbundle::cost_hats<>::ones(2, 2), unbundle::supply_hats<>{{}, vector_d::Ones(3)}),
                    unbundle::dimension_error);
    CHECK_THROWS_WITH_AS(
        m.solve(unbundle::cost_hats<>::ones(2, 2), unbundle::supply_hats<>{{}, vector_d::Constant(2, -1.0)}),
        doctest::Contains("labour-supply change of E0"), unbundle::domain_error);
    vector_d A = vector_d::Ones(4);
    A(3) = std::nan("");
    CHECK_THROWS_WITH_AS(m.solve(unbundle::cost_hats<>::ones(2, 2), unbundle::supply_hats<>{A, {}}),
                         doctest::Contains("E1_s1"), unbundle::domain_error);
    const auto t3 = small_world(3, 2, 3);
    const unbundle::leontief<double> L3(t3);
    CHECK_THROWS_AS(unbundle::ge_lockdown(m, L3, t3, {{"*", 0.5}}, o), unbundle::dimension_error);
}
