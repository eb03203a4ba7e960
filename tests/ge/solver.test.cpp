// Tests of ge/solver.hpp: Anderson fixed point, Newton and Powell's hybrid on problems with
// closed-form solutions, in float and double; non-convergence and non-finite maps are reported.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/ge/solver.hpp>

#include <cmath>
#include <string>

namespace {

/// Tolerance a solver can reach in Scalar: 1e-12 in double, 1e-5 in float.
template <class Scalar> double reachable_tol() { return sizeof(Scalar) == sizeof(float) ? 1e-5 : 1e-12; }

/// F(x) = (x0² + x1² − 4, x0 − x1): root (√2, √2) from a start in the positive quadrant.
struct circle_line {
    template <class V, class M> void operator()(const V& x, V& f, M& J, bool want_jacobian) const {
        using S = typename V::Scalar;
        f.resize(2);
        f(0) = x(0) * x(0) + x(1) * x(1) - S(4);
        f(1) = x(0) - x(1);
        if (want_jacobian) {
            J.resize(2, 2);
            J << S(2) * x(0), S(2) * x(1), S(1), S(-1);
        }
    }
};

} // namespace

TEST_CASE_TEMPLATE("ge: anderson_fixed_point finds the Dottie number x = cos x and a linear fixed point", Scalar, float,
                   double) {
    using vec = unbundle::vector_x<Scalar>;
    unbundle::solver_options o;
    o.tol = reachable_tol<Scalar>();
    vec x = vec::Constant(1, Scalar(1));
    const auto info =
        unbundle::anderson_fixed_point<Scalar>([](const vec& v, vec& gv) { gv = v.array().cos().matrix(); }, x, o);
    CHECK(info.converged);
    CHECK(info.message.empty());
    CHECK(info.residual <= o.tol);
    CHECK(static_cast<double>(x(0)) == doctest::Approx(0.7390851332151607).epsilon(10 * o.tol));

    // x = M x + b with spectral radius < 1: x* = (I − M)⁻¹ b = (0.5/0.45·..) solved in closed form
    // for M = [[0.5, 0.2], [0.1, 0.4]], b = (1, 2): det(I − M) = 0.5·0.6 − 0.2·0.1 = 0.28,
    // x* = (0.6·1 + 0.2·2, 0.1·1 + 0.5·2) / 0.28 = (1/0.28, 1.1/0.28).
    unbundle::matrix_x<Scalar> M(2, 2);
    M << Scalar(0.5), Scalar(0.2), Scalar(0.1), Scalar(0.4);
    vec b(2);
    b << Scalar(1), Scalar(2);
    for (int depth : {0, 3}) {
        CAPTURE(depth);
        o.anderson_depth = depth;
        vec y = vec::Zero(2);
        const auto li = unbundle::anderson_fixed_point<Scalar>([&](const vec& v, vec& gv) { gv = M * v + b; }, y, o);
        REQUIRE(li.converged);
        CHECK(static_cast<double>(y(0)) == doctest::Approx(1.0 / 0.28).epsilon(100 * o.tol));
        CHECK(static_cast<double>(y(1)) == doctest::Approx(1.1 / 0.28).epsilon(100 * o.tol));
        if (depth == 3) CHECK(li.iterations < 20); // acceleration solves a 2-d linear map in a few steps
    }
}

TEST_CASE_TEMPLATE("ge: anderson_fixed_point reports non-convergence and non-finite maps", Scalar, float, double) {
    using vec = unbundle::vector_x<Scalar>;
    unbundle::solver_options o;
    o.max_iter = 3;
    o.anderson_depth = 0;
    vec x = vec::Constant(1, Scalar(1));
    // x ← x/2 + 1 converges to 2 geometrically: from 1, the residuals are 1/2, 1/4, 1/8
    const auto slow =
        unbundle::anderson_fixed_point<Scalar>([](const vec& v, vec& gv) { gv = v / Scalar(2) + vec::Ones(1); }, x, o);
    CHECK_FALSE(slow.converged);
    CHECK(slow.iterations == 3);
    CHECK(slow.residual == doctest::Approx(0.125));
    CHECK(slow.message.find("did not converge") != std::string::npos);

    vec z = vec::Constant(1, Scalar(1));
    const auto nan = unbundle::anderson_fixed_point<Scalar>(
        [](const vec&, vec& gv) { gv.setConstant(std::numeric_limits<Scalar>::quiet_NaN()); }, z, o);
    CHECK_FALSE(nan.converged);
    CHECK(nan.iterations == 1);
    CHECK(nan.message.find("non-finite") != std::string::npos);
}

TEST_CASE_TEMPLATE("ge: newton_solve and powell_hybrid find (sqrt 2, sqrt 2) on the circle and the line", Scalar, float,
                   double) {
    using vec = unbundle::vector_x<Scalar>;
    unbundle::solver_options o;
    o.tol = reachable_tol<Scalar>();
    const double r2 = std::sqrt(2.0);
    vec x(2);
    x << Scalar(3), Scalar(1);
    const auto n = unbundle::newton_solve<Scalar>(circle_line{}, x, o);
    CHECK(n.converged);
    CHECK(n.residual <= o.tol);
    CHECK(static_cast<double>(x(0)) == doctest::Approx(r2).epsilon(10 * o.tol));
    CHECK(static_cast<double>(x(1)) == doctest::Approx(r2).epsilon(10 * o.tol));

    vec y(2);
    y << Scalar(3), Scalar(1);
    const auto p = unbundle::powell_hybrid<Scalar>(circle_line{}, y, o);
    CHECK(p.converged);
    CHECK(p.iterations > 0);
    CHECK(static_cast<double>(y(0)) == doctest::Approx(r2).epsilon(100 * o.tol));
    CHECK(static_cast<double>(y(1)) == doctest::Approx(r2).epsilon(100 * o.tol));
}

TEST_CASE("ge: newton_solve and powell_hybrid report an equation without a root") {
    // F(x) = x² + 1 has no real root: neither solver may claim convergence.
    auto no_root = [](const unbundle::vector_d& x, unbundle::vector_d& f, unbundle::matrix_d& J, bool want) {
        f.resize(1);
        f(0) = x(0) * x(0) + 1.0;
        if (want) {
            J.resize(1, 1);
            J(0, 0) = 2.0 * x(0);
        }
    };
    unbundle::solver_options o;
    o.max_iter = 50;
    unbundle::vector_d x = unbundle::vector_d::Constant(1, 0.5);
    const auto n = unbundle::newton_solve<double>(no_root, x, o);
    CHECK_FALSE(n.converged);
    CHECK(n.residual >= 1.0); // min of x² + 1
    CHECK_FALSE(n.message.empty());
    unbundle::vector_d y = unbundle::vector_d::Constant(1, 0.5);
    const auto p = unbundle::powell_hybrid<double>(no_root, y, o);
    CHECK_FALSE(p.converged);
    CHECK(p.residual >= 1.0);
    CHECK_FALSE(p.message.empty());
}
