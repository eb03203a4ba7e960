// Tests of detail/linalg.hpp, the dense kernels the engines share: closed-form eigenpairs, LU
// solves and least-squares fits, for float and double (double is the compiled mode's
// instantiation in src/linalg.cpp; float is instantiated here).
#include <doctest/doctest.h>

#include <unbundle/detail/linalg.hpp>

#include "../support/approx.hpp"

#include <cmath>
#include <type_traits>

namespace {
template <class Scalar> using la_mat = unbundle::matrix_x<Scalar>;
template <class Scalar> using la_vec = unbundle::vector_x<Scalar>;
namespace la = unbundle::linalg;
} // namespace

TEST_CASE_TEMPLATE("linalg: symmetric_eigen of a 3 x 3 matrix with known eigenpairs", Scalar, float, double) {
    // [[2,1,0],[1,2,0],[0,0,5]]: eigenvalues 1, 3, 5 with vectors (1,-1,0)/√2, (1,1,0)/√2, (0,0,1)
    la_mat<Scalar> a(3, 3);
    a << 2, 1, 0, 1, 2, 0, 0, 0, 5;
    const double tol = std::is_same_v<Scalar, float> ? 1e-5 : 1e-13; // a few ulps of the entries (≤ 6)
    const auto r = la::symmetric_eigen<Scalar>(a);
    REQUIRE(r.ok);
    REQUIRE(r.values.size() == 3);
    CHECK(std::abs(r.values(0) - 1) < tol);
    CHECK(std::abs(r.values(1) - 3) < tol);
    CHECK(std::abs(r.values(2) - 5) < tol);
    REQUIRE(r.vectors.rows() == 3);
    REQUIRE(r.vectors.cols() == 3);
    const Scalar h = Scalar(1 / std::sqrt(2.0));
    CHECK(std::abs(std::abs(r.vectors(0, 0)) - h) < tol); // signs are arbitrary
    CHECK(std::abs(r.vectors(0, 0) + r.vectors(1, 0)) < tol);
    CHECK(std::abs(r.vectors(0, 1) - r.vectors(1, 1)) < tol);
    CHECK(std::abs(std::abs(r.vectors(2, 2)) - 1) < tol);
    // V diag(λ) V' rebuilds a; V'V = I
    const la_mat<Scalar> back = r.vectors * r.values.asDiagonal() * r.vectors.transpose();
    CHECK(unbundle::test::max_abs(back - a) < tol * 5);
    CHECK(unbundle::test::max_abs(r.vectors.transpose() * r.vectors - la_mat<Scalar>::Identity(3, 3)) < tol);
    // the values alone: the same, no vectors
    const auto v = la::symmetric_eigen<Scalar>(a, false);
    CHECK(v.ok);
    CHECK(v.vectors.size() == 0);
    CHECK(unbundle::test::max_abs(v.values - r.values) < tol);
}

TEST_CASE_TEMPLATE("linalg: lu_solver and lu_solve against a hand-solved system", Scalar, float, double) {
    // [[4,3],[6,3]] x = [10,12] has x = (1, 2); the pivot row is the second (|6| > |4|)
    la_mat<Scalar> a(2, 2);
    a << 4, 3, 6, 3;
    la_vec<Scalar> b(2);
    b << 10, 12;
    const double tol = std::is_same_v<Scalar, float> ? 1e-5 : 1e-13; // a few ulps of the entries (≤ 6)
    la::lu_solver<Scalar> lu;
    lu.compute(a);
    const la_vec<Scalar> x = lu.solve(b);
    CHECK(std::abs(x(0) - 1) < tol);
    CHECK(std::abs(x(1) - 2) < tol);
    // several right-hand sides at once: the columns of the inverse [[-1/2, 1/2], [1, -2/3]]
    const la_mat<Scalar> inv = lu.solve(la_mat<Scalar>(la_mat<Scalar>::Identity(2, 2)));
    CHECK(std::abs(inv(0, 0) + 0.5) < tol);
    CHECK(std::abs(inv(0, 1) - 0.5) < tol);
    CHECK(std::abs(inv(1, 0) - 1) < tol);
    CHECK(std::abs(inv(1, 1) + 2.0 / 3.0) < tol);
    // a new factorisation replaces the old one
    lu.compute(la_mat<Scalar>(2 * a));
    CHECK(std::abs(lu.solve(b)(1) - 1) < tol);
    const la_vec<Scalar> y = la::lu_solve<Scalar>(a, b);
    CHECK(unbundle::test::max_abs(y - x) == 0); // the same factorisation and solve
}

TEST_CASE_TEMPLATE("linalg: qr_solve fits least squares and zeroes the columns past the rank", Scalar, float, double) {
    const double tol = std::is_same_v<Scalar, float> ? 1e-5 : 1e-13; // a few ulps of the entries (≤ 6)
    // y = 1 + 2 t at t = 0, 1, 2, 3 with residuals (+1, -1, -1, +1) that are orthogonal to [1, t]
    la_mat<Scalar> a(4, 2);
    a << 1, 0, 1, 1, 1, 2, 1, 3;
    la_vec<Scalar> b(4);
    b << 2, 2, 4, 8;
    const la_vec<Scalar> x = la::qr_solve<Scalar>(a, b);
    CHECK(std::abs(x(0) - 1) < tol);
    CHECK(std::abs(x(1) - 2) < tol);
    // rank 1: the second column is twice the first; the pivot is the larger column, the other
    // coefficient is exactly zero and the fit is exact: x = (0, 1/2)
    la_mat<Scalar> r(3, 2);
    r << 1, 2, 2, 4, 3, 6;
    la_vec<Scalar> c(3);
    c << 1, 2, 3;
    const la_vec<Scalar> z = la::qr_solve<Scalar>(r, c);
    CHECK(z(0) == 0);
    CHECK(std::abs(z(1) - 0.5) < tol);
}
