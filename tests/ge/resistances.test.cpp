// Tests of ge/resistances.hpp: multilateral resistances against the closed form of separable
// trade costs (T_ij = a_i b_j gives P^(1−σ) = b / b_ref, Π^(1−σ) = a·b_ref for any Y and E), the
// defining equations on an asymmetric world, warm starts, and every input check.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/ge/resistances.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

/// Tolerance a solve reaches in Scalar.
template <class Scalar> double resistance_tol() { return sizeof(Scalar) == sizeof(float) ? 1e-4 : 1e-11; }

template <class Scalar> unbundle::solver_options resistance_options() {
    unbundle::solver_options o;
    o.tol = sizeof(Scalar) == sizeof(float) ? 1e-5 : 1e-13;
    return o;
}

/// A 4-economy asymmetric t^(1−σ): 1 at home, falling with a made-up distance.
template <class Scalar> unbundle::matrix_x<Scalar> asymmetric_t_pow() {
    unbundle::matrix_x<Scalar> T(4, 4);
    T << 1.0, 0.30, 0.12, 0.05, //
        0.25, 1.0, 0.20, 0.09,  //
        0.10, 0.22, 1.0, 0.15,  //
        0.06, 0.08, 0.18, 1.0;
    return T;
}

} // namespace

TEST_CASE_TEMPLATE("ge: solve_resistances equals the closed form of separable trade costs", Scalar, float, double) {
    using vec = unbundle::vector_x<Scalar>;
    vec a(4), b(4), Y(4), E(4);
    a << 1.0, 0.5, 2.0, 0.8;
    b << 0.7, 1.5, 1.0, 0.4;
    Y << 10, 20, 5, 40;
    E << 15, 15, 10, 35;
    const unbundle::matrix_x<Scalar> T = a * b.transpose();
    for (unbundle::index_t ref : {0, 2}) {
        CAPTURE(ref);
        const auto r = unbundle::solve_resistances(T, Y, E, Scalar(5), ref, resistance_options<Scalar>());
        REQUIRE(r.info.converged);
        const vec imr_pow = b / b(ref);
        const vec omr_pow = a * b(ref);
        CHECK(unbundle::test::max_rel_diff(r.imr_pow, imr_pow) <= resistance_tol<Scalar>());
        CHECK(unbundle::test::max_rel_diff(r.omr_pow, omr_pow) <= resistance_tol<Scalar>());
        CHECK(static_cast<double>(r.imr(ref)) == doctest::Approx(1.0).epsilon(resistance_tol<Scalar>()));
        // levels are the (1−σ)-th roots: P = (P^(1−σ))^(−1/4) for σ = 5
        for (unbundle::index_t j = 0; j < 4; ++j)
            CHECK(static_cast<double>(r.imr(j)) == doctest::Approx(std::pow(static_cast<double>(imr_pow(j)), -0.25))
                                                       .epsilon(10 * resistance_tol<Scalar>()));
    }
    // frictionless world: every resistance is 1
    const auto f = unbundle::solve_resistances(unbundle::matrix_x<Scalar>::Ones(3, 3), vec::Constant(3, Scalar(2)),
                                               vec::Constant(3, Scalar(2)), Scalar(4), 1, resistance_options<Scalar>());
    REQUIRE(f.info.converged);
    CHECK(unbundle::test::max_rel_diff(f.omr, vec::Ones(3)) <= resistance_tol<Scalar>());
    CHECK(unbundle::test::max_rel_diff(f.imr, vec::Ones(3)) <= resistance_tol<Scalar>());
}

TEST_CASE_TEMPLATE("ge: solve_resistances satisfies both defining equations on an asymmetric world", Scalar, float,
                   double) {
    using vec = unbundle::vector_x<Scalar>;
    const auto T = asymmetric_t_pow<Scalar>();
    vec Y(4), E(4);
    Y << 30, 10, 45, 15;
    E << 20, 25, 30, 25;
    const auto r = unbundle::solve_resistances(T, Y, E, Scalar(4), 3, resistance_options<Scalar>());
    REQUIRE(r.info.converged);
    CHECK(r.info.residual <= resistance_options<Scalar>().tol);
    const vec y = Y / Y.sum(), e = E / E.sum();
    // Π_i^(1−σ) = Σ_j T_ij e_j / P_j^(1−σ) and P_j^(1−σ) = Σ_i T_ij y_i / Π_i^(1−σ)
    const vec omr_rhs = T * e.cwiseQuotient(r.imr_pow);
    const vec imr_rhs = T.transpose() * y.cwiseQuotient(r.omr_pow);
    CHECK(unbundle::test::max_rel_diff(r.omr_pow, omr_rhs) <= resistance_tol<Scalar>());
    CHECK(unbundle::test::max_rel_diff(r.imr_pow, imr_rhs) <= resistance_tol<Scalar>());
    CHECK(static_cast<double>(r.imr(3)) == doctest::Approx(1.0).epsilon(resistance_tol<Scalar>()));
    // a warm start at the solution converges at once to the same point
    const auto w = unbundle::solve_resistances(T, Y, E, Scalar(4), 3, resistance_options<Scalar>(), nullptr, &r);
    REQUIRE(w.info.converged);
    CHECK(w.info.iterations <= r.info.iterations);
    CHECK(unbundle::test::max_rel_diff(w.omr_pow, r.omr_pow) <= resistance_tol<Scalar>());
    // another reference rescales P^(1−σ) by 1/P_ref^(1−σ) and Π^(1−σ) by P_ref^(1−σ)
    const auto r0 = unbundle::solve_resistances(T, Y, E, Scalar(4), 0, resistance_options<Scalar>());
    REQUIRE(r0.info.converged);
    CHECK(unbundle::test::max_rel_diff(r0.imr_pow, r.imr_pow / r.imr_pow(0)) <= resistance_tol<Scalar>());
    CHECK(unbundle::test::max_rel_diff(r0.omr_pow, r.omr_pow * r.imr_pow(0)) <= resistance_tol<Scalar>());
}

TEST_CASE("ge: solve_resistances rejects every bad input with the error that names it") {
    const unbundle::matrix_d T = asymmetric_t_pow<double>();
    const unbundle::vector_d Y = unbundle::vector_d::Constant(4, 10.0), E = Y;
    const std::vector<std::string> names{"AAA", "BBB", "CCC", "DDD"};
    using unbundle::solve_resistances;
    CHECK_THROWS_AS(solve_resistances(unbundle::matrix_d(T.leftCols(3)), Y, E, 4.0, 0), unbundle::dimension_error);
    CHECK_THROWS_AS(solve_resistances(unbundle::matrix_d::Ones(1, 1), unbundle::vector_d::Ones(1),
                                      unbundle::vector_d::Ones(1), 4.0, 0),
                    unbundle::dimension_error);
    CHECK_THROWS_AS(solve_resistances(T, unbundle::vector_d(Y.head(3)), E, 4.0, 0), unbundle::dimension_error);
    CHECK_THROWS_AS(solve_resistances(T, Y, unbundle::vector_d(E.head(3)), 4.0, 0), unbundle::dimension_error);
    CHECK_THROWS_AS(solve_resistances(T, Y, E, 1.0, 0), unbundle::domain_error);
    CHECK_THROWS_AS(solve_resistances(T, Y, E, std::numeric_limits<double>::infinity(), 0), unbundle::domain_error);
    CHECK_THROWS_AS(solve_resistances(T, Y, E, 4.0, 4), unbundle::key_error);
    CHECK_THROWS_AS(solve_resistances(T, Y, E, 4.0, -1), unbundle::key_error);
    unbundle::matrix_d bad = T;
    bad(1, 2) = std::nan("");
    CHECK_THROWS_WITH_AS(solve_resistances(bad, Y, E, 4.0, 0, {}, &names), doctest::Contains("CCC"),
                         unbundle::domain_error);
    bad(1, 2) = -0.5;
    CHECK_THROWS_AS(solve_resistances(bad, Y, E, 4.0, 0), unbundle::domain_error);
    unbundle::vector_d Y0 = Y;
    Y0(2) = 0;
    CHECK_THROWS_WITH_AS(solve_resistances(T, Y0, E, 4.0, 0, {}, &names), doctest::Contains("CCC"),
                         unbundle::domain_error);
    unbundle::vector_d E0 = E;
    E0(3) = -1;
    CHECK_THROWS_AS(solve_resistances(T, Y, E0, 4.0, 0), unbundle::domain_error);
    bad = T;
    bad.row(2).setZero();
    CHECK_THROWS_AS(solve_resistances(bad, Y, E, 4.0, 0), unbundle::domain_error);
    bad = T;
    bad.col(1).setZero();
    CHECK_THROWS_AS(solve_resistances(bad, Y, E, 4.0, 0), unbundle::domain_error);
}
