#pragma once
/// @file mrio/accounts.hpp
/// Input-output accounts on one Leontief factorisation: multipliers, Ghosh G = x̂⁻¹ L x̂ (never a
/// second inversion), upstreamness, downstreamness, average propagation length and linear shock
/// propagation (Leontief quantity, Ghosh supply, cost-push price models).
///
/// References: Miller & Blair (2009) Input-Output Analysis, 2nd ed., ch. 2, 6, 12; Antràs, Chor,
/// Fally & Hillberry (2012, AER P&P) and Miller & Temurshoev (2017, Int. Reg. Sci. Rev.) for
/// upstreamness U = G·1; Fally (2012) for downstreamness N = 1'L; Dietzenbacher, Romero & Bosma
/// (2005, Estudios de Economía Aplicada) for the average propagation length.

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "leontief.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // bodies depend on _OPENMP and EIGEN_USE_BLAS/LAPACKE (config.hpp)

/// Output multipliers 1'L (column sums of L, n): output in the whole world per unit of final demand
/// for each region-sector. Equal to Fally's (2012) downstreamness N (production stages embodied).
template <class Scalar> vector_x<Scalar> output_multipliers(const leontief<Scalar>& L) {
    return L.solve_transpose(vector_x<Scalar>::Ones(L.n()));
}

/// Value-added multipliers v'L (n); 1 for every column of a balanced table (all value added is
/// attributed). @throws dimension_error when v has the wrong length.
template <class Scalar, class D>
vector_x<Scalar> value_added_multipliers(const leontief<Scalar>& L, const Eigen::MatrixBase<D>& v) {
    detail::check_size(v.size(), L.n(), "value_added_multipliers", "v (value added per unit of output)");
    return L.solve_transpose(v);
}

/// Upstreamness U = G·1 = x̂⁻¹ L x (Antràs et al. 2012; Miller & Temurshoev 2017): the average
/// number of stages between a sector's output and final use (≥ 1). Rows with zero output get 1
/// (their row of the Ghosh coefficients is 0, so their row of G is e_i).
template <class Scalar, class D>
vector_x<Scalar> upstreamness(const leontief<Scalar>& L, const Eigen::MatrixBase<D>& x) {
    detail::check_size(x.size(), L.n(), "upstreamness", "x (gross output)");
    const vector_x<Scalar> Lx = L.solve(x);
    vector_x<Scalar> u(L.n());
    for (index_t i = 0; i < u.size(); ++i) u(i) = x(i) == Scalar(0) ? Scalar(1) : Lx(i) / x(i);
    return u;
}

/// Downstreamness (Fally 2012): N = 1'L, the number of production stages embodied in a unit of
/// final good of each sector (≥ 1). Same as output_multipliers.
template <class Scalar> vector_x<Scalar> downstreamness(const leontief<Scalar>& L) { return output_multipliers(L); }

/// The explicit Ghosh inverse G = x̂⁻¹ L x̂ = (I − x̂⁻¹Z)⁻¹ from the explicit L (no second inversion).
/// Rows with x_i = 0 are e_i (their Ghosh coefficients are 0). n x n.
/// @throws usage_error if L holds no explicit inverse; dimension_error on a wrong x.
template <class Scalar, class D>
matrix_x<Scalar> ghosh_inverse(const leontief<Scalar>& L, const Eigen::MatrixBase<D>& x) {
    detail::check_size(x.size(), L.n(), "ghosh_inverse", "x (gross output)");
    const matrix_x<Scalar>& Li = L.inverse();
    const vector_x<Scalar> xinv = detail::safe_inverse(x);
    matrix_x<Scalar> G(Li.rows(), Li.cols());
    G.noalias() = xinv.asDiagonal() * Li * x.asDiagonal();
    for (index_t i = 0; i < x.size(); ++i)
        if (x(i) == Scalar(0)) {
            G.row(i).setZero();
            G(i, i) = Scalar(1);
        }
    return G;
}

/// Average propagation length (Dietzenbacher, Romero & Bosma 2005): H = L(L − I),
/// APL_ij = h_ij / l_ij (i ≠ j), APL_ii = h_ii / (l_ii − 1); 0 where the denominator is 0 (no
/// link). n x n, one n³ product.
template <class Scalar> matrix_x<Scalar> average_propagation_length(const leontief<Scalar>& L) {
    const matrix_x<Scalar>& Li = L.inverse();
    const index_t n = Li.rows();
    matrix_x<Scalar> H(n, n);
    H.noalias() = Li * Li;
    H -= Li; // L(L − I) = L² − L
    for (index_t j = 0; j < n; ++j)
        for (index_t i = 0; i < n; ++i) {
            const Scalar den = i == j ? Li(i, j) - Scalar(1) : Li(i, j);
            H(i, j) = den == Scalar(0) ? Scalar(0) : H(i, j) / den;
        }
    return H;
}

/// Leontief quantity model: Δx = L Δy (Δy: change in final demand for each row, n; or n x k).
template <class Scalar, class D>
matrix_x<Scalar> demand_shock(const leontief<Scalar>& L, const Eigen::MatrixBase<D>& dy) {
    detail::check_finite(dy, "demand_shock", "dy");
    return L.solve(dy);
}

/// Ghosh supply model: Δx' = Δva' G, i.e. Δx = x̂ Lᵀ x̂⁻¹ Δva (n). A row with zero output cannot
/// have a value-added shock (domain_error naming it).
template <class Scalar, class Dx, class Dv>
vector_x<Scalar> supply_shock(const leontief<Scalar>& L, const Eigen::MatrixBase<Dx>& x,
                              const Eigen::MatrixBase<Dv>& dva) {
    detail::check_size(x.size(), L.n(), "supply_shock", "x (gross output)");
    detail::check_size(dva.size(), L.n(), "supply_shock", "dva (change in value added)");
    detail::check_finite(dva, "supply_shock", "dva");
    vector_x<Scalar> w(L.n());
    for (index_t i = 0; i < w.size(); ++i) {
        if (x(i) == Scalar(0)) {
            if (dva(i) != Scalar(0))
                throw domain_error("supply_shock: row " + std::to_string(i) +
                                   " has zero output but a value-added shock " + detail::to_string_full(dva(i)) +
                                   ((static_cast<std::size_t>(i) < L.labels().size())
                                        ? " (" + L.labels()[static_cast<std::size_t>(i)] + ")"
                                        : std::string()));
            w(i) = Scalar(0);
        } else {
            w(i) = dva(i) / x(i);
        }
    }
    const vector_x<Scalar> t = L.solve_transpose(w);
    return x.cwiseProduct(t);
}

/// Cost-push price model: Δp = Lᵀ Δv (Δv: change in value added per unit of output, n).
template <class Scalar, class D>
vector_x<Scalar> price_shock(const leontief<Scalar>& L, const Eigen::MatrixBase<D>& dv) {
    detail::check_finite(dv, "price_shock", "dv");
    return L.solve_transpose(dv);
}

/// Options of accounts().
struct accounts_options {
    bool explicit_inverse = false; ///< form L explicitly (and keep it in the result)
    bool ghosh = false;            ///< form the explicit Ghosh inverse G (implies explicit_inverse)
    leontief_options leontief{};   ///< method is overridden by explicit_inverse/ghosh
};

/// The input-output accounts of one table (pymrio's calc_all core plus linkages and positions).
/// Vectors have n entries (region-major rows of the table).
template <class Scalar = double> struct io_accounts {
    output_convention convention = output_convention::published; ///< which x the accounts used
    vector_x<Scalar> x;                                          ///< gross output (the table's own)
    vector_x<Scalar> va;                                         ///< value added
    vector_x<Scalar> v;                                          ///< value added per unit of output (0 where x = 0)
    vector_x<Scalar> y;                                          ///< final demand (row totals of Y)
    vector_x<Scalar> output_multipliers;                         ///< 1'L (= Fally downstreamness N)
    vector_x<Scalar> value_added_multipliers;                    ///< v'L (1 in a balanced table)
    vector_x<Scalar> forward_linkages;                           ///< G·1 (= upstreamness U)
    vector_x<Scalar> upstreamness;                               ///< Antràs et al. U = G·1
    vector_x<Scalar> downstreamness;                             ///< Fally N = 1'L
    matrix_x<Scalar> L;                                          ///< explicit Leontief inverse (empty unless asked)
    matrix_x<Scalar> G;                                          ///< explicit Ghosh inverse (empty unless asked)
    productivity_report productivity;                            ///< spectral check of A
    std::vector<std::string> notes; ///< what the user should know (zero-output columns, ...)
};

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN

/// What accounts() takes from the table as it is: convention, x, va, y and v = va / x.
template <class Scalar> io_accounts<Scalar> table_accounts(const mrio<Scalar>& t) {
    io_accounts<Scalar> a;
    a.convention = t.convention();
    a.x = t.x();
    a.va = t.va();
    a.y = t.y();
    a.v = a.va.cwiseProduct(safe_inverse(a.x));
    return a;
}

/// The last step of accounts(), once multipliers, upstreamness and the productivity report are in:
/// the measures that equal them (forward linkages, downstreamness) and the notes (zero-output
/// columns, negative coefficients).
template <class Scalar> void finish_accounts(io_accounts<Scalar>& a, std::size_t zero_output_columns) {
    a.forward_linkages = a.upstreamness;
    a.downstreamness = a.output_multipliers;
    if (zero_output_columns > 0)
        a.notes.push_back(std::to_string(zero_output_columns) +
                          " region-sectors have zero output: their columns of A are 0, their upstreamness and "
                          "downstreamness 1, their value added per unit of output 0");
    if (!a.productivity.nonnegative)
        a.notes.push_back("A has negative entries: productivity was checked through the condition number only");
}

/// GMRES (Saad & Schultz 1986; modified Gram–Schmidt, Givens rotations) for one right-hand side
/// of (I − A) u = b, or (I − A)ᵀ u = b when `transpose`, with A = Z·diag(xinv), right-preconditioned
/// by `near`, a factorisation of I − A' for a nearby A' (the same Z under another gross output).
/// It works in the variables w = u / s (s > 0, n): it solves (S⁻¹MS) w = S⁻¹b with the
/// preconditioner S⁻¹P⁻¹S, so that a scaling making w of one magnitude makes the normwise result
/// accurate in every entry. On entry `w` holds S⁻¹b, on return the solution w. Right
/// preconditioning makes GMRES minimise the true residual; it stops at 8ε‖S⁻¹b‖₂, when the residual
/// stops decreasing, or after `max_iter` steps. Returns true when the residual recomputed from the
/// solution is at most 64ε‖S⁻¹b‖₂ (a normwise backward error of at most 64ε).
template <class Scalar, class DZ>
bool gmres_nearby(const leontief<Scalar>& near, const Eigen::MatrixBase<DZ>& Z, const vector_x<Scalar>& xinv,
                  bool transpose, const vector_x<Scalar>& s, vector_x<Scalar>& w, index_t max_iter) {
    using vec = vector_x<Scalar>;
    using mat = matrix_x<Scalar>;
    const index_t n = w.size(), m = max_iter;
    const Scalar eps = std::numeric_limits<Scalar>::epsilon();
    const auto prec = [&](const vec& r) -> vec { // S⁻¹ P⁻¹ S r
        const vec sr = r.cwiseProduct(s);
        const vec q = transpose ? vec(near.solve_transpose(sr)) : vec(near.solve(sr));
        return q.cwiseQuotient(s);
    };
    const auto op = [&](const vec& q) -> vec { // S⁻¹ M S q
        const vec sq = q.cwiseProduct(s);
        vec t(n);
        if (transpose) {
            t.noalias() = Z.transpose() * sq;
            t = sq - xinv.cwiseProduct(t);
        } else {
            const vec xq = xinv.cwiseProduct(sq);
            t.noalias() = Z * xq;
            t = sq - t;
        }
        return t.cwiseQuotient(s);
    };
    const vec b = w;
    const Scalar beta = b.norm();
    if (!(beta > Scalar(0))) return beta == Scalar(0); // b = 0: w = 0; NaN: no
    mat V(n, m + 1), H = mat::Zero(m + 1, m);
    vec g = vec::Zero(m + 1), cs(m), sn(m);
    V.col(0) = b / beta;
    g(0) = beta;
    index_t k = 0;
    for (index_t j = 0; j < m; ++j) {
        vec v = op(prec(V.col(j)));
        for (index_t i = 0; i <= j; ++i) {
            H(i, j) = V.col(i).dot(v);
            v -= H(i, j) * V.col(i);
        }
        H(j + 1, j) = v.norm();
        const bool breakdown = !(H(j + 1, j) > Scalar(0)); // u lies in the Krylov space already
        if (!breakdown) V.col(j + 1) = v / H(j + 1, j);
        for (index_t i = 0; i < j; ++i) {
            const Scalar h0 = H(i, j), h1 = H(i + 1, j);
            H(i, j) = cs(i) * h0 + sn(i) * h1;
            H(i + 1, j) = -sn(i) * h0 + cs(i) * h1;
        }
        using std::hypot;
        const Scalar r = hypot(H(j, j), H(j + 1, j));
        cs(j) = r > Scalar(0) ? H(j, j) / r : Scalar(1);
        sn(j) = r > Scalar(0) ? H(j + 1, j) / r : Scalar(0);
        H(j, j) = r;
        H(j + 1, j) = Scalar(0);
        using std::abs;
        const Scalar before = abs(g(j));
        g(j + 1) = -sn(j) * g(j);
        g(j) = cs(j) * g(j);
        k = j + 1;
        const Scalar res = abs(g(j + 1));
        if (breakdown || !(res > Scalar(8) * eps * beta) || !(res < before)) break;
    }
    const vec y = H.topLeftCorner(k, k).template triangularView<Eigen::Upper>().solve(g.head(k));
    w = prec(V.leftCols(k) * y);
    const vec r = b - op(w);
    return w.allFinite() && r.norm() <= Scalar(64) * eps * beta;
}

UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// Computes the accounts of a table from one factorisation of I − A (the table's own x).
/// Memory: the table plus one n x n matrix (two with ghosh).
/// @throws numerical_error when the table is not productive or I − A is singular.
template <class Scalar> io_accounts<Scalar> accounts(const mrio<Scalar>& t, const accounts_options& opt = {}) {
    leontief_options lo = opt.leontief;
    const bool expl = opt.explicit_inverse || opt.ghosh;
    lo.method = expl ? leontief_method::inverse : leontief_method::lu;
    leontief<Scalar> L(t, lo);
    io_accounts<Scalar> a = detail::table_accounts(t);
    // 1'L and v'L: the LU path already has 1'L (from its exact condition number); otherwise both
    // in one pass (two right-hand sides)
    vector_x<Scalar> colsums = expl ? vector_x<Scalar>() : L.known_column_sums();
    if (colsums.size() == L.n()) {
        a.output_multipliers = std::move(colsums);
        a.value_added_multipliers = value_added_multipliers(L, a.v);
    } else {
        matrix_x<Scalar> W(L.n(), 2);
        W.col(0).setOnes();
        W.col(1) = a.v;
        const matrix_x<Scalar> m = L.solve_transpose(W);
        a.output_multipliers = m.col(0);
        a.value_added_multipliers = m.col(1);
    }
    a.upstreamness = upstreamness(L, a.x);
    a.productivity = L.productivity();
    detail::finish_accounts(a, L.zero_output_columns().size());
    if (opt.ghosh) a.G = ghosh_inverse(L, a.x);
    if (expl) a.L = L.release_inverse();
    return a;
}

/// The same accounts as accounts(t, opt), without a factorisation of their own: `near` is a
/// factorisation of I − Z·x̂'⁻¹ for the same Z under another gross output x' — typically the
/// balanced x' = Z·1 + Y·1 of a value_chain (`vc.leontief_factor()`) when the table publishes its
/// own x, which differs from x' by rounding and statistical discrepancies. The four solves with the
/// table's L (L·1, L·x, 1'L, v'L) are done by GMRES preconditioned with `near` (detail::gmres_nearby:
/// about 10 steps of 2n² + 2n² flops on WIOD 2011, instead of an LU of ⅔n³), to a backward error of
/// at most 64ε. The productivity report is the LU path's exact one (A ≥ 0, L·1 > 0, rcond from 1'L).
/// Falls back to accounts(t, opt), an LU of its own, whenever that argument does not apply: explicit
/// L or G asked for, a `near` of another size, A with negative entries or negative x, GMRES not
/// converged within 40 steps (a `near` far from the table), L·1 not positive, or an rcond below
/// `opt.leontief.rcond_tol` (the LU path then reports the failure as accounts() does).
/// @throws as accounts(t, opt).
template <class Scalar>
io_accounts<Scalar> accounts(const mrio<Scalar>& t, const leontief<Scalar>& near, const accounts_options& opt = {}) {
    const index_t n = t.n();
    if (opt.explicit_inverse || opt.ghosh || near.n() != n || (t.x().array() < Scalar(0)).any())
        return accounts(t, opt);
    productivity_report rep;
    std::vector<index_t> zero_cols;
    const double l1 = detail::scan_coefficients(t.Z(), t.x(), rep, zero_cols);
    if (!rep.nonnegative) return accounts(t, opt);
    io_accounts<Scalar> a = detail::table_accounts(t);
    a.productivity = rep;
    const vector_x<Scalar> xinv = detail::safe_inverse(a.x);
    // L·1, L·x (as upstreamness: the Ghosh system, scaled by x, whose solution is of order 1), 1'L, v'L
    const vector_x<Scalar> ones = vector_x<Scalar>::Ones(n);
    vector_x<Scalar> xs(n), z = ones, up(n), colsums = ones, vl = a.v;
    for (index_t i = 0; i < n; ++i) {
        xs(i) = a.x(i) > Scalar(0) ? a.x(i) : Scalar(1);
        up(i) = a.x(i) > Scalar(0) ? Scalar(1) : Scalar(0);
    }
    constexpr index_t max_iter = 40;
    if (!detail::gmres_nearby(near, t.Z(), xinv, false, ones, z, max_iter) ||
        !detail::gmres_nearby(near, t.Z(), xinv, false, xs, up, max_iter) ||
        !detail::gmres_nearby(near, t.Z(), xinv, true, ones, colsums, max_iter) ||
        !detail::gmres_nearby(near, t.Z(), xinv, true, ones, vl, max_iter))
        return accounts(t, opt);
    const auto zmin = static_cast<double>(z.minCoeff());
    const auto linv = static_cast<double>(colsums.maxCoeff());
    const double rcond = 1.0 / (l1 * linv);
    if (!(zmin > 0) || !(linv > 0) || !std::isfinite(rcond) || !(rcond >= opt.leontief.rcond_tol))
        return accounts(t, opt);
    a.productivity.rcond = rcond;
    a.productivity.min_total_requirement = zmin;
    a.productivity.productive = true; // A ≥ 0 and L·1 > 0 (Collatz–Wielandt)
    a.output_multipliers = std::move(colsums);
    a.value_added_multipliers = std::move(vl);
    a.upstreamness = std::move(up);
    for (index_t i = 0; i < n; ++i)
        if (a.x(i) == Scalar(0)) a.upstreamness(i) = Scalar(1);
    detail::finish_accounts(a, zero_cols.size());
    return a;
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE io_accounts<double> accounts<double>(const mrio<double>&, const accounts_options&);
UNBUNDLE_EXTERN_TEMPLATE io_accounts<double> accounts<double>(const mrio<double>&, const leontief<double>&,
                                                              const accounts_options&);
UNBUNDLE_EXTERN_TEMPLATE vector_x<double> output_multipliers<double>(const leontief<double>&);
UNBUNDLE_EXTERN_TEMPLATE matrix_x<double> average_propagation_length<double>(const leontief<double>&);
} // namespace unbundle
#endif
