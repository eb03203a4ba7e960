// Tests of mrio/value_chain.hpp on the hand-built 2-region table of two_region.hpp (every product
// in closed form) in float and double, on the generated demo world (identities: v'L = 1, L Y
// adds up to x), LU and explicit-inverse paths, notes, and the non-productive table.
#include <doctest/doctest.h>

#include "mrio/two_region.hpp"
#include "support/approx.hpp"

#include <unbundle/data/demo_world.hpp>
#include <unbundle/mrio/value_chain.hpp>

TEST_CASE_TEMPLATE("io: value_chain of the 2-region table equals its closed form", Scalar, float, double) {
    using mat = unbundle::matrix_x<Scalar>;
    using vec = unbundle::vector_x<Scalar>;
    const double tol = sizeof(Scalar) == sizeof(float) ? 1e-6 : 1e-15;
    const auto t = unbundle::test::two_region_table<Scalar>();
    for (bool explicit_inverse : {false, true}) {
        CAPTURE(explicit_inverse);
        unbundle::value_chain_options o;
        o.explicit_inverse = explicit_inverse;
        unbundle::value_chain<Scalar> vc(t, o);
        CHECK(vc.num_regions() == 2);
        CHECK(vc.num_sectors() == 1);
        CHECK(vc.notes().empty());
        vec x(2), v(2);
        x << 100, 200;
        v << Scalar(0.6), Scalar(0.7);
        CHECK(unbundle::test::max_rel_diff(vc.x(), x) <= tol);
        CHECK(unbundle::test::max_rel_diff(vc.v(), v) <= tol);
        mat A(2, 2), E(2, 2), L(2, 2), VL(2, 2), LY(2, 2);
        A << Scalar(0.1), Scalar(0.1), Scalar(0.3), Scalar(0.2);
        E << 0, 30, 50, 0;
        L << Scalar(0.8), Scalar(0.1), Scalar(0.3), Scalar(0.9);
        L /= Scalar(0.69);
        VL << Scalar(0.48), Scalar(0.06), Scalar(0.21), Scalar(0.63); // v_t L_t•
        VL /= Scalar(0.69);
        LY << 50, 19, 36, 102; // L Y
        LY /= Scalar(0.69);
        CHECK(unbundle::test::max_rel_diff(vc.A(), A) <= tol);
        CHECK(unbundle::test::max_rel_diff(vc.E_sr(), E) <= tol);
        CHECK(unbundle::test::max_rel_diff(vc.VL(), VL) <= 10 * tol);
        CHECK(unbundle::test::max_rel_diff(vc.LY(), LY) <= 10 * tol);
        CHECK(unbundle::test::max_rel_diff(vc.ensure_inverse(), L) <= 10 * tol);
        // local inverses 1/(1 − A_ss), final exports, domestic final demand, foreign content
        CHECK(static_cast<double>(vc.Ld()(0, 0)) == doctest::Approx(1 / 0.9).epsilon(tol));
        CHECK(static_cast<double>(vc.Ld()(0, 1)) == doctest::Approx(1 / 0.8).epsilon(tol));
        CHECK(static_cast<double>(vc.final_exports()(0)) == 10.0);
        CHECK(static_cast<double>(vc.final_exports()(1)) == 20.0);
        CHECK(static_cast<double>(vc.domestic_final()(1)) == 110.0);
        CHECK(static_cast<double>(vc.foreign_content()(0)) == doctest::Approx(0.21 / 0.69).epsilon(10 * tol));
        CHECK(static_cast<double>(vc.foreign_content()(1)) == doctest::Approx(0.06 / 0.69).epsilon(10 * tol));
        CHECK(static_cast<double>(vc.vBd()(1)) == doctest::Approx(0.63 / 0.69).epsilon(10 * tol));
        CHECK(static_cast<double>(vc.vLd()(0)) == doctest::Approx(0.6 / 0.9).epsilon(10 * tol));
    }
}

TEST_CASE("io: value_chain of the generated demo world satisfies v'L = 1 and L Y 1 = x on both paths") {
    const auto w = unbundle::make_demo_world();
    unbundle::value_chain<double> lu(w);
    unbundle::value_chain_options o;
    o.explicit_inverse = true;
    unbundle::value_chain<double> inv(w, o);
    const unbundle::index_t n = w.n();
    REQUIRE(lu.n() == n);
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(lu.VL().colwise().sum().transpose()),
                                       unbundle::vector_d::Ones(n)) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(lu.LY().rowwise().sum()), lu.x()) < 1e-12);
    CHECK(unbundle::test::max_rel_diff(lu.VL(), inv.VL()) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(lu.LY(), inv.LY()) < 1e-12);
    // gross exports E = Σ_r E_sr and no own-region exports
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(lu.E_sr().rowwise().sum()), lu.E()) < 1e-15);
    for (unbundle::index_t s = 0; s < w.num_regions(); ++s)
        CHECK(unbundle::test::max_abs(lu.E_sr().block(s * w.num_sectors(), s, w.num_sectors(), 1)) == 0.0);
    // domestic + foreign content of a unit of output = 1
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(lu.vBd() + lu.foreign_content()),
                                       unbundle::vector_d::Ones(n)) < 1e-13);
}

TEST_CASE("io: value_chain notes zero output and rejects a table that is not productive") {
    unbundle::matrix_d Z(2, 2), Y(2, 2);
    // region BBB has no output at all: noted, its column of A is 0
    Z << 10, 0, 0, 0;
    Y << 30, 5, 0, 0;
    const unbundle::mrio<double> t(unbundle::economy_index{"AAA", "BBB"}, unbundle::sector_index{"s"}, Z, Y);
    const unbundle::value_chain<double> vc(t);
    REQUIRE(vc.notes().size() == 1);
    CHECK(vc.notes()[0].find("zero balanced output") != std::string::npos);
    CHECK(vc.A()(0, 1) == 0.0);
    // A_11 = 1: I − A is singular
    Z << 10, 0, 0, 10;
    Y << 0, 0, 0, 5;
    const unbundle::mrio<double> s(unbundle::economy_index{"AAA", "BBB"}, unbundle::sector_index{"s"}, Z, Y);
    CHECK_THROWS_AS(unbundle::value_chain<double>{s}, unbundle::numerical_error);
}
