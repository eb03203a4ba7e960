// Tests of detail/check.hpp: each check passes valid input untouched and throws the documented
// error whose message names the function, the argument, the row/column (with its label) and the
// value; float and double matrices.
#include <doctest/doctest.h>

#include <unbundle/detail/check.hpp>
#include <unbundle/error.hpp>

#include <Eigen/Core>

#include <limits>
#include <string>
#include <vector>

namespace {

/// The message of the exception `f` throws as E (empty when it throws nothing).
template <class E, class F> std::string message_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST_CASE("detail: describe_index and to_string_full") {
    const std::vector<std::string> labels{"AUS_c1", "BRA_c1"};
    CHECK(unbundle::detail::describe_index("row", 1, &labels) == "row 1 (BRA_c1)");
    CHECK(unbundle::detail::describe_index("row", 2, &labels) == "row 2"); // out of the labels
    CHECK(unbundle::detail::describe_index("column", 0, nullptr) == "column 0");
    CHECK(unbundle::detail::to_string_full(0.1) == "0.10000000000000001");
    CHECK(unbundle::detail::to_string_full(-3) == "-3");
}

TEST_CASE_TEMPLATE("detail: check_finite and check_nonnegative name the place and the value", Scalar, float, double) {
    using mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
    const std::vector<std::string> rows{"r0", "r1"}, cols{"c0", "c1", "c2"};
    mat m(2, 3);
    m << 1, 2, 3, 4, 5, 6;
    CHECK_NOTHROW(unbundle::detail::check_finite(m, "f", "m"));
    CHECK_NOTHROW(unbundle::detail::check_nonnegative(m, "f", "m"));
    CHECK_NOTHROW(unbundle::detail::check_finite(mat(0, 0), "f", "m"));
    m(1, 2) = std::numeric_limits<Scalar>::infinity();
    CHECK_THROWS_AS(unbundle::detail::check_finite(m, "f", "m"), unbundle::domain_error);
    const std::string inf =
        message_of<unbundle::domain_error>([&] { unbundle::detail::check_finite(m, "solve", "flows", &rows, &cols); });
    CHECK(inf == "solve: flows has a non-finite value inf at row 1 (r1), column 2 (c2)");
    m(1, 2) = std::numeric_limits<Scalar>::quiet_NaN();
    CHECK_THROWS_AS(unbundle::detail::check_finite(m, "f", "m"), unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::detail::check_nonnegative(m, "f", "m"), unbundle::domain_error); // NaN is not ≥ 0
    m(1, 2) = 6;
    m(0, 1) = Scalar(-0.5);
    CHECK_NOTHROW(unbundle::detail::check_finite(m, "f", "m"));
    const std::string neg =
        message_of<unbundle::domain_error>([&] { unbundle::detail::check_nonnegative(m, "g", "Z", &rows); });
    CHECK(neg == "g: Z must be non-negative but is -0.5 at row 0 (r0), column 1");
}

TEST_CASE("detail: check_square, check_same_size and check_size throw dimension_error naming the shapes") {
    const Eigen::MatrixXd a(2, 3), b(2, 2), c(3, 2);
    CHECK_NOTHROW(unbundle::detail::check_square(b, "f", "b"));
    CHECK(message_of<unbundle::dimension_error>([&] { unbundle::detail::check_square(a, "f", "a"); }) ==
          "f: a must be square but is 2 x 3");
    CHECK_NOTHROW(unbundle::detail::check_same_size(a, Eigen::MatrixXf(2, 3), "f", "a", "b"));
    CHECK(message_of<unbundle::dimension_error>([&] { unbundle::detail::check_same_size(a, c, "f", "X", "beta"); }) ==
          "f: X is 2 x 3 but beta is 3 x 2");
    CHECK_NOTHROW(unbundle::detail::check_size(4, 4, "f", "x"));
    CHECK(message_of<unbundle::dimension_error>([&] { unbundle::detail::check_size(3, 4, "f", "x"); }) ==
          "f: x has size 3, expected 4");
    // every error derives from unbundle::error and its standard base
    CHECK_THROWS_AS(unbundle::detail::check_size(3, 4, "f", "x"), std::invalid_argument);
    CHECK_THROWS_AS(unbundle::detail::check_size(3, 4, "f", "x"), unbundle::error);
}
