#pragma once
/// @file ge/solver.hpp
/// Reusable solvers for general-equilibrium systems: an Anderson-accelerated (optionally damped)
/// fixed-point iteration, a damped Newton method with a backtracking line search, and a wrapper
/// around MINPACK's Powell hybrid ("dogleg") method as ported in Eigen's unsupported
/// `HybridNonLinearSolver` (the method scipy's `root(method='hybr')` uses).
///
/// All three return `unbundle::solver_info` {converged, iterations, residual, message} and never
/// throw on non-convergence: the caller decides (the GE front ends throw `convergence_error` only
/// where asked to).

#include "../detail/linalg.hpp"
#include "../error.hpp"
#include "../fwd.hpp"

#include <Eigen/Core>
#include <unsupported/Eigen/NonLinearOptimization>

#include <cmath>
#include <limits>
#include <string>
#include <utility>

namespace unbundle {

/// Settings shared by the iterative solvers.
struct solver_options {
    int max_iter = 500;           ///< iterations (fixed point, Newton) or function evaluations (Powell hybrid)
    double tol = 1e-12;           ///< convergence when the max-norm of the residual is at most `tol`
    int anderson_depth = 6;       ///< memory of Anderson acceleration (0 = plain / damped iteration)
    double damping = 1.0;         ///< x ← (1−d) x + d G(x) before acceleration (0 < d ≤ 1)
    int newton_max_halvings = 30; ///< line-search step halvings per Newton iteration
};

/// Anderson-accelerated fixed-point iteration x = G(x) (type II, Walker & Ni 2011), with a safeguard
/// that falls back to the plain damped step when the accelerated one does not reduce the residual.
/// `g(x, gx)` writes G(x) into `gx` (sized like x). The residual is max|G(x) − x|.
/// Complexity per iteration: one evaluation of G plus O(n m²) for memory m.
template <class Scalar, class Map>
solver_info anderson_fixed_point(Map&& g, vector_x<Scalar>& x, const solver_options& opt = {}) {
    using vec = vector_x<Scalar>;
    using mat = matrix_x<Scalar>;
    const Eigen::Index n = x.size();
    const int m = opt.anderson_depth < 0 ? 0 : opt.anderson_depth;
    const auto damp = static_cast<Scalar>(opt.damping);
    solver_info info;
    vec gx(n), f(n), f_old(n), g_old(n);
    mat dF(n, m > 0 ? m : 1), dG(n, m > 0 ? m : 1);
    dF.setZero();
    dG.setZero();
    int stored = 0, head = 0;
    Scalar res_prev = std::numeric_limits<Scalar>::infinity();
    for (int it = 1; it <= opt.max_iter; ++it) {
        g(static_cast<const vec&>(x), gx);
        f = gx - x;
        const Scalar res = f.template lpNorm<Eigen::Infinity>();
        info.iterations = it;
        info.residual = static_cast<double>(res);
        if (!std::isfinite(static_cast<double>(res))) {
            info.converged = false;
            info.message = "fixed-point map returned a non-finite value at iteration " + std::to_string(it);
            return info;
        }
        if (res <= static_cast<Scalar>(opt.tol)) {
            x = gx;
            info.converged = true;
            return info;
        }
        vec x_next = x + damp * f;
        if (m > 0) {
            if (it > 1) {
                dF.col(head) = f - f_old;
                dG.col(head) = (x + damp * f) - g_old;
                head = (head + 1) % m;
                if (stored < m) ++stored;
            }
            f_old = f;
            g_old = x + damp * f;
            // Restart the memory when the residual grows a lot (a poor history hurts more than helps).
            if (res > Scalar(10) * res_prev) stored = 0;
            if (stored > 0) {
                const mat F = dF.leftCols(stored), G = dG.leftCols(stored);
                const vec gamma = linalg::qr_solve<Scalar>(F, f);
                if (gamma.allFinite()) x_next = x + damp * f - G * gamma;
            }
        }
        res_prev = res;
        x = x_next;
    }
    info.converged = false;
    info.message = "fixed-point iteration did not converge in " + std::to_string(opt.max_iter) +
                   " iterations (residual " + std::to_string(info.residual) + ")";
    return info;
}

namespace detail {
/// Backtracking line search of the Newton solvers: tries steps 1, 1/2, 1/4, ... (`max_halvings`
/// halvings) and accepts the first whose squared residual `trial(step)` (which also moves the
/// caller's trial point) meets the sufficient decrease t² ≤ (1 − 10⁻⁴ step) f². Returns whether a
/// step was accepted.
template <class Scalar, class Trial> bool backtrack(Trial&& trial, Scalar f2, int max_halvings) {
    Scalar step = 1;
    for (int h = 0; h <= max_halvings; ++h) {
        const Scalar t2 = trial(step);
        if (std::isfinite(static_cast<double>(t2)) && t2 <= (1 - Scalar(1e-4) * step) * f2) return true;
        step /= 2;
    }
    return false;
}

/// After a failed line search: at the floor of round-off (residual ≤ 10³ tol) no step can reduce
/// the residual further, and the solve counts as converged ("<who>: stopped at round-off level").
template <class Scalar> bool at_round_off(Scalar res, const solver_options& opt, solver_info& info, const char* who) {
    if (!(res <= Scalar(1e3) * static_cast<Scalar>(opt.tol))) return false;
    info.converged = true;
    info.message = std::string(who) + ": stopped at round-off level";
    return true;
}

/// Records iteration `it` and its residual in `info`; true when the solve stops here: converged
/// (residual ≤ tol) or a non-finite residual (reported, not converged).
template <class Scalar>
bool stop_at(Scalar res, int it, const solver_options& opt, solver_info& info, const char* who) {
    info.iterations = it;
    info.residual = static_cast<double>(res);
    if (!std::isfinite(info.residual)) {
        info.message = std::string(who) + ": non-finite residual at iteration " + std::to_string(it);
        return true;
    }
    info.converged = res <= static_cast<Scalar>(opt.tol);
    return info.converged;
}
} // namespace detail

/// Newton's method for F(x) = 0 with an analytic Jacobian and a backtracking line search on ‖F‖².
/// `fj(x, f, J, want_jacobian)` writes F(x) into f and, when `want_jacobian`, J = ∂F/∂x into J.
/// Linear systems are solved by partial-pivot LU (column-pivot QR if the LU solution is not finite).
/// The factorised Jacobian is reused for cheap "chord" steps (O(n²) each) as long as each one at
/// least halves the residual; otherwise the Jacobian is re-evaluated (Shamanskii's variant).
/// `iterations` counts Jacobian evaluations plus chord steps.
template <class Scalar, class System>
solver_info newton_solve(System&& fj, vector_x<Scalar>& x, const solver_options& opt = {}) {
    using vec = vector_x<Scalar>;
    using mat = matrix_x<Scalar>;
    const Eigen::Index n = x.size();
    solver_info info;
    vec f(n), f_try(n), x_try(n), dx(n);
    mat J(n, n), J_dummy;
    linalg::lu_solver<Scalar> lu;
    bool have_lu = false;
    fj(static_cast<const vec&>(x), f, J_dummy, false);
    Scalar res = f.template lpNorm<Eigen::Infinity>();
    for (int it = 0;; ++it) {
        if (detail::stop_at(res, it, opt, info, "Newton")) return info;
        if (it >= opt.max_iter) break;
        if (have_lu) { // chord step with the old factorisation
            dx = lu.solve(vec(-f));
            x_try = x + dx;
            fj(static_cast<const vec&>(x_try), f_try, J_dummy, false);
            const Scalar r_try = f_try.template lpNorm<Eigen::Infinity>();
            if (dx.allFinite() && std::isfinite(static_cast<double>(r_try)) && r_try <= res / 2) {
                x = x_try;
                f = f_try;
                res = r_try;
                continue;
            }
        }
        fj(static_cast<const vec&>(x), f, J, true);
        lu.compute(J);
        have_lu = true;
        dx = lu.solve(vec(-f));
        if (!dx.allFinite()) {
            have_lu = false;
            dx = linalg::qr_solve<Scalar>(J, vec(-f));
            if (!dx.allFinite()) {
                info.message = "Newton: singular Jacobian at iteration " + std::to_string(it);
                return info;
            }
        }
        const auto trial = [&](Scalar step) {
            x_try = x + step * dx;
            fj(static_cast<const vec&>(x_try), f_try, J_dummy, false);
            return Scalar(f_try.squaredNorm());
        };
        if (!detail::backtrack(trial, Scalar(f.squaredNorm()), opt.newton_max_halvings)) {
            if (detail::at_round_off(res, opt, info, "Newton")) return info;
            info.message = "Newton: line search failed at iteration " + std::to_string(it) + " (residual " +
                           std::to_string(info.residual) + ")";
            return info;
        }
        x = x_try;
        f = f_try;
        res = f.template lpNorm<Eigen::Infinity>();
    }
    info.converged = false;
    info.message = "Newton did not converge in " + std::to_string(opt.max_iter) + " iterations (residual " +
                   std::to_string(info.residual) + ")";
    return info;
}

namespace detail {
/// Adapter from a callable `fj(x, f, J, want_J)` to the functor interface Eigen's hybrid solver wants.
template <class Scalar, class System> struct hybrid_functor {
    System* sys;
    Eigen::Index n;
    using vec = vector_x<Scalar>;
    using mat = matrix_x<Scalar>;
    int operator()(const vec& x, vec& f) const {
        mat dummy;
        (*sys)(x, f, dummy, false);
        return f.allFinite() ? 0 : -1;
    }
    int df(const vec& x, mat& J) const {
        vec f(n);
        (*sys)(x, f, J, true);
        return J.allFinite() ? 0 : -1;
    }
    Eigen::Index values() const { return n; }
    Eigen::Index inputs() const { return n; }
};
} // namespace detail

/// Powell's hybrid (dogleg trust-region) method, MINPACK `hybrj` as ported in Eigen's unsupported
/// NonLinearOptimization module. Same calling convention as `newton_solve`; `opt.max_iter` bounds
/// function evaluations; convergence additionally requires max|F| ≤ `opt.tol`.
template <class Scalar, class System>
solver_info powell_hybrid(System&& fj, vector_x<Scalar>& x, const solver_options& opt = {}) {
    using sys_t = std::remove_reference_t<System>;
    detail::hybrid_functor<Scalar, sys_t> fun{&fj, x.size()};
    Eigen::HybridNonLinearSolver<detail::hybrid_functor<Scalar, sys_t>, Scalar> hs(fun);
    hs.parameters.maxfev = opt.max_iter;
    hs.parameters.xtol = static_cast<Scalar>(std::max(opt.tol * 1e-2, 1e-15));
    const auto status = hs.solve(x);
    vector_x<Scalar> f(x.size());
    fun(x, f);
    solver_info info;
    info.iterations = static_cast<int>(hs.nfev);
    info.residual = static_cast<double>(f.template lpNorm<Eigen::Infinity>());
    info.converged = std::isfinite(info.residual) && info.residual <= opt.tol * 1e3 &&
                     (status == Eigen::HybridNonLinearSolverSpace::RelativeErrorTooSmall ||
                      status == Eigen::HybridNonLinearSolverSpace::TolTooSmall || info.residual <= opt.tol);
    if (!info.converged)
        info.message = "Powell hybrid stopped with status " + std::to_string(static_cast<int>(status)) + " (residual " +
                       std::to_string(info.residual) + ")";
    return info;
}

} // namespace unbundle
