// Tests of mrio/lockdown.hpp: the labour-supply shock −(1 − remote) × stringency × S row by row,
// its propagation as a Ghosh supply shock (against propagate_shock and a hand-computed 2-region
// case), the default WIOD remote shares, WIOD 2011 (a uniform −10% final-demand shock gives −10%
// output everywhere; a lockdown runs for all 41 regions) and every bad input.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/mrio/lockdown.hpp>

#include <cmath>

namespace {

// Two regions x two sectors; x = Z 1 + Y 1 (balanced).
unbundle::mrio<double> small_table() {
    unbundle::matrix_d Z(4, 4), Y(4, 2);
    Z << 1, 2, 3, 4, //
        1, 1, 1, 1,  //
        2, 0, 1, 0,  //
        0, 1, 0, 2;
    Y << 10, 5, //
        8, 2,   //
        1, 9,   //
        2, 7;
    return unbundle::mrio<double>(unbundle::economy_index{"A", "B"}, unbundle::sector_index{"s1", "s2"}, Z, Y);
}

// Two regions, one sector each (as tests/mrio/shock.test.cpp): L = [[4/3, 2/3], [2/9, 16/9]],
// x = (100, 100), va = (70, 30).
unbundle::mrio<double> lockdown_two_regions() {
    unbundle::matrix_d Z(2, 2), Y(2, 2);
    Z << 20, 30, 10, 40;
    Y << 40, 10, 20, 30;
    return unbundle::mrio<double>(unbundle::economy_index{"AAA", "BBB"}, unbundle::sector_index{"m"}, Z, Y);
}

} // namespace

TEST_CASE("lockdown: the shock is -(1 - remote) x stringency x labour share, row by row") {
    const auto t = small_table();
    unbundle::lockdown_options o;
    o.remote = {{"*", 0.5}, {"s2", 0.8}};
    o.labour_share = 0.7;
    const auto s = unbundle::lockdown_shock(t, {{"*", 0.4}, {"B", 1.0}}, o);
    REQUIRE(s.size() == 4);
    CHECK(s(0) == doctest::Approx(-0.5 * 0.4 * 0.7).epsilon(1e-15)); // A s1
    CHECK(s(1) == doctest::Approx(-0.2 * 0.4 * 0.7).epsilon(1e-15)); // A s2
    CHECK(s(2) == doctest::Approx(-0.5 * 1.0 * 0.7).epsilon(1e-15)); // B s1
    CHECK(s(3) == doctest::Approx(-0.2 * 1.0 * 0.7).epsilon(1e-15)); // B s2
    // a region no entry names does not lock down
    const auto s2 = unbundle::lockdown_shock(t, {{"B", 0.5}}, o);
    CHECK(s2(0) == 0.0);
    CHECK(s2(1) == 0.0);
    CHECK(s2(2) < 0.0);
}

TEST_CASE("lockdown: propagation is the Ghosh supply shock, with its attribution") {
    const auto t = small_table();
    const unbundle::leontief<double> L(t);
    unbundle::lockdown_options o;
    o.remote = {{"s1", 0.1}, {"s2", 0.6}};
    const std::vector<unbundle::stringency_entry> str{{"A", 0.9}, {"B", 0.3}};
    const auto r = unbundle::lockdown(L, t, str, o);
    const auto ref =
        unbundle::propagate_shock(L, t, unbundle::lockdown_shock(t, str, o), {unbundle::shock_model::supply, true});
    CHECK(r.model == unbundle::shock_model::supply);
    REQUIRE(r.has_attribution());
    CHECK(unbundle::test::is_approx(r.d_output, ref.d_output, 1e-15));
    CHECK(unbundle::test::is_approx(r.spillover, ref.spillover, 1e-15));
    // the split is exact: domestic + transmitted = total
    for (unbundle::index_t g = 0; g < 2; ++g)
        CHECK(r.domestic_pct(g) + r.transmitted_pct(g) == doctest::Approx(r.gdp_pct(g)).epsilon(1e-13));
    CHECK(r.share_of_regions_declining() == 1.0);
    CHECK(r.world_gdp_pct() < 0.0);
    // without attribution: same totals
    o.attribution = false;
    const auto r2 = unbundle::lockdown(t, str, o);
    CHECK_FALSE(r2.has_attribution());
    CHECK(r2.world_gdp_pct() == doctest::Approx(r.world_gdp_pct()).epsilon(1e-14));
}

TEST_CASE("lockdown: a lockdown of one region on a 2-region table equals the hand computation") {
    const auto t = lockdown_two_regions();
    unbundle::lockdown_options o;
    o.remote = {{"m", 0.5}};
    o.labour_share = 0.5;
    // BBB: s = −0.5 × 0.8 × 0.5 = −0.2; dva = (0, −6); x̂⁻¹dva = (0, −0.06); Lᵀ(…) = (−0.06·2/9, −0.06·16/9)
    // dx = (−4/3, −32/3); dgdp = (−14/15, −16/5)
    const auto r = unbundle::lockdown(t, {{"BBB", 0.8}}, o);
    CHECK(r.impulse(1) == doctest::Approx(-6.0).epsilon(1e-14));
    CHECK(r.d_output(0) == doctest::Approx(-4.0 / 3).epsilon(1e-13));
    CHECK(r.d_output(1) == doctest::Approx(-32.0 / 3).epsilon(1e-13));
    CHECK(r.region_d_gdp(0) == doctest::Approx(-14.0 / 15).epsilon(1e-13));
    CHECK(r.region_d_gdp(1) == doctest::Approx(-16.0 / 5).epsilon(1e-13));
    CHECK(r.transmitted_pct(0) == doctest::Approx(r.gdp_pct(0)).epsilon(1e-13)); // AAA's loss is all transmitted
    CHECK(r.domestic_pct(0) == 0.0);
    CHECK(r.transmitted_pct(1) == 0.0);
    CHECK(r.share_of_regions_declining() == 1.0);
}

TEST_CASE("lockdown: default remote shares cover WIOD's 35 sectors in [0, 1]") {
    const auto d = unbundle::wiod2013_remote_shares();
    REQUIRE(d.size() == 35);
    for (std::size_t k = 0; k < d.size(); ++k) {
        CHECK(d[k].sector == "c" + std::to_string(k + 1));
        CHECK(d[k].remote_share >= 0.0);
        CHECK(d[k].remote_share <= 1.0);
    }
    CHECK(d[21].remote_share < d[31].remote_share); // hotels and restaurants vs education
    // a table with other sector codes needs its own shares
    CHECK_THROWS_AS(unbundle::lockdown_shock(small_table(), {{"*", 0.5}}), unbundle::key_error);
}

TEST_CASE("lockdown: on a generated world every region declines and the split adds up") {
    unbundle::demo_world_options wo;
    wo.regions = 10;
    const auto t = unbundle::make_demo_world(wo);
    unbundle::lockdown_options o;
    o.remote = {{"*", 0.2}};
    const auto r = unbundle::lockdown(t, {{"*", 0.5}}, o);
    // uniform shock −0.8 × 0.5 × 0.6 = −0.24 of every value added: every output falls by 24% (Ghosh)
    for (unbundle::index_t i = 0; i < t.n(); ++i)
        CHECK(r.d_output(i) / t.x()(i) == doctest::Approx(-0.24).epsilon(1e-12));
    CHECK(r.world_gdp_pct() == doctest::Approx(-24.0).epsilon(1e-12));
    CHECK(r.share_of_regions_declining() == 1.0);
    for (unbundle::index_t g = 0; g < r.num_regions(); ++g)
        CHECK(r.domestic_pct(g) + r.transmitted_pct(g) == doctest::Approx(r.gdp_pct(g)).epsilon(1e-12));
}

TEST_CASE("lockdown: WIOD 2011 — uniform demand shock and a lockdown of all 41 regions" *
          doctest::skip(!unbundle::test::has_data("wiod2013/2011"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "wiod2013/2011");
    // balanced (x = Z 1 + Y 1, which turns a few WIOD outputs slightly negative: allowed here)
    const auto t = unbundle::read_mrio(dir.string()).balanced();
    unbundle::leontief_options lo;
    lo.allow_negative_output = true;
    const unbundle::leontief<double> L(t, lo);
    // a uniform 10% fall in final demand: Δx = L(−0.1 y) = −0.1 x, −10% output everywhere
    const auto d = unbundle::propagate_shock(L, t, unbundle::shock_vector(t, {{"*", "*", -0.1}}),
                                             {unbundle::shock_model::demand, false});
    for (unbundle::index_t i = 0; i < t.n(); ++i)
        if (t.x()(i) > 0) CHECK(d.d_output(i) / t.x()(i) == doctest::Approx(-0.1).epsilon(1e-9));
    for (unbundle::index_t g = 0; g < t.num_regions(); ++g)
        CHECK(d.output_pct(g) == doctest::Approx(-10.0).epsilon(1e-9));
    CHECK(d.world_gdp_pct() == doctest::Approx(-10.0).epsilon(1e-9));

    // a 2020-style lockdown: stringency 0.6 everywhere, 0.8 in Italy, Spain and India, default shares
    const auto tp = unbundle::read_mrio(dir.string());
    const unbundle::leontief<double> Lp(tp);
    // with the published x, whose rows do not balance (x − Z 1 − Y 1 ≠ 0), the change is −0.1 L y,
    // not −0.1 x: regional output falls by 9.49–10% of the published x (by 10% exactly of L y)
    const auto dp = unbundle::propagate_shock(Lp, tp, unbundle::shock_vector(tp, {{"*", "*", -0.1}}),
                                              {unbundle::shock_model::demand, false});
    const unbundle::vector_d Ly = Lp.solve(tp.y());
    CHECK(unbundle::test::max_rel_diff(dp.d_output, unbundle::vector_d(-0.1 * Ly)) < 1e-9);
    for (unbundle::index_t g = 0; g < tp.num_regions(); ++g) {
        CHECK(dp.output_pct(g) > -10.01);
        CHECK(dp.output_pct(g) < -9.4);
    }
    const auto r = unbundle::lockdown(Lp, tp, {{"*", 0.6}, {"ITA", 0.8}, {"ESP", 0.8}, {"IND", 0.8}});
    REQUIRE(r.num_regions() == 41);
    CHECK(r.has_attribution());
    CHECK(r.share_of_regions_declining() == 1.0);
    CHECK(r.world_gdp_pct() < -5.0);
    CHECK(r.world_gdp_pct() > -40.0);
    for (unbundle::index_t g = 0; g < 41; ++g) {
        CHECK(std::isfinite(r.gdp_pct(g)));
        CHECK(r.domestic_pct(g) + r.transmitted_pct(g) == doctest::Approx(r.gdp_pct(g)).epsilon(1e-10));
    }
}

TEST_CASE("lockdown: bad input") {
    const auto t = small_table();
    unbundle::lockdown_options o;
    o.remote = {{"*", 0.3}};
    CHECK_THROWS_AS(unbundle::lockdown_shock(t, {{"C", 0.5}}, o), unbundle::key_error);
    CHECK_THROWS_WITH_AS(unbundle::lockdown_shock(t, {{"A", 1.5}}, o),
                         doctest::Contains("stringency must be in [0, 1]"), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::lockdown_shock(t, {{"A", -0.1}}, o), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::lockdown_shock(t, {{"A", std::nan("")}}, o), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::lockdown_shock(t, {}, o), unbundle::domain_error);
    unbundle::lockdown_options bad = o;
    bad.remote = {{"s9", 0.3}};
    CHECK_THROWS_WITH_AS(unbundle::lockdown_shock(t, {{"A", 0.5}}, bad), doctest::Contains("unknown sector 's9'"),
                         unbundle::key_error);
    bad.remote = {{"*", 1.2}};
    CHECK_THROWS_AS(unbundle::lockdown_shock(t, {{"A", 0.5}}, bad), unbundle::domain_error);
    bad.remote = {{"s1", 0.3}}; // s2 not covered
    CHECK_THROWS_WITH_AS(unbundle::lockdown_shock(t, {{"A", 0.5}}, bad), doctest::Contains("sector 's2'"),
                         unbundle::key_error);
    bad = o;
    bad.labour_share = 1.1;
    CHECK_THROWS_AS(unbundle::lockdown_shock(t, {{"A", 0.5}}, bad), unbundle::domain_error);
    // shocks below −100% and unknown codes in a plain shock
    CHECK_THROWS_AS(unbundle::shock_vector(t, {{"A", "s1", -1.2}}), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::shock_vector(t, {{"Z", "s1", -0.2}}), unbundle::key_error);
    CHECK_THROWS_AS(unbundle::shock_vector(t, {{"A", "s7", -0.2}}), unbundle::key_error);
    // a table that is not productive
    unbundle::matrix_d Z(2, 2), Y(2, 2);
    Z << 20, 30, 10, 40;
    Y << 40, 10, 20, 30;
    const unbundle::mrio<double> np(unbundle::economy_index{"AAA", "BBB"}, unbundle::sector_index{"m"}, Z, Y,
                                    unbundle::vector_d::Constant(2, 20.0));
    unbundle::lockdown_options on;
    on.remote = {{"m", 0.2}};
    CHECK_THROWS_WITH_AS(unbundle::lockdown(np, {{"*", 0.5}}, on), doctest::Contains("BBB_m (3.5), AAA_m (1.5)"),
                         unbundle::domain_error);
}
