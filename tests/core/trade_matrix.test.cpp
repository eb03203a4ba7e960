#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/core/trade_matrix.hpp>

TEST_CASE_TEMPLATE("core: trade_matrix aggregates follow from the flows", Scalar, float, double) {
    using M = unbundle::matrix_x<Scalar>;
    using V = unbundle::vector_x<Scalar>;
    M X(3, 3);
    X << 80, 20, 0, //
        10, 90, 5,  //
        4, 6, 50;
    unbundle::trade_matrix<Scalar> t({"A", "B", "C"}, X);
    const double tol = unbundle::test::default_tol<Scalar>();
    CHECK(unbundle::test::is_approx(t.exports(), V((V(3) << 20, 15, 10).finished()), tol));
    CHECK(unbundle::test::is_approx(t.imports(), V((V(3) << 14, 26, 5).finished()), tol));
    CHECK(unbundle::test::is_approx(t.domestic(), V((V(3) << 80, 90, 50).finished()), tol));
    CHECK(unbundle::test::is_approx(t.expenditure(), V((V(3) << 94, 116, 55).finished()), tol));
    // identities: output − expenditure = exports − imports; shares add up to 1
    CHECK(unbundle::test::is_approx(V(t.output() - t.expenditure()), t.balance(), tol));
    const M pi = t.import_shares();
    CHECK(unbundle::test::is_approx(M(pi.colwise().sum()), M(M::Ones(1, 3)), tol));
    CHECK(pi(0, 1) == doctest::Approx(20.0 / 116.0).epsilon(tol));
    CHECK(unbundle::test::is_approx(M(t.export_shares().rowwise().sum()), M(M::Ones(3, 1)), tol));
    CHECK(t.world_trade() == doctest::Approx(45).epsilon(tol));
    CHECK(t.flow("C", "B") == Scalar(6));
    const auto sub = t.subset({"C", "A"});
    CHECK(sub(0, 1) == Scalar(4));
    CHECK(sub(1, 0) == Scalar(0));
}

TEST_CASE("core: trade_matrix rejects negative, non-finite and mis-shaped flows") {
    unbundle::matrix_d X(2, 2);
    X << 1, -2, 3, 4;
    CHECK_THROWS_WITH_AS(unbundle::trade_matrix<double>({"A", "B"}, X), doctest::Contains("row 0 (A), column 1 (B)"),
                         unbundle::domain_error);
    X(0, 1) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(unbundle::trade_matrix<double>({"A", "B"}, X), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::trade_matrix<double>({"A", "B", "C"}, unbundle::matrix_d::Ones(2, 2)),
                    unbundle::dimension_error);
    CHECK_THROWS_AS(unbundle::trade_matrix<double>({"A", "B"}, unbundle::matrix_d::Ones(2, 3)),
                    unbundle::dimension_error);
    unbundle::matrix_d Z = unbundle::matrix_d::Zero(2, 2);
    Z(0, 0) = 1;
    unbundle::trade_matrix<double> t({"A", "B"}, Z);
    CHECK_THROWS_WITH_AS(t.import_shares(), doctest::Contains("'B' has zero expenditure"), unbundle::domain_error);
}
