// Tests of mrio/leontief.hpp: closed forms, both factorisation methods, productivity and bad input.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/core/mrio.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/mrio/leontief.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>

namespace {

template <class Scalar> unbundle::matrix_x<Scalar> mat2(double a, double b, double c, double d) {
    unbundle::matrix_x<Scalar> m(2, 2);
    m << Scalar(a), Scalar(b), Scalar(c), Scalar(d);
    return m;
}

// A random productive table: column sums of A in [0.3, 0.7] (dominant), n = 60.
inline unbundle::matrix_d random_coefficients(unbundle::index_t n, unsigned seed, double colsum) {
    std::mt19937 g(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    unbundle::matrix_d A(n, n);
    for (unbundle::index_t j = 0; j < n; ++j) {
        for (unbundle::index_t i = 0; i < n; ++i) A(i, j) = u(g) * u(g);
        A.col(j) *= colsum / A.col(j).sum();
    }
    return A;
}

template <class F> std::string message_of(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

} // namespace

TEST_CASE_TEMPLATE("io: Leontief inverse of a 2x2 table matches the closed form", Scalar, float, double) {
    // A = [0.2 0.3; 0.4 0.1]: det(I − A) = 0.8·0.9 − 0.3·0.4 = 0.6; L = [0.9 0.3; 0.4 0.8] / 0.6.
    const auto A = mat2<Scalar>(0.2, 0.3, 0.4, 0.1);
    const auto expected = mat2<Scalar>(0.9 / 0.6, 0.3 / 0.6, 0.4 / 0.6, 0.8 / 0.6);
    const double tol = unbundle::test::default_tol<Scalar>();
    for (auto method : {unbundle::leontief_method::lu, unbundle::leontief_method::inverse}) {
        unbundle::leontief_options o;
        o.method = method;
        auto L = unbundle::leontief<Scalar>::from_coefficients(A, o);
        CHECK(L.productivity().productive);
        CHECK(L.productivity().column_dominant);
        CHECK(L.productivity().max_column_sum == doctest::Approx(0.6).epsilon(1e-6));
        const unbundle::matrix_x<Scalar> I2 = unbundle::matrix_x<Scalar>::Identity(2, 2);
        CHECK(unbundle::test::is_approx(L.solve(I2), expected, tol));
        // v'L with v = 1 − column sums = [0.4 0.6]: = 1'
        unbundle::vector_x<Scalar> v(2);
        v << Scalar(0.4), Scalar(0.6);
        CHECK(unbundle::test::is_approx(L.solve_transpose(v), unbundle::vector_x<Scalar>::Ones(2), tol));
        if (method == unbundle::leontief_method::inverse) {
            CHECK(unbundle::test::is_approx(L.inverse(), expected, tol));
        } else {
            CHECK_THROWS_AS(L.inverse(), unbundle::usage_error);
            CHECK(message_of([&] { L.inverse(); }).find("leontief::inverse") != std::string::npos);
            CHECK(unbundle::test::is_approx(L.form_inverse(), expected, tol));
        }
    }
}

TEST_CASE("io: the recursive explicit inverse equals the LU inverse and satisfies (I - A) L = I") {
    const unbundle::index_t n = 300; // several levels of the recursion (leaves of 64), odd halves
    const unbundle::matrix_d A = random_coefficients(n, 7, 0.6);
    unbundle::leontief_options o;
    o.method = unbundle::leontief_method::inverse;
    auto Lgj = unbundle::leontief<double>::from_coefficients(A, o);
    auto Llu = unbundle::leontief<double>::from_coefficients(A);
    const unbundle::matrix_d I = unbundle::matrix_d::Identity(n, n);
    const unbundle::matrix_d Lref = Llu.solve(I);
    CHECK(unbundle::test::max_rel_diff(Lgj.inverse(), Lref) < 1e-13);
    const unbundle::matrix_d R = (I - A) * Lgj.inverse() - I;
    CHECK(unbundle::test::max_abs(R) < 1e-13);
    CHECK(Lgj.productivity().rcond > 0.01); // 1/(‖I−A‖₁‖L‖₁) with ‖L‖₁ ≤ 1/(1 − 0.6)
    // another leaf size (37) gives the same
    o.block_size = 37;
    auto L37 = unbundle::leontief<double>::from_coefficients(A, o);
    CHECK(unbundle::test::max_rel_diff(L37.inverse(), Lref) < 1e-13);
    // up to three right-hand sides are solved column by column, more as a block: the same columns
    const unbundle::matrix_d B = random_coefficients(n, 11, 0.9).leftCols(5);
    for (unbundle::index_t k : {1, 2, 3}) {
        CAPTURE(k);
        CHECK(unbundle::test::max_rel_diff(Llu.solve(B.leftCols(k)), Lref * B.leftCols(k)) < 1e-13);
        CHECK(unbundle::test::max_rel_diff(Llu.solve_transpose(B.leftCols(k)), Lref.transpose() * B.leftCols(k)) <
              1e-13);
    }
    CHECK(unbundle::test::max_rel_diff(Llu.solve(B), Lref * B) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(Llu.solve_transpose(B), Lref.transpose() * B) < 1e-13);
}

TEST_CASE("io: a productive table that is not column dominant is inverted as an M-matrix") {
    // Column 0 sums to 1.2 (> 1) but the spectral radius is 0.6311 < 1: A = [0.5 0.1; 0.7 0.1]
    // (trace 0.6, det −0.02 → eigenvalues 0.6311 and −0.0311); I − A is a nonsingular M-matrix.
    unbundle::matrix_d A(2, 2);
    A << 0.5, 0.1, 0.7, 0.1;
    unbundle::leontief_options o;
    o.method = unbundle::leontief_method::inverse;
    o.block_size = 1; // element-wise sweep: no pivoting at all
    auto L = unbundle::leontief<double>::from_coefficients(A, o);
    CHECK_FALSE(L.productivity().column_dominant);
    CHECK(L.productivity().productive);
    // closed form: det(I − A) = 0.5·0.9 − 0.1·0.7 = 0.38; L = [0.9 0.1; 0.7 0.5] / 0.38
    unbundle::matrix_d expected(2, 2);
    expected << 0.9 / 0.38, 0.1 / 0.38, 0.7 / 0.38, 0.5 / 0.38;
    CHECK(unbundle::test::is_approx(L.inverse(), expected, 1e-14));
}

TEST_CASE("io: coefficients with negative entries take the pivoting path") {
    // A = [0.5 −0.1; 0.7 0.1]: I − A = [0.5 0.1; −0.7 0.9], det = 0.45 + 0.07 = 0.52,
    // L = [0.9 −0.1; 0.7 0.5] / 0.52.
    unbundle::matrix_d A(2, 2);
    A << 0.5, -0.1, 0.7, 0.1;
    unbundle::leontief_options o;
    o.method = unbundle::leontief_method::inverse;
    auto L = unbundle::leontief<double>::from_coefficients(A, o);
    CHECK_FALSE(L.productivity().nonnegative);
    unbundle::matrix_d expected(2, 2);
    expected << 0.9 / 0.52, -0.1 / 0.52, 0.7 / 0.52, 0.5 / 0.52;
    CHECK(unbundle::test::is_approx(L.inverse(), expected, 1e-14));
    auto Llu = unbundle::leontief<double>::from_coefficients(A);
    CHECK(unbundle::test::is_approx(Llu.solve(unbundle::matrix_d::Identity(2, 2)), expected, 1e-14));
}

TEST_CASE("io: a table that is not productive is a numerical_error naming the column") {
    // ρ(A) = 1.1: A = [0.6 0.5; 0.6 0.5] has eigenvalues 1.1 and 0.
    unbundle::matrix_d A(2, 2);
    A << 0.6, 0.5, 0.6, 0.5;
    CHECK_THROWS_AS(unbundle::leontief<double>::from_coefficients(A), unbundle::numerical_error);
    const std::string msg = message_of([&] { unbundle::leontief<double>::from_coefficients(A, {}, {"R_a", "R_b"}); });
    CHECK(msg.find("not productive") != std::string::npos);
    CHECK(msg.find("column 0 (R_a)") != std::string::npos);
    unbundle::leontief_options o;
    o.method = unbundle::leontief_method::inverse;
    CHECK_THROWS_AS(unbundle::leontief<double>::from_coefficients(A, o), unbundle::numerical_error);
    // the check can be turned off (the inverse exists but has negative entries): L = [−5 −5; −6 −4]
    o.check_productive = false;
    for (auto method : {unbundle::leontief_method::lu, unbundle::leontief_method::inverse}) {
        o.method = method;
        auto L = unbundle::leontief<double>::from_coefficients(A, o);
        CHECK_FALSE(L.productivity().productive);
        unbundle::matrix_d expected(2, 2);
        expected << -5.0, -5.0, -6.0, -4.0;
        CHECK(unbundle::test::is_approx(L.solve(unbundle::matrix_d::Identity(2, 2)), expected, 1e-13));
    }
}

TEST_CASE("io: a singular I - A is a numerical_error with the condition number") {
    // column sums exactly 1 with a closed economy: I − A = [0.5 −0.5; −0.5 0.5] is singular.
    unbundle::matrix_d A(2, 2);
    A << 0.5, 0.5, 0.5, 0.5;
    for (auto method : {unbundle::leontief_method::lu, unbundle::leontief_method::inverse}) {
        unbundle::leontief_options o;
        o.method = method;
        CHECK_THROWS_AS(unbundle::leontief<double>::from_coefficients(A, o), unbundle::numerical_error);
        const std::string msg = message_of([&] { unbundle::leontief<double>::from_coefficients(A, o); });
        CHECK(msg.find("leontief") != std::string::npos);
    }
}

TEST_CASE("io: productive_leontief reports a table that is not productive as bad input naming the region-sectors") {
    // two regions A, B with one sector m; x = 10 everywhere, so A = Z / 10
    const auto table = [](double z00, double z01, double z10, double z11) {
        unbundle::matrix_d Z(2, 2), Y(2, 2);
        Z << z00, z01, z10, z11;
        Y << 5, 5, 5, 5;
        return unbundle::mrio<double>(unbundle::economy_index{"A", "B"}, unbundle::sector_index{"m"}, Z, Y,
                                      unbundle::vector_d::Constant(2, 10.0));
    };
    // every column sum of A at least 1 (1.5 and 3.5): rho(A) >= min column sum, refused before factorising
    const auto all_over = table(5, 30, 10, 5);
    CHECK_THROWS_WITH_AS(
        unbundle::productive_leontief(all_over, {}, "T"),
        "T: the table is not productive (spectral radius of A >= 1: the Leontief inverse (I - A)^-1 does not "
        "exist or has negative entries); 2 region-sectors with input-coefficient column sum sum_i a_ij >= 1 "
        "(intermediate inputs at least gross output): B_m (3.5), A_m (1.5)",
        unbundle::domain_error);
    // one column over 1 (A_m: a_AA = 1.1 alone makes rho(A) = 1.1), the other 0.2: found by the factorisation
    // (I − A = diag(−0.1, 0.8) is diagonally dominant in absolute value, but its diagonal is not positive)
    const auto one_over = table(11, 0, 0, 2);
    CHECK_THROWS_AS(unbundle::leontief<double>{one_over}, unbundle::numerical_error); // the plain factorisation
    unbundle::leontief_options unchecked;
    unchecked.check_productive = false;
    CHECK_FALSE(unbundle::leontief<double>(one_over, unchecked).productivity().column_dominant);
    CHECK_FALSE(unbundle::leontief<double>(one_over, unchecked).productivity().productive);
    CHECK_THROWS_WITH_AS(unbundle::productive_leontief(one_over),
                         doctest::Contains("; 1 region-sector with input-coefficient column sum sum_i a_ij >= 1 "
                                           "(intermediate inputs at least gross output): A_m (1.1)"),
                         unbundle::domain_error);
    // a column sum of exactly 1 on the diagonal: I − A singular (rho(A) = 1), both methods
    for (auto method : {unbundle::leontief_method::lu, unbundle::leontief_method::inverse}) {
        unbundle::leontief_options o;
        o.method = method;
        CHECK_THROWS_WITH_AS(unbundle::productive_leontief(table(10, 0, 0, 2), o), doctest::Contains("A_m (1)"),
                             unbundle::domain_error);
    }
    // a column sum above 1 in a productive table (A nilpotent, rho(A) = 0): accepted, L = I + A
    const auto productive = table(0, 20, 0, 0);
    const auto L = unbundle::productive_leontief(productive);
    CHECK(L.productivity().productive);
    const unbundle::vector_d z = L.solve(unbundle::vector_d::Ones(2));
    CHECK(z(0) == doctest::Approx(3.0).epsilon(1e-15));
    CHECK(z(1) == doctest::Approx(1.0).epsilon(1e-15));
    // negative entries in A: the failure is numerical (I − A = [0.5 0.5; 0.5 0.5] is singular), as leontief's
    CHECK_THROWS_AS(unbundle::productive_leontief(table(5, -5, -5, 5)), unbundle::numerical_error);
}

TEST_CASE("io: bad input to leontief names the argument and the place") {
    unbundle::matrix_d Z(2, 3);
    Z.setConstant(1.0);
    unbundle::vector_d x = unbundle::vector_d::Constant(2, 10.0);
    CHECK_THROWS_AS(unbundle::leontief<double>(Z, x), unbundle::dimension_error);
    CHECK(message_of([&] { unbundle::leontief<double>(Z, x); }).find("leontief: Z must be square") !=
          std::string::npos);
    unbundle::matrix_d Zs = unbundle::matrix_d::Constant(2, 2, 1.0);
    Zs(1, 0) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS(unbundle::leontief<double>(Zs, x, {}, {"A_1", "A_2"}), unbundle::domain_error);
    CHECK(message_of([&] {
              unbundle::leontief<double>(Zs, x, {}, {"A_1", "A_2"});
          }).find("row 1 (A_2)") != std::string::npos);
    Zs(1, 0) = 1.0;
    unbundle::vector_d xbad(2);
    xbad << 10.0, -1.0;
    CHECK_THROWS_AS(unbundle::leontief<double>(Zs, xbad), unbundle::domain_error);
    CHECK(message_of([&] { unbundle::leontief<double>(Zs, xbad); }).find("row 1") != std::string::npos);
    CHECK_THROWS_AS(unbundle::leontief<double>(Zs, unbundle::vector_d::Ones(3)), unbundle::dimension_error);
    unbundle::leontief<double> L(Zs, x);
    CHECK_THROWS_AS(L.solve(unbundle::vector_d::Ones(3)), unbundle::dimension_error);
    CHECK(message_of([&] { L.solve(unbundle::vector_d::Ones(3)); }).find("leontief::solve") != std::string::npos);
    CHECK_THROWS_AS(L.solve_transpose(unbundle::vector_d::Ones(5)), unbundle::dimension_error);
    unbundle::leontief<double> empty;
    CHECK_THROWS_AS(empty.solve(unbundle::vector_d::Ones(2)), unbundle::usage_error);
}

TEST_CASE("io: zero-output sectors get a zero column in A") {
    // sector 1 has no output and buys nothing; sector 0 sells to final demand only
    unbundle::matrix_d Z(2, 2);
    Z << 2.0, 0.0, 0.0, 0.0;
    unbundle::vector_d x(2);
    x << 10.0, 0.0;
    const unbundle::matrix_d A = unbundle::technical_coefficients(Z, x);
    CHECK(A(0, 0) == doctest::Approx(0.2));
    CHECK(A.col(1).isZero());
    unbundle::leontief<double> L(Z, x);
    CHECK(L.zero_output_columns().size() == 1);
    const unbundle::vector_d z = L.solve(unbundle::vector_d::Ones(2));
    CHECK(z(0) == doctest::Approx(1.25).epsilon(1e-14)); // 1/(1 − 0.2)
    CHECK(z(1) == doctest::Approx(1.0).epsilon(1e-14));
    CHECK_THROWS_AS(unbundle::technical_coefficients(Z, unbundle::vector_d::Ones(3)), unbundle::dimension_error);
}

TEST_CASE("io: an MRIO directory with mismatched or non-square tables is a dimension_error naming the file") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / "unbundle_io_bad_table";
    fs::create_directories(dir);
    auto write = [&](const char* name, const std::string& text) { std::ofstream(dir / name) << text; };
    // Y's row labels disagree with Z's
    write("Z.csv", ",A_x,A_y,B_x,B_y\nA_x,1,2,3,4\nA_y,1,2,3,4\nB_x,1,2,3,4\nB_y,1,2,3,4\n");
    write("Y.csv", ",A,B\nA_x,5,5\nA_y,5,5\nB_y,5,5\nB_x,5,5\n");
    CHECK_THROWS_AS(unbundle::read_mrio(dir.string()), unbundle::dimension_error);
    const std::string msg = message_of([&] { unbundle::read_mrio(dir.string()); });
    CHECK(msg.find("Y.csv") != std::string::npos);
    CHECK(msg.find("row 3") != std::string::npos);
    // non-square Z
    write("Z.csv", ",A_x,A_y,B_x\nA_x,1,2,3\nA_y,1,2,3\nB_x,1,2,3\nB_y,1,2,3\n");
    CHECK_THROWS_AS(unbundle::read_mrio(dir.string()), unbundle::dimension_error);
    CHECK(message_of([&] { unbundle::read_mrio(dir.string()); }).find("must be square") != std::string::npos);
    // NaN in Z
    write("Z.csv", ",A_x,A_y,B_x,B_y\nA_x,1,2,3,4\nA_y,1,nan,3,4\nB_x,1,2,3,4\nB_y,1,2,3,4\n");
    write("Y.csv", ",A,B\nA_x,5,5\nA_y,5,5\nB_x,5,5\nB_y,5,5\n");
    CHECK_THROWS_AS(unbundle::read_mrio(dir.string()), unbundle::domain_error);
    fs::remove_all(dir);
}
