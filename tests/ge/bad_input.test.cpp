// Bad input to the GE solvers: each throw path names the place; non-convergence is reported, not hidden.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/ge/frame.hpp>
#include <unbundle/ge/ge_gravity.hpp>
#include <unbundle/ge/hat_algebra.hpp>
#include <unbundle/ge/resistances.hpp>
#include <unbundle/ge/solver.hpp>
#include <unbundle/ge/structural.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

namespace {
using unbundle::index_t;
using unbundle::matrix_d;
using unbundle::vector_d;

matrix_d world() {
    matrix_d X(3, 3);
    X << 100, 10, 5, 8, 120, 6, 4, 9, 90;
    return X;
}
const std::vector<std::string> abc_names{"AAA", "BBB", "CCC"};
} // namespace

TEST_CASE("ge: hat algebra rejects missing domestic flows, negative flows, NaN, bad shapes and theta <= 0") {
    const matrix_d ones = matrix_d::Ones(3, 3);
    matrix_d X = world();
    X(1, 1) = 0;
    CHECK_THROWS_WITH_AS(unbundle::solve_hat_algebra(X, ones, {}, &abc_names),
                         doctest::Contains("domestic flow of economy 1 (BBB)"), unbundle::domain_error);
    X = world();
    X(2, 0) = -1;
    CHECK_THROWS_WITH_AS(unbundle::solve_hat_algebra(X, ones, {}, &abc_names),
                         doctest::Contains("row 2 (CCC), column 0 (AAA)"), unbundle::domain_error);
    X = world();
    X(0, 2) = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_WITH_AS(unbundle::solve_hat_algebra(X, ones, {}, &abc_names), doctest::Contains("non-finite"),
                         unbundle::domain_error);
    CHECK_THROWS_WITH_AS(unbundle::solve_hat_algebra(world(), matrix_d::Ones(3, 2)),
                         doctest::Contains("solve_hat_algebra"), unbundle::dimension_error);
    CHECK_THROWS_AS(unbundle::solve_hat_algebra(matrix_d::Ones(3, 2), matrix_d::Ones(3, 2)), unbundle::dimension_error);
    unbundle::hat_options o;
    o.theta = 0; // sigma = 1
    CHECK_THROWS_WITH_AS(unbundle::solve_hat_algebra(world(), ones, o), doctest::Contains("theta"),
                         unbundle::domain_error);
    o.theta = -2;
    CHECK_THROWS_AS(unbundle::solve_hat_algebra(world(), ones, o), unbundle::domain_error);
    matrix_d That = ones;
    That(0, 1) = 0;
    CHECK_THROWS_WITH_AS(unbundle::solve_hat_algebra(world(), That, {}, &abc_names),
                         doctest::Contains("t_hat must be positive"), unbundle::domain_error);
    matrix_d tau = ones;
    tau(1, 2) = -0.5;
    CHECK_THROWS_WITH_AS(unbundle::tau_hat_to_t_hat(tau, 4.0), doctest::Contains("row 1, column 2"),
                         unbundle::domain_error);
    unbundle::hat_options c;
    c.closure = unbundle::ge_closure::conditional;
    c.reference = 7;
    CHECK_THROWS_WITH_AS(unbundle::solve_hat_algebra(world(), ones, c), doctest::Contains("reference"),
                         unbundle::key_error);
    CHECK_THROWS_AS(unbundle::ge_gravity(world(), matrix_d::Zero(2, 2)), unbundle::dimension_error);
}

TEST_CASE("ge: structural gravity rejects sigma <= 1, zero expenditure, zero output and a bad reference") {
    const matrix_d T = world();
    const vector_d Y = T.rowwise().sum(), E = T.colwise().sum().transpose();
    for (double sigma : {1.0, 0.5, -3.0, std::numeric_limits<double>::infinity()}) {
        CAPTURE(sigma);
        CHECK_THROWS_WITH_AS(unbundle::solve_resistances(T, Y, E, sigma, 0),
                             doctest::Contains("sigma must be finite and > 1"), unbundle::domain_error);
    }
    vector_d E0 = E;
    E0(2) = 0;
    CHECK_THROWS_WITH_AS(unbundle::make_structural_baseline(T, Y, E0, 5.0, 0, abc_names),
                         doctest::Contains("expenditure E of economy 2 (CCC)"), unbundle::domain_error);
    vector_d Y0 = Y;
    Y0(1) = -1;
    CHECK_THROWS_WITH_AS(unbundle::solve_resistances(T, Y0, E, 5.0, 0), doctest::Contains("output Y of economy 1"),
                         unbundle::domain_error);
    CHECK_THROWS_WITH_AS(unbundle::solve_resistances(T, Y, E, 5.0, 3),
                         doctest::Contains("reference importer position 3"), unbundle::key_error);
    matrix_d Tn = T;
    Tn(1, 0) = -2;
    CHECK_THROWS_AS(unbundle::solve_resistances(Tn, Y, E, 5.0, 0), unbundle::domain_error);
    matrix_d Tz = T;
    Tz.col(1).setZero();
    CHECK_THROWS_WITH_AS(unbundle::solve_resistances(Tz, Y, E, 5.0, 0), doctest::Contains("as importer"),
                         unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::solve_resistances(T, vector_d::Ones(2), E, 5.0, 0), unbundle::dimension_error);
    const auto base = unbundle::make_structural_baseline(T, Y, E, 5.0, 0);
    CHECK_THROWS_AS(unbundle::simulate(base, matrix_d::Ones(2, 2)), unbundle::dimension_error);
}

TEST_CASE("ge: a solver that does not converge reports its diagnostics, or throws convergence_error when asked") {
    const matrix_d X = world();
    matrix_d tau = matrix_d::Ones(3, 3);
    tau(0, 1) = 0.5;
    unbundle::hat_options o;
    o.solver.max_iter = 1;
    const auto r = unbundle::solve_hat_algebra(X, unbundle::tau_hat_to_t_hat(tau, 4.0), o);
    CHECK_FALSE(r.info.converged);
    CHECK(r.info.iterations == 1);
    CHECK(r.info.residual > 1e-6);
    CHECK(r.info.message.find("did not converge") != std::string::npos);
    o.throw_on_failure = true;
    try {
        (void)unbundle::solve_hat_algebra(X, unbundle::tau_hat_to_t_hat(tau, 4.0), o);
        FAIL("expected convergence_error");
    } catch (const unbundle::convergence_error& e) {
        CHECK(std::string(e.what()).find("solve_hat_algebra") != std::string::npos);
        CHECK(e.iterations() == 1);
        CHECK(e.residual() > 1e-6);
    }
    const vector_d Y = X.rowwise().sum(), E = X.colwise().sum().transpose();
    unbundle::solver_options so;
    so.max_iter = 0;
    const auto mr = unbundle::solve_resistances(X, Y, E, 5.0, 0, so);
    CHECK_FALSE(mr.info.converged);
    CHECK(mr.info.message.find("multilateral resistances") != std::string::npos);
    unbundle::structural_options sto;
    sto.solver.max_iter = 0;
    sto.throw_on_failure = true;
    CHECK_THROWS_AS(unbundle::make_structural_baseline(X, Y, E, 5.0, 0, {}, sto), unbundle::convergence_error);
}

TEST_CASE("ge: generic solvers (Anderson fixed point, Newton, Powell hybrid) solve a known system and report failure") {
    // x = cos(x) componentwise with a coupling: fixed point at known root of x_k = cos(x_k) = 0.7390851332151607.
    using vec = vector_d;
    auto g = [](const vec& x, vec& gx) { gx = x.array().cos(); };
    vec x = vec::Zero(4);
    const auto fp = unbundle::anderson_fixed_point<double>(g, x, {});
    REQUIRE(fp.converged);
    CHECK(std::abs(x(2) - 0.7390851332151607) <= 1e-12);
    unbundle::solver_options plain;
    plain.anderson_depth = 0;
    plain.max_iter = 5;
    vec y = vec::Zero(4);
    const auto slow = unbundle::anderson_fixed_point<double>(g, y, plain);
    CHECK_FALSE(slow.converged);
    CHECK(slow.message.find("did not converge") != std::string::npos);
    // F(x) = x^2 - 2 (each component) with Jacobian 2x.
    auto fj = [](const vec& z, vec& f, unbundle::matrix_d& J, bool want) {
        f = z.array().square() - 2.0;
        if (want) J = (2 * z).asDiagonal();
    };
    vec a = vec::Ones(3);
    const auto nt = unbundle::newton_solve<double>(fj, a, {});
    REQUIRE(nt.converged);
    CHECK(std::abs(a(0) - std::sqrt(2.0)) <= 1e-12); // residual tolerance 1e-12
    vec b = vec::Ones(3);
    const auto ph = unbundle::powell_hybrid<double>(fj, b, {});
    REQUIRE(ph.converged);
    CHECK(std::abs(b(1) - std::sqrt(2.0)) <= 1e-12);
    // no real root: x^2 + 1 = 0 -> reported, not thrown
    auto none = [](const vec& z, vec& f, unbundle::matrix_d& J, bool want) {
        f = z.array().square() + 1.0;
        if (want) J = (2 * z).asDiagonal();
    };
    vec c = vec::Ones(2);
    const auto nn = unbundle::newton_solve<double>(none, c, {});
    CHECK_FALSE(nn.converged);
    CHECK_FALSE(nn.message.empty());
}

TEST_CASE(
    "ge: long bilateral data with a missing pair, a repeated pair or a missing value are rejected with the place") {
    const std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
    auto write = [&](const std::string& name, const std::string& text) {
        const std::string p = dir + "/" + name;
        FILE* f = std::fopen(p.c_str(), "w");
        REQUIRE(f != nullptr);
        std::fputs(text.c_str(), f);
        std::fclose(f);
        return p;
    };
    const std::string missing_dom =
        write("unbundle_ge_missing_dom.csv", "exporter,importer,trade\nA,A,10\nA,B,2\nB,A,3\n");
    const auto df1 = unbundle::read_csv(missing_dom);
    CHECK_THROWS_WITH_AS(unbundle::bilateral_table(df1, "exporter", "importer"),
                         doctest::Contains("pair B -> B (the domestic flow) is missing"), unbundle::dimension_error);
    const std::string dup =
        write("unbundle_ge_dup.csv", "exporter,importer,trade\nA,A,10\nA,B,2\nB,A,3\nB,B,5\nA,B,4\n");
    const auto df2 = unbundle::read_csv(dup);
    CHECK_THROWS_WITH_AS(unbundle::bilateral_table(df2, "exporter", "importer"), doctest::Contains("appears twice"),
                         unbundle::dimension_error);
    const std::string na = write("unbundle_ge_na.csv", "exporter,importer,trade\nA,A,10\nA,B,NA\nB,A,3\nB,B,5\n");
    const auto df3 = unbundle::read_csv(na);
    const unbundle::bilateral_table t3(df3, "exporter", "importer");
    CHECK_THROWS_WITH_AS(t3.matrix("trade"), doctest::Contains("line 3, column 'trade' is missing"),
                         unbundle::domain_error);
    CHECK_THROWS_AS(t3.matrix("nope"), unbundle::key_error);
    std::remove(missing_dom.c_str());
    std::remove(dup.c_str());
    std::remove(na.c_str());
}
