// Tests of ge/ge_gravity.hpp on hand-built worlds: no change without a partial effect, the ACR
// formula (welfare = λ̂_jj^(−1/θ) under balanced trade), market clearing with world output as
// numeraire, the two deficit treatments, float and double, and every input check.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/ge/ge_gravity.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace {

/// A symmetric 4-economy world (balanced trade: row sums = column sums), domestic flows on the diagonal.
template <class Scalar> unbundle::matrix_x<Scalar> symmetric_world() {
    unbundle::matrix_x<Scalar> X(4, 4);
    X << 500, 40, 30, 10, //
        40, 700, 60, 20,  //
        30, 60, 900, 15,  //
        10, 20, 15, 300;
    return X;
}

/// A free-trade agreement between economies 0 and 1: β = 0.5 on both flows.
template <class Scalar> unbundle::matrix_x<Scalar> fta01() {
    unbundle::matrix_x<Scalar> B = unbundle::matrix_x<Scalar>::Zero(4, 4);
    B(0, 1) = B(1, 0) = Scalar(0.5);
    B(2, 2) = Scalar(7); // the diagonal is ignored, as in Stata
    return B;
}

template <class Scalar> double ge_gravity_tol() { return sizeof(Scalar) == sizeof(float) ? 2e-4 : 1e-10; }

template <class Scalar> unbundle::ge_gravity_options ge_gravity_options_for(bool mult) {
    unbundle::ge_gravity_options o;
    o.theta = 4;
    o.multiplicative = mult;
    o.solver.tol = sizeof(Scalar) == sizeof(float) ? 1e-5 : 1e-12;
    return o;
}

} // namespace

TEST_CASE_TEMPLATE("ge: ge_gravity without partial effects changes nothing", Scalar, float, double) {
    const auto X = symmetric_world<Scalar>();
    const unbundle::matrix_x<Scalar> B = unbundle::matrix_x<Scalar>::Zero(4, 4);
    for (bool mult : {false, true}) {
        CAPTURE(mult);
        const auto r = unbundle::ge_gravity(X, B, ge_gravity_options_for<Scalar>(mult));
        REQUIRE(r.info.converged);
        const unbundle::vector_x<Scalar> one = unbundle::vector_x<Scalar>::Ones(4);
        CHECK(unbundle::test::max_rel_diff(r.welfare, one) <= ge_gravity_tol<Scalar>());
        CHECK(unbundle::test::max_rel_diff(r.nom_wage, one) <= ge_gravity_tol<Scalar>());
        CHECK(unbundle::test::max_rel_diff(r.price_index, one) <= ge_gravity_tol<Scalar>());
        CHECK(unbundle::test::max_rel_diff(r.new_trade, X) <= ge_gravity_tol<Scalar>());
    }
}

TEST_CASE_TEMPLATE("ge: ge_gravity FTA satisfies ACR, market clearing and the numeraire", Scalar, float, double) {
    using vec = unbundle::vector_x<Scalar>;
    const auto X = symmetric_world<Scalar>();
    const double theta = 4;
    for (bool mult : {false, true}) {
        CAPTURE(mult);
        const auto r = unbundle::ge_gravity(X, fta01<Scalar>(), ge_gravity_options_for<Scalar>(mult));
        REQUIRE(r.info.converged);
        const auto& X1 = r.new_trade;
        // ACR (Arkolakis, Costinot & Rodríguez-Clare 2012): with balanced trade the welfare change is
        // the change in the domestic expenditure share to the power −1/θ.
        for (unbundle::index_t j = 0; j < 4; ++j) {
            const double l0 = static_cast<double>(X(j, j) / X.col(j).sum());
            const double l1 = static_cast<double>(X1(j, j) / X1.col(j).sum());
            CHECK(static_cast<double>(r.welfare(j)) ==
                  doctest::Approx(std::pow(l1 / l0, -1 / theta)).epsilon(ge_gravity_tol<Scalar>()));
        }
        // the members gain and trade more with each other
        CHECK(r.welfare(0) > Scalar(1));
        CHECK(r.welfare(1) > Scalar(1));
        CHECK(X1(0, 1) > X(0, 1));
        // real wage = ŵ / P̂
        CHECK(unbundle::test::max_rel_diff(r.real_wage, vec(r.nom_wage.cwiseQuotient(r.price_index))) <=
              ge_gravity_tol<Scalar>());
        // market clearing: new output Σ_j X'_ij = ŵ_i Y_i, world output unchanged (numeraire)
        const vec Y = X.rowwise().sum();
        CHECK(unbundle::test::max_rel_diff(vec(X1.rowwise().sum()), vec(r.nom_wage.cwiseProduct(Y))) <=
              ge_gravity_tol<Scalar>());
        CHECK(static_cast<double>(X1.sum()) ==
              doctest::Approx(static_cast<double>(X.sum())).epsilon(ge_gravity_tol<Scalar>()));
        // balanced trade stays balanced
        CHECK(unbundle::test::max_rel_diff(vec(X1.colwise().sum().transpose()), vec(X1.rowwise().sum())) <=
              ge_gravity_tol<Scalar>());
        // the result carries the full hat-algebra solution
        CHECK(unbundle::test::max_rel_diff(r.detail.X1, X1) == 0.0);
    }
}

TEST_CASE("ge: ge_gravity with deficits: additive and multiplicative welfare follow their definitions") {
    unbundle::matrix_d X(3, 3);
    X << 400, 80, 20, //
        30, 600, 90,  //
        50, 40, 800;
    unbundle::matrix_d B = unbundle::matrix_d::Zero(3, 3);
    B(0, 2) = B(2, 0) = 0.3;
    unbundle::ge_gravity_options o;
    const auto a = unbundle::ge_gravity(X, B, o);
    REQUIRE(a.info.converged);
    const unbundle::vector_d Y = X.rowwise().sum(), E = X.colwise().sum().transpose(), D = E - Y;
    // additive: welfare = (ŵ Y + D) / (Y + D) / P̂; deficits kept in levels, E' = ŵ Y + D
    const unbundle::vector_d wa = (a.nom_wage.cwiseProduct(Y) + D).cwiseQuotient(Y + D).cwiseQuotient(a.price_index);
    CHECK(unbundle::test::max_rel_diff(a.welfare, wa) < 1e-12);
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(a.new_trade.colwise().sum().transpose()),
                                       unbundle::vector_d(a.nom_wage.cwiseProduct(Y) + D)) < 1e-10);
    o.multiplicative = true;
    const auto m = unbundle::ge_gravity(X, B, o);
    REQUIRE(m.info.converged);
    CHECK(unbundle::test::max_rel_diff(m.welfare, m.real_wage) == 0.0);
    // multiplicative: E' = ŵ E
    CHECK(unbundle::test::max_rel_diff(unbundle::vector_d(m.new_trade.colwise().sum().transpose()),
                                       unbundle::vector_d(m.nom_wage.cwiseProduct(E))) < 1e-10);
}

TEST_CASE("ge: ge_gravity rejects bad input and reports or throws non-convergence") {
    const auto X = symmetric_world<double>();
    const auto B = fta01<double>();
    const std::vector<std::string> names{"AUT", "BEL", "CAN", "DNK"};
    CHECK_THROWS_AS(unbundle::ge_gravity(X, unbundle::matrix_d(B.leftCols(3))), unbundle::dimension_error);
    unbundle::matrix_d bad = B;
    bad(3, 1) = std::nan("");
    CHECK_THROWS_WITH_AS(unbundle::ge_gravity(X, bad, {}, &names), doctest::Contains("DNK"), unbundle::domain_error);
    unbundle::matrix_d Xn = X;
    Xn(2, 3) = -1;
    CHECK_THROWS_AS(unbundle::ge_gravity(Xn, B), unbundle::domain_error);
    Xn = X;
    Xn(1, 1) = 0;
    CHECK_THROWS_AS(unbundle::ge_gravity(Xn, B), unbundle::domain_error);
    unbundle::ge_gravity_options o;
    o.theta = 0;
    CHECK_THROWS_AS(unbundle::ge_gravity(X, B, o), unbundle::domain_error);
    o.theta = 4;
    o.solver.max_iter = 1;
    o.solver.tol = 1e-300;
    const auto r = unbundle::ge_gravity(X, B, o);
    CHECK_FALSE(r.info.converged);
    CHECK_FALSE(r.info.message.empty());
    o.throw_on_failure = true;
    CHECK_THROWS_AS(unbundle::ge_gravity(X, B, o), unbundle::convergence_error);
}
