// Tests of mrio/influence.hpp: the Acemoglu et al. (2012) closed Cobb–Douglas economy built from
// its own formulas (influence vector = α × Domar weights, Σ Domar = 1/α), Domar weights two ways,
// Hulten's first-order formula against the exact Leontief price result, linkages against the
// explicit L and Ghosh G, world GDP per own GDP by hand on a 2-region table, WIOD 2011, bad input.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/mrio/accounts.hpp>
#include <unbundle/mrio/influence.hpp>

#include <Eigen/LU>

#include <cmath>

namespace {

// Acemoglu, Carvalho, Ozdaglar & Tahbaz-Salehi (2012): n sectors, labour share α, input shares
// W (rows add up to 1), households spend 1/n on each good. Sales x = GDP (1/n)[I − (1−α)W']⁻¹ 1,
// z_ji = (1−α) w_ij x_i (sector i buys from j), y_j = GDP / n: balanced, va_i = α x_i.
struct aoct_economy {
    unbundle::mrio<double> table;
    unbundle::vector_d influence; // (α/n)[I − (1−α)W']⁻¹ 1, their formula
    double alpha = 0;
};

aoct_economy make_aoct(double alpha) {
    const unbundle::index_t n = 5;
    unbundle::matrix_d W(n, n);
    W << 0.0, 0.5, 0.2, 0.2, 0.1,    //
        0.3, 0.1, 0.3, 0.0, 0.3,     //
        0.6, 0.1, 0.0, 0.2, 0.1,     //
        0.25, 0.25, 0.25, 0.0, 0.25, //
        0.9, 0.0, 0.05, 0.05, 0.0;
    const double gdp = 1000;
    const unbundle::matrix_d M = unbundle::matrix_d::Identity(n, n) - (1 - alpha) * W.transpose();
    const Eigen::PartialPivLU<unbundle::matrix_d> lu(M);
    const unbundle::vector_d ones = unbundle::vector_d::Ones(n);
    const unbundle::vector_d v = (alpha / static_cast<double>(n)) * lu.solve(ones);
    const unbundle::vector_d x = (gdp / static_cast<double>(n)) * lu.solve(ones);
    unbundle::matrix_d Z(n, n);
    for (unbundle::index_t i = 0; i < n; ++i)
        for (unbundle::index_t j = 0; j < n; ++j) Z(j, i) = (1 - alpha) * W(i, j) * x(i);
    const unbundle::matrix_d Y = unbundle::matrix_d::Constant(n, 1, gdp / static_cast<double>(n));
    return {unbundle::mrio<double>(unbundle::economy_index{"CLO"}, unbundle::sector_index{"s1", "s2", "s3", "s4", "s5"},
                                   Z, Y),
            v, alpha};
}

// Two regions, one sector each (as tests/mrio/shock.test.cpp): A = [[.2,.3],[.1,.4]],
// L = [[4/3, 2/3], [2/9, 16/9]], x = (100, 100), va = (70, 30), v = (.7, .3), y = (50, 50).
unbundle::mrio<double> influence_two_regions() {
    unbundle::matrix_d Z(2, 2), Y(2, 2);
    Z << 20, 30, 10, 40;
    Y << 40, 10, 20, 30;
    return unbundle::mrio<double>(unbundle::economy_index{"AAA", "BBB"}, unbundle::sector_index{"m"}, Z, Y);
}

// Productivity changes of 1% of varying sign and size, row by row.
unbundle::vector_d varying(unbundle::index_t n, double size) {
    unbundle::vector_d d(n);
    for (unbundle::index_t i = 0; i < n; ++i)
        d(i) = size * (0.2 + 0.8 * static_cast<double>((i * 37) % 11) / 10.0) * (i % 5 == 3 ? -1 : 1);
    return d;
}

} // namespace

TEST_CASE("influence: in the Acemoglu et al. (2012) economy the influence vector is their formula and α x Domar") {
    for (double alpha : {0.3, 0.5, 0.7}) {
        CAPTURE(alpha);
        const auto e = make_aoct(alpha);
        const auto r = unbundle::influence(e.table);
        CHECK(r.influence.sum() == doctest::Approx(1.0).epsilon(1e-14));
        CHECK(unbundle::test::is_approx(r.influence, e.influence, 1e-12));
        // theory: v = α λ, Σ λ = 1/α (sales over GDP; GDP = Σ va = α Σ x)
        CHECK(unbundle::test::is_approx(r.influence, unbundle::vector_d(alpha * r.domar), 1e-12));
        CHECK(r.domar.sum() == doctest::Approx(1.0 / alpha).epsilon(1e-12));
        CHECK(unbundle::test::is_approx(r.domar_leontief, r.domar, 1e-12));
        CHECK(r.gdp == doctest::Approx(1000.0).epsilon(1e-12));
    }
}

TEST_CASE("influence: Domar weights two ways agree to 1e-12 on balanced tables" *
          doctest::skip(!unbundle::test::has_data("wiod2013/2011"))) {
    SUBCASE("generated demo world (8 regions x 6 sectors)") {
        unbundle::demo_world_options o;
        o.regions = 8;
        o.goods_sectors = 4;
        o.services_sectors = 2;
        const auto t = unbundle::make_demo_world(o);
        const auto r = unbundle::influence(t);
        CHECK(unbundle::test::max_rel_diff(r.domar_leontief, r.domar) < 1e-12);
        CHECK(r.domar.sum() > 1.0); // sales exceed value added
        CHECK(r.influence.sum() == doctest::Approx(1.0).epsilon(1e-13));
    }
    SUBCASE("WIOD 2011, balanced (x = Z 1 + Y 1)") {
        UNBUNDLE_REQUIRE_DATA(dir, "wiod2013/2011");
        // x = Z 1 + Y 1 turns a few WIOD outputs slightly negative (−1 at LUX_c5): allowed here
        const auto t = unbundle::read_mrio(dir.string()).balanced();
        unbundle::leontief_options lo;
        lo.allow_negative_output = true;
        const unbundle::leontief<double> L(t, lo);
        const auto r = unbundle::influence(L, t);
        CHECK(unbundle::test::max_rel_diff(r.domar_leontief, r.domar) < 1e-12);
        // published x: the two ways differ by the table's row residuals only (a few in 1e4)
        const auto tp = unbundle::read_mrio(dir.string());
        const auto rp = unbundle::influence(tp);
        CHECK(unbundle::test::max_rel_diff(rp.domar_leontief, rp.domar) < 1e-3);
    }
}

TEST_CASE("influence: Hulten's first-order formula matches the exact Leontief price result for small shocks") {
    unbundle::demo_world_options o;
    o.regions = 6;
    const auto t = unbundle::make_demo_world(o);
    const unbundle::leontief<double> L(t);
    const auto r = unbundle::influence(L, t);
    const unbundle::index_t n = t.n();
    for (double size : {0.01, -0.01}) {
        CAPTURE(size);
        const unbundle::vector_d uni = unbundle::vector_d::Constant(n, size);
        const unbundle::vector_d var = varying(n, size);
        for (const unbundle::vector_d* d : {&uni, &var}) {
            const double first = unbundle::hulten_gdp_change(r, *d);
            const double exact = unbundle::productivity_shock_exact(L, t, *d);
            CHECK(first == doctest::Approx(r.domar.dot(*d)).epsilon(1e-15));
            CHECK(std::abs(first - exact) / std::abs(exact) < 0.01);
            // second-order error: ten times smaller shocks, about ten times smaller relative error
            const unbundle::vector_d small = *d / 10.0;
            const double rel_small =
                std::abs(unbundle::hulten_gdp_change(r, small) - unbundle::productivity_shock_exact(L, t, small)) /
                std::abs(unbundle::productivity_shock_exact(L, t, small));
            CHECK(rel_small < 0.2 * std::abs(first - exact) / std::abs(exact));
        }
    }
    // a uniform shock in a closed one-sector economy: p = v / (e^θ − a), exactly −ln p
    unbundle::matrix_d Z(1, 1), Y(1, 1);
    Z << 40;
    Y << 60; // x = 100, a = 0.4, v = 0.6, p⁰ = 1
    const unbundle::mrio<double> one(unbundle::economy_index{"ONE"}, unbundle::sector_index{"s"}, Z, Y);
    const unbundle::leontief<double> L1(one);
    const unbundle::vector_d th = unbundle::vector_d::Constant(1, 0.01);
    CHECK(unbundle::productivity_shock_exact(L1, one, th) ==
          doctest::Approx(-std::log(0.6 / (std::exp(0.01) - 0.4))).epsilon(1e-13));
    CHECK(unbundle::hulten_gdp_change(unbundle::influence(L1, one), th) ==
          doctest::Approx(0.01 * 100.0 / 60.0).epsilon(1e-14));
}

TEST_CASE("influence: linkages are the normalised column sums of L and row sums of the Ghosh inverse") {
    const auto t = unbundle::make_demo_world();
    const unbundle::index_t n = t.n();
    const auto r = unbundle::influence(t);
    unbundle::leontief_options lo;
    lo.method = unbundle::leontief_method::inverse;
    const unbundle::leontief<double> Li(t, lo);
    const unbundle::vector_d cs = Li.inverse().colwise().sum().transpose();
    const unbundle::vector_d gs = unbundle::ghosh_inverse(Li, t.x()).rowwise().sum();
    const double nn = static_cast<double>(n);
    CHECK(unbundle::test::is_approx(r.backward_linkage, unbundle::vector_d(nn * cs / cs.sum()), 1e-12));
    CHECK(unbundle::test::is_approx(r.forward_linkage, unbundle::vector_d(nn * gs / gs.sum()), 1e-12));
    CHECK(r.backward_linkage.mean() == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(r.forward_linkage.mean() == doctest::Approx(1.0).epsilon(1e-14));
    // key sectors: exactly the rows with both above 1
    unbundle::index_t k = 0;
    for (unbundle::index_t i = 0; i < n; ++i)
        if (r.backward_linkage(i) > 1 && r.forward_linkage(i) > 1) {
            REQUIRE(k < static_cast<unbundle::index_t>(r.key_sectors.size()));
            CHECK(r.key_sectors[static_cast<std::size_t>(k++)] == i);
        }
    CHECK(k == static_cast<unbundle::index_t>(r.key_sectors.size()));
    CHECK(r.labels.size() == static_cast<std::size_t>(n));
    // the influence vector from the explicit L
    const unbundle::vector_d rs = Li.inverse().rowwise().sum();
    CHECK(unbundle::test::is_approx(r.influence, unbundle::vector_d(rs / rs.sum()), 1e-12));
}

TEST_CASE("influence: world GDP per own GDP on a 2-region table equals the hand computation") {
    const auto t = influence_two_regions();
    const auto r = unbundle::influence(t);
    // uniform demand shock to AAA: dy = (−5, 0), dx = L dy = (−20/3, −10/9), dgdp = (−14/3, −1/3)
    CHECK(r.world_gdp_per_own_gdp(0) == doctest::Approx(15.0 / 14.0).epsilon(1e-13));
    // to BBB: dy = (0, −5), dx = (−10/3, −80/9), dgdp = (−7/3, −8/3)
    CHECK(r.world_gdp_per_own_gdp(1) == doctest::Approx(15.0 / 8.0).epsilon(1e-13));
    // Domar: x / GDP = 100 / 100; L β = L (.5, .5) = (1, 1)
    CHECK(r.domar(0) == doctest::Approx(1.0).epsilon(1e-15));
    CHECK(r.domar_leontief(0) == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(r.domar_leontief(1) == doctest::Approx(1.0).epsilon(1e-14));
    // influence: L 1 = (2, 2) / 4; 1'L = (14/9, 22/9): BL = 2 (14/9)/4, 2 (22/9)/4
    CHECK(r.influence(0) == doctest::Approx(0.5).epsilon(1e-14));
    CHECK(r.backward_linkage(0) == doctest::Approx(14.0 / 18.0).epsilon(1e-14));
    CHECK(r.backward_linkage(1) == doctest::Approx(22.0 / 18.0).epsilon(1e-14));
    // supply model: uniform va shock to AAA: dva = (−7, 0), x̂⁻¹dva = (−.07, 0), Lᵀ(…) = (−28/300, −14/300),
    // dx = (−28/3, −14/3), dgdp = (−98/15, −7/5): world / own = (−119/15)/(−98/15) = 17/14
    const auto rs = unbundle::influence(t, {unbundle::shock_model::supply});
    CHECK(rs.world_gdp_per_own_gdp(0) == doctest::Approx(17.0 / 14.0).epsilon(1e-13));
}

TEST_CASE("influence: WIOD 2011 (41 regions x 35 sectors)" *
          doctest::skip(!unbundle::test::has_data("wiod2013/2011"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "wiod2013/2011");
    const auto t = unbundle::read_mrio(dir.string());
    const unbundle::leontief<double> L(t);
    const auto r = unbundle::influence(L, t);
    CHECK(r.influence.sum() == doctest::Approx(1.0).epsilon(1e-13));
    CHECK(r.world_gdp_per_own_gdp.size() == 41);
    // demand: world GDP falls by the lost final demand, own GDP by less (v'L ≈ 1)
    CHECK(r.world_gdp_per_own_gdp.minCoeff() >= 1.0);
    CHECK(r.world_gdp_per_own_gdp.maxCoeff() < 3.0);
    CHECK(r.domar.sum() > 1.5); // world sales about twice world GDP
    CHECK(!r.key_sectors.empty());
    const auto rs = unbundle::influence(L, t, {unbundle::shock_model::supply});
    CHECK(rs.world_gdp_per_own_gdp.minCoeff() >= 1.0);
}

TEST_CASE("influence: bad input") {
    const auto t = influence_two_regions();
    const unbundle::leontief<double> L(t);
    const auto other = make_aoct(0.5).table;
    CHECK_THROWS_AS(unbundle::influence(L, other), unbundle::dimension_error);
    const auto r = unbundle::influence(L, t);
    CHECK_THROWS_AS(unbundle::hulten_gdp_change(r, unbundle::vector_d::Zero(3)), unbundle::dimension_error);
    unbundle::vector_d nan = unbundle::vector_d::Zero(2);
    nan(1) = std::nan("");
    CHECK_THROWS_AS(unbundle::hulten_gdp_change(r, nan), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::productivity_shock_exact(L, t, nan), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::productivity_shock_exact(L, t, unbundle::vector_d::Zero(3)), unbundle::dimension_error);
    // productivity falling so far that the shocked table is no longer productive
    CHECK_THROWS_AS(unbundle::productivity_shock_exact(L, t, unbundle::vector_d::Constant(2, -2.0)),
                    unbundle::numerical_error);
    // a table that is not productive: every column sum of A above 1
    unbundle::matrix_d Z(2, 2), Y(2, 2);
    Z << 20, 30, 10, 40;
    Y << 40, 10, 20, 30;
    const unbundle::mrio<double> np(unbundle::economy_index{"AAA", "BBB"}, unbundle::sector_index{"m"}, Z, Y,
                                    unbundle::vector_d::Constant(2, 20.0));
    CHECK_THROWS_WITH_AS(unbundle::influence(np), doctest::Contains("not productive"), unbundle::domain_error);
}
