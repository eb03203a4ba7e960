#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/core/mrio.hpp>

namespace {
// 2 regions x 2 sectors, balanced by construction.
template <class Scalar> unbundle::mrio<Scalar> tiny(bool with_x) {
    using M = unbundle::matrix_x<Scalar>;
    M Z(4, 4);
    Z << 10, 5, 2, 1, //
        4, 12, 1, 3,  //
        1, 2, 15, 6,  //
        3, 1, 5, 20;
    M Y(4, 2);
    Y << 30, 4, //
        25, 6,  //
        5, 40,  //
        2, 35;
    std::optional<unbundle::vector_x<Scalar>> x;
    if (with_x) x = unbundle::vector_x<Scalar>((Z.rowwise().sum() + Y.rowwise().sum()).array() + Scalar(1));
    return unbundle::mrio<Scalar>(unbundle::economy_index{"N", "S"}, unbundle::sector_index{"agr", "srv"}, Z, Y, x);
}
} // namespace

TEST_CASE_TEMPLATE("core: mrio derives x and va and reports residuals", Scalar, float, double) {
    const auto t = tiny<Scalar>(false);
    CHECK(t.n() == 4);
    CHECK(t.convention() == unbundle::output_convention::balanced);
    CHECK(t.labels()[2] == "S_agr");
    CHECK(t.row("S", "srv") == 3);
    // x = Z1 + Y1 (row 0: 18 + 34 = 52), va = x − Z'1 (column 0: 52 − 18 = 34)
    CHECK(t.x()(0) == Scalar(52));
    CHECK(t.va()(0) == Scalar(34));
    const auto r = t.report();
    CHECK(r.max_abs_row_residual == doctest::Approx(0.0));
    CHECK(r.total_final_demand == doctest::Approx(147.0));
    // identity: Σ va = Σ final demand in a balanced table
    CHECK(r.total_value_added == doctest::Approx(r.total_final_demand).epsilon(1e-6));
    CHECK(t.Z_block(1, 0)(0, 1) == Scalar(2));

    const auto p = tiny<Scalar>(true);
    CHECK(p.convention() == unbundle::output_convention::published);
    CHECK(p.report().max_abs_row_residual == doctest::Approx(1.0));
    const auto b = p.balanced();
    CHECK(b.report().max_abs_row_residual == doctest::Approx(0.0));
    CHECK(b.x()(0) == Scalar(52));
}

TEST_CASE("core: mrio sums final-demand categories by destination") {
    using M = unbundle::matrix_d;
    const M Z = M::Constant(2, 2, 1.0);
    M Y(2, 4);       // 2 regions x 2 categories
    Y << 1, 2, 3, 4, //
        5, 6, 7, -8;
    unbundle::mrio<double> t(unbundle::economy_index{"A", "B"}, unbundle::sector_index{"s"}, Z, Y, std::nullopt,
                             std::nullopt, {"cons", "inv"});
    CHECK(t.num_categories() == 2);
    CHECK(t.Y()(0, 1) == 7);
    CHECK(t.Y()(1, 1) == -1);
    CHECK(t.report().negative_Y == 1);
    const auto f = t.cast<float>();
    CHECK(f.Y()(0, 1) == 7.0f);
    CHECK(f.convention() == unbundle::output_convention::balanced);
}

TEST_CASE("core: mrio rejects mis-shaped, non-finite and negative-output tables") {
    using M = unbundle::matrix_d;
    const unbundle::economy_index e{"A", "B"};
    const unbundle::sector_index s({"s"});
    CHECK_THROWS_AS(unbundle::mrio<double>(e, s, M::Ones(2, 3), M::Ones(2, 2)), unbundle::dimension_error);
    CHECK_THROWS_AS(unbundle::mrio<double>(e, s, M::Ones(3, 3), M::Ones(3, 2)), unbundle::dimension_error);
    CHECK_THROWS_AS(unbundle::mrio<double>(e, s, M::Ones(2, 2), M::Ones(2, 3)), unbundle::dimension_error);
    M Z = M::Ones(2, 2);
    Z(1, 0) = std::numeric_limits<double>::infinity();
    CHECK_THROWS_WITH_AS(unbundle::mrio<double>(e, s, Z, M::Ones(2, 2)),
                         doctest::Contains("row 1 (B_s), column 0 (A_s)"), unbundle::domain_error);
    unbundle::vector_d x(2);
    x << 5, -1;
    CHECK_THROWS_WITH_AS(unbundle::mrio<double>(e, s, M::Ones(2, 2), M::Ones(2, 2), x), doctest::Contains("B_s"),
                         unbundle::domain_error);
}
