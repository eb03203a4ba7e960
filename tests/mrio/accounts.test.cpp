// Tests of mrio/accounts.hpp on decompr's leather table (balanced to 1e-14) and closed forms.
#include <doctest/doctest.h>

#include "mrio/same_accounts.hpp"
#include "support/approx.hpp"

#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/mrio/accounts.hpp>
#include <unbundle/mrio/value_chain.hpp>

#include <cmath>

TEST_CASE("io: accounts of the leather table satisfy the Leontief and Ghosh identities" *
          doctest::skip(!unbundle::test::has_data("leather"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "leather");
    const auto t = unbundle::read_mrio(dir.string());
    unbundle::accounts_options o;
    o.ghosh = true;
    const auto a = unbundle::accounts(t, o);
    const unbundle::index_t n = t.n();
    REQUIRE(a.L.rows() == n);
    REQUIRE(a.G.rows() == n);
    CHECK(a.convention == unbundle::output_convention::published);
    const unbundle::matrix_d A = unbundle::technical_coefficients(t);
    const unbundle::matrix_d I = unbundle::matrix_d::Identity(n, n);
    CHECK(unbundle::test::max_abs((I - A) * a.L - I) < 1e-13);
    // Ghosh: G = (I − x̂⁻¹Z)⁻¹ (checked as (I − B) G = I), and x' = va' G
    const unbundle::matrix_d Bg = a.x.cwiseInverse().asDiagonal() * t.Z();
    CHECK(unbundle::test::max_abs((I - Bg) * a.G - I) < 1e-13);
    const unbundle::vector_d xg = a.G.transpose() * a.va;
    CHECK(unbundle::test::max_rel_diff(xg, a.x) < 1e-12);
    // x = L y (the table balances to 1e-14), v'L = 1', multipliers = column sums of L
    CHECK(unbundle::test::max_rel_diff(a.L * a.y, a.x) < 1e-12);
    CHECK(unbundle::test::max_rel_diff(a.value_added_multipliers, unbundle::vector_d::Ones(n)) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(a.output_multipliers, a.L.colwise().sum().transpose()) < 1e-13);
    // upstreamness = G·1 (Miller–Temurshoev), ≥ 1
    CHECK(unbundle::test::max_rel_diff(a.upstreamness, a.G.rowwise().sum()) < 1e-13);
    CHECK(a.upstreamness.minCoeff() >= 1.0);
    CHECK(a.downstreamness.minCoeff() >= 1.0);
    // LU-only accounts agree with the explicit ones
    const auto b = unbundle::accounts(t);
    CHECK(b.L.size() == 0);
    CHECK(unbundle::test::max_rel_diff(b.upstreamness, a.upstreamness) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(b.output_multipliers, a.output_multipliers) < 1e-13);
}

TEST_CASE("io: shocks propagate through the Leontief, Ghosh and price models" *
          doctest::skip(!unbundle::test::has_data("leather"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "leather");
    const auto t = unbundle::read_mrio(dir.string());
    unbundle::leontief_options lo;
    lo.method = unbundle::leontief_method::inverse;
    const unbundle::leontief<double> L(t, lo);
    const unbundle::index_t n = t.n();
    const unbundle::matrix_d A = unbundle::technical_coefficients(t);
    unbundle::vector_d dy = unbundle::vector_d::Zero(n);
    dy(4) = -3.0; // Turkey_Textile_and_Leather
    const unbundle::vector_d dx = unbundle::demand_shock(L, dy);
    CHECK(unbundle::test::max_rel_diff((unbundle::matrix_d::Identity(n, n) - A) * dx, dy) < 1e-13);
    CHECK(dx(4) < -3.0); // the own sector falls by more than the demand (L_ii > 1)
    // Ghosh supply: Δx' = Δva' G with the explicit G
    unbundle::vector_d dva = unbundle::vector_d::Zero(n);
    dva(0) = -2.0;
    const unbundle::matrix_d G = unbundle::ghosh_inverse(L, t.x());
    const unbundle::vector_d sx = unbundle::supply_shock(L, t.x(), dva);
    CHECK(unbundle::test::max_rel_diff(sx, G.transpose() * dva) < 1e-13);
    // price model Δp = L' Δv
    const unbundle::vector_d dp = unbundle::price_shock(L, dva);
    CHECK(unbundle::test::max_rel_diff(dp, L.inverse().transpose() * dva) < 1e-13);
    // APL: diagonal/off-diagonal definitions on one entry
    const unbundle::matrix_d apl = unbundle::average_propagation_length(L);
    const unbundle::matrix_d& Li = L.inverse();
    const unbundle::matrix_d H = Li * Li - Li;
    CHECK(apl(1, 0) == doctest::Approx(H(1, 0) / Li(1, 0)).epsilon(1e-13));
    CHECK(apl(2, 2) == doctest::Approx(H(2, 2) / (Li(2, 2) - 1.0)).epsilon(1e-13));
    CHECK(apl.minCoeff() >= 1.0); // every path has at least one step
    // bad input
    unbundle::vector_d bad = dy;
    bad(1) = std::nan("");
    CHECK_THROWS_AS(unbundle::demand_shock(L, bad), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::supply_shock(L, t.x(), unbundle::vector_d::Zero(3)), unbundle::dimension_error);
    unbundle::vector_d x0 = t.x();
    x0(2) = 0.0;
    dva.setZero();
    dva(2) = 1.0;
    CHECK_THROWS_AS(unbundle::supply_shock(L, x0, dva), unbundle::domain_error);
    const unbundle::leontief<double> Llu(t);
    CHECK_THROWS_AS(unbundle::ghosh_inverse(Llu, t.x()), unbundle::usage_error);
}

// The same identities on the generated demo world (no shared data needed), and a 2-region table
// whose multipliers are known in closed form.
TEST_CASE("io: accounts of the generated demo world satisfy the Leontief and Ghosh identities") {
    const auto t = unbundle::make_demo_world();
    unbundle::accounts_options o;
    o.ghosh = true;
    const auto a = unbundle::accounts(t, o);
    const unbundle::index_t n = t.n();
    REQUIRE(a.L.rows() == n);
    const unbundle::matrix_d A = unbundle::technical_coefficients(t);
    const unbundle::matrix_d I = unbundle::matrix_d::Identity(n, n);
    CHECK(unbundle::test::max_abs((I - A) * a.L - I) < 1e-13);
    const unbundle::matrix_d Bg = a.x.cwiseInverse().asDiagonal() * t.Z();
    CHECK(unbundle::test::max_abs((I - Bg) * a.G - I) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(a.G.transpose() * a.va), a.x) < 1e-12);
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(a.L * a.y), a.x) < 1e-12);
    CHECK(unbundle::test::max_rel_diff(a.value_added_multipliers, unbundle::vector_d::Ones(n)) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(a.output_multipliers, unbundle::vector_d(a.L.colwise().sum().transpose())) <
          1e-13);
    CHECK(unbundle::test::max_rel_diff(a.upstreamness, unbundle::vector_d(a.G.rowwise().sum())) < 1e-13);
    CHECK(a.upstreamness.minCoeff() >= 1.0);
    const auto b = unbundle::accounts(t);
    CHECK(unbundle::test::max_rel_diff(b.upstreamness, a.upstreamness) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(b.output_multipliers, a.output_multipliers) < 1e-13);
    // shocks: Δx = L Δy solves (I − A) Δx = Δy, prices Δp = L' Δv
    unbundle::leontief_options lo;
    lo.method = unbundle::leontief_method::inverse;
    const unbundle::leontief<double> L(t, lo);
    unbundle::vector_d dy = unbundle::vector_d::Zero(n);
    dy(3) = 5.0;
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d((I - A) * unbundle::demand_shock(L, dy)), dy) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(unbundle::price_shock(L, dy), unbundle::vector_d(L.inverse().transpose() * dy)) <
          1e-13);
}

TEST_CASE("io: output multipliers of a 2-region table are the column sums of L = [0.8 0.1 | 0.3 0.9] / 0.69") {
    unbundle::matrix_d Z(2, 2), Y(2, 2);
    Z << 10, 20, 30, 40;
    Y << 60, 10, 20, 110;
    const unbundle::mrio<double> t(unbundle::economy_index{"AAA", "BBB"}, unbundle::sector_index{"s"}, Z, Y);
    const auto a = unbundle::accounts(t);
    CHECK(a.output_multipliers(0) == doctest::Approx(1.1 / 0.69).epsilon(1e-14));
    CHECK(a.output_multipliers(1) == doctest::Approx(1.0 / 0.69).epsilon(1e-14));
    // v = (0.6, 0.7): value-added multipliers v'L = 1
    CHECK(a.value_added_multipliers(0) == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(a.value_added_multipliers(1) == doctest::Approx(1.0).epsilon(1e-14));
}

TEST_CASE("io: accounts on a nearby factorisation (GMRES) equal the accounts on the table's own LU") {
    // published x = balanced x plus up to 2% (rounding and discrepancies, as WIOD's up to 82%
    // on small rows); the value chain factorises the balanced x, the accounts use the published one
    unbundle::demo_world_options o;
    o.regions = 6;
    const auto w = unbundle::make_demo_world(o);
    const unbundle::index_t n = w.n();
    unbundle::vector_d x = w.Z().rowwise().sum() + w.Y_full().rowwise().sum();
    for (unbundle::index_t i = 0; i < n; ++i) x(i) *= 1.0 + 0.02 * std::sin(1.0 + 7.0 * static_cast<double>(i));
    const unbundle::mrio<double> t(w.regions(), w.sectors(), w.Z(), w.Y_full(), x, std::nullopt, w.categories());
    REQUIRE(t.convention() == unbundle::output_convention::published);
    const unbundle::value_chain<double> vc(t);
    const auto own = unbundle::accounts(t);
    const auto near = unbundle::accounts(t, vc.leontief_factor());
    unbundle::test::check_same_accounts(near, own);
    CHECK(near.productivity.max_column_sum == own.productivity.max_column_sum);
    CHECK(near.productivity.max_column == own.productivity.max_column);
    CHECK(near.notes == own.notes);
    CHECK(near.x == own.x);
    CHECK(near.v == own.v);
    // the solves are those of the published table, not of the balanced one: (I − A) (L·x) = x
    const unbundle::matrix_d A = unbundle::technical_coefficients(t);
    const unbundle::vector_d Lx = near.upstreamness.cwiseProduct(t.x());
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(Lx - A * Lx), t.x()) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(near.upstreamness, unbundle::upstreamness(vc.leontief_factor(), t.x())) > 1e-4);
    // fallbacks: explicit L asked for, a factorisation of another size: the table's own LU, bit for bit
    unbundle::accounts_options e;
    e.explicit_inverse = true;
    CHECK(unbundle::accounts(t, vc.leontief_factor(), e).L.rows() == n);
    const auto other = unbundle::leontief<double>::from_coefficients(unbundle::matrix_d::Zero(n - 1, n - 1));
    CHECK(unbundle::accounts(t, other).upstreamness == own.upstreamness);
    // a poor preconditioner (the identity): GMRES converges or the LU takes over; the accounts agree
    const auto identity = unbundle::leontief<double>::from_coefficients(unbundle::matrix_d::Zero(n, n));
    CHECK(unbundle::test::max_rel_diff(unbundle::accounts(t, identity).upstreamness, own.upstreamness) < 1e-13);
}
