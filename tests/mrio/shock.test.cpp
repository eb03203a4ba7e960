// Tests of mrio/shock.hpp: closed forms on a 2-region table (L computed by hand), the Leontief and
// Ghosh identities on the leather table and on WIOD 2011, the exact split of the attribution,
// the wildcard rules of shock_vector and every bad input.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/mrio/shock.hpp>

#include <cmath>

namespace {

// Two regions, one sector each. x = (100, 100), A = [[.2,.3],[.1,.4]], det(I − A) = 0.45,
// L = [[4/3, 2/3], [2/9, 16/9]], va = (70, 30), v = (.7, .3), y = (50, 50).
template <class Scalar> unbundle::mrio<Scalar> two_regions() {
    unbundle::matrix_x<Scalar> Z(2, 2), Y(2, 2);
    Z << 20, 30, 10, 40;
    Y << 40, 10, 20, 30;
    return unbundle::mrio<Scalar>(unbundle::economy_index{"AAA", "BBB"}, unbundle::sector_index{"m"}, Z, Y);
}

} // namespace

TEST_CASE_TEMPLATE("io: demand shock on a 2-region table equals the hand-computed L dy", Scalar, double, float) {
    const double tol = std::is_same_v<Scalar, float> ? 1e-5 : 1e-13;
    const auto t = two_regions<Scalar>();
    const unbundle::leontief<Scalar> L(t);
    const auto s = unbundle::shock_vector(t, {{"AAA", "*", -0.2}});
    const auto r = unbundle::propagate_shock(L, t, s, {unbundle::shock_model::demand, true});
    // dy = (-10, 0); dx = L dy = (-40/3, -20/9); dgdp = v dx = (-28/3, -2/3)
    CHECK(static_cast<double>(r.d_output(0)) == doctest::Approx(-40.0 / 3).epsilon(tol));
    CHECK(static_cast<double>(r.d_output(1)) == doctest::Approx(-20.0 / 9).epsilon(tol));
    CHECK(static_cast<double>(r.region_d_gdp(0)) == doctest::Approx(-28.0 / 3).epsilon(tol));
    CHECK(static_cast<double>(r.region_d_gdp(1)) == doctest::Approx(-2.0 / 3).epsilon(tol));
    CHECK(static_cast<double>(r.gdp_pct(0)) == doctest::Approx(-100.0 * 28 / 3 / 70).epsilon(tol));
    CHECK(static_cast<double>(r.gdp_pct(1)) == doctest::Approx(-100.0 * 2 / 3 / 30).epsilon(tol));
    CHECK(static_cast<double>(r.output_pct(0)) == doctest::Approx(-40.0 / 3).epsilon(tol));
    CHECK(static_cast<double>(r.world_gdp_pct()) == doctest::Approx(-10.0).epsilon(tol)); // = Σ dy / Σ va
    CHECK(static_cast<double>(r.share_of_regions_declining()) == 1.0);
    // attribution: BBB's whole loss is transmitted from AAA
    CHECK(static_cast<double>(r.spillover(0, 1)) == doctest::Approx(-2.0 / 3).epsilon(tol));
    CHECK(static_cast<double>(r.spillover(1, 0)) == 0.0);
    CHECK(static_cast<double>(r.spillover(1, 1)) == 0.0);
    CHECK(static_cast<double>(r.domestic_pct(1)) == 0.0);
    CHECK(static_cast<double>(r.transmitted_pct(1)) == doctest::Approx(-100.0 * 2 / 3 / 30).epsilon(tol));
    CHECK(static_cast<double>(r.domestic_pct(0)) == doctest::Approx(static_cast<double>(r.gdp_pct(0))).epsilon(tol));
}

TEST_CASE("io: supply shock on a 2-region table equals the hand-computed Ghosh dx' = dva' G") {
    const auto t = two_regions<double>();
    const unbundle::leontief<double> L(t);
    const auto r = unbundle::propagate_shock(L, t, unbundle::shock_vector(t, {{"BBB", "m", -0.5}}),
                                             {unbundle::shock_model::supply, false});
    // dva = (0, -15); dx = x̂ Lᵀ x̂⁻¹ dva = (-10/3, -80/3); dgdp = (-7/3, -8)
    CHECK(r.impulse(1) == doctest::Approx(-15.0).epsilon(1e-15));
    CHECK(r.d_output(0) == doctest::Approx(-10.0 / 3).epsilon(1e-13));
    CHECK(r.d_output(1) == doctest::Approx(-80.0 / 3).epsilon(1e-13));
    CHECK(r.region_d_gdp(0) == doctest::Approx(-7.0 / 3).epsilon(1e-13));
    CHECK(r.region_d_gdp(1) == doctest::Approx(-8.0).epsilon(1e-13));
    CHECK_FALSE(r.has_attribution());
    CHECK_THROWS_AS(r.domestic_pct(0), unbundle::usage_error);
}

TEST_CASE("io: shocks on the leather table satisfy the Leontief and Ghosh identities and split exactly" *
          doctest::skip(!unbundle::test::has_data("leather"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "leather");
    const auto t = unbundle::read_mrio(dir.string());
    const unbundle::leontief<double> L(t);
    const unbundle::index_t n = t.n(), G = t.num_regions();
    const unbundle::matrix_d A = unbundle::technical_coefficients(t);
    // different shocks in every row, so no identity holds by accident
    unbundle::vector_d s(n);
    for (unbundle::index_t i = 0; i < n; ++i)
        s(i) = -0.05 - 0.4 * static_cast<double>((i * 7) % n) / static_cast<double>(n);

    const auto d = unbundle::propagate_shock(L, t, s, {unbundle::shock_model::demand, true});
    // (I − A) dx = dy, and world GDP change = Σ dy (v'L = 1 in a table that balances)
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(d.d_output - A * d.d_output), d.impulse) < 1e-10);
    CHECK(d.region_d_gdp.sum() == doctest::Approx(d.impulse.sum()).epsilon(1e-10));
    // the spillover columns add up to each region's change; rows = effect of each source
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(d.spillover.colwise().sum().transpose()), d.region_d_gdp) <
          1e-12);
    for (unbundle::index_t r = 0; r < G; ++r)
        CHECK(d.domestic_pct(r) + d.transmitted_pct(r) == doctest::Approx(d.gdp_pct(r)).epsilon(1e-12));
    // attribution does not change the totals
    const auto d1 = unbundle::propagate_shock(L, t, s, {unbundle::shock_model::demand, false});
    CHECK(unbundle::test::max_rel_diff(d1.d_output, d.d_output) < 1e-12);

    const auto u = unbundle::propagate_shock(L, t, s, {unbundle::shock_model::supply, true});
    // Ghosh: dx'(I − B) = dva' with B = x̂⁻¹ Z
    const unbundle::matrix_d B = t.x().cwiseInverse().asDiagonal() * t.Z();
    const unbundle::vector_d lhs = u.d_output - B.transpose() * u.d_output;
    CHECK(unbundle::test::max_rel_diff(lhs, u.impulse) < 1e-10);
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(u.spillover.colwise().sum().transpose()), u.region_d_gdp) <
          1e-12);
    // a uniform supply shock of -10% lowers every output by 10% (x' = va' G is linear in va)
    const auto w = unbundle::propagate_shock(t, {{"*", "*", -0.1}}, {unbundle::shock_model::supply, false});
    CHECK(unbundle::test::max_rel_diff(w.d_output, unbundle::vector_d(-0.1 * t.x())) < 1e-10);
    for (unbundle::index_t r = 0; r < G; ++r) CHECK(w.output_pct(r) == doctest::Approx(-10.0).epsilon(1e-10));
}

TEST_CASE("io: a demand shock to one WIOD 2011 economy is transmitted to the others through value chains" *
          doctest::skip(!unbundle::test::has_data("wiod2013/2011"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "wiod2013/2011");
    const auto t = unbundle::read_mrio(dir.string());
    const unbundle::leontief<double> L(t);
    const auto r = unbundle::propagate_shock(L, t, unbundle::shock_vector(t, {{"CHN", "*", -0.1}}),
                                             {unbundle::shock_model::demand, true});
    const unbundle::index_t chn = t.regions().index("CHN"), G = t.num_regions();
    // only China's row of the spillover matrix is non-zero; every economy loses something
    for (unbundle::index_t s = 0; s < G; ++s)
        if (s != chn) CHECK(unbundle::test::max_abs(r.spillover.row(s)) == 0.0);
    CHECK(r.share_of_regions_declining() == 1.0);
    // the world loses what China's final demand loses (v'L = 1 where output is positive)
    CHECK(r.region_d_gdp.sum() == doctest::Approx(r.impulse.sum()).epsilon(1e-10));
    // most of it is Chinese value added; the transmitted part is what foreign suppliers lose
    CHECK(r.domestic_pct(chn) == doctest::Approx(r.gdp_pct(chn)).epsilon(1e-12));
    const unbundle::index_t kor = t.regions().index("KOR");
    CHECK(r.transmitted_pct(kor) < 0.0);
    CHECK(r.domestic_pct(kor) == 0.0);
}

TEST_CASE("io: shock_vector applies wildcards in order, later entries replace earlier ones") {
    const auto t = two_regions<double>();
    const auto s = unbundle::shock_vector(t, {{"*", "*", -0.1}, {"BBB", "*", -0.3}});
    CHECK(s(0) == -0.1);
    CHECK(s(1) == -0.3);
    const auto s2 = unbundle::shock_vector(t, {{"BBB", "*", -0.3}, {"*", "m", 0.25}});
    CHECK(s2(0) == 0.25);
    CHECK(s2(1) == 0.25);
    CHECK(unbundle::test::max_abs(unbundle::shock_vector(t, {})) == 0.0);
}

TEST_CASE("io: bad shocks are clear errors") {
    const auto t = two_regions<double>();
    CHECK_THROWS_WITH_AS(unbundle::shock_vector(t, {{"ZZZ", "*", -0.1}}),
                         doctest::Contains("entry 1 (ZZZ,*): unknown region 'ZZZ'"), unbundle::key_error);
    CHECK_THROWS_WITH_AS(unbundle::shock_vector(t, {{"*", "*", 0.1}, {"AAA", "x", -0.1}}),
                         doctest::Contains("entry 2 (AAA,x): unknown sector 'x'"), unbundle::key_error);
    CHECK_THROWS_WITH_AS(unbundle::shock_vector(t, {{"AAA", "m", -1.5}}), doctest::Contains("at least -1"),
                         unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::shock_vector(t, {{"AAA", "m", std::nan("")}}), unbundle::domain_error);
    const unbundle::leontief<double> L(t);
    CHECK_THROWS_AS(unbundle::propagate_shock(L, t, unbundle::vector_d::Zero(3)), unbundle::dimension_error);
    unbundle::vector_d bad(2);
    bad << 0.0, std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH_AS(unbundle::propagate_shock(L, t, bad), doctest::Contains("BBB_m"), unbundle::domain_error);
    bad << -2.0, 0.0;
    CHECK_THROWS_WITH_AS(unbundle::propagate_shock(L, t, bad), doctest::Contains("AAA_m"), unbundle::domain_error);
}
