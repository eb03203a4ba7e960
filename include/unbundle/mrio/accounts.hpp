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

/// Computes the accounts of a table from one factorisation of I − A (the table's own x).
/// Memory: the table plus one n x n matrix (two with ghosh).
/// @throws numerical_error when the table is not productive or I − A is singular.
template <class Scalar> io_accounts<Scalar> accounts(const mrio<Scalar>& t, const accounts_options& opt = {}) {
    io_accounts<Scalar> a;
    leontief_options lo = opt.leontief;
    const bool expl = opt.explicit_inverse || opt.ghosh;
    lo.method = expl ? leontief_method::inverse : leontief_method::lu;
    leontief<Scalar> L(t, lo);
    a.convention = t.convention();
    a.x = t.x();
    a.va = t.va();
    a.y = t.y();
    a.v = a.va.cwiseProduct(detail::safe_inverse(a.x));
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
    a.forward_linkages = a.upstreamness;
    a.downstreamness = a.output_multipliers;
    a.productivity = L.productivity();
    if (!L.zero_output_columns().empty())
        a.notes.push_back(std::to_string(L.zero_output_columns().size()) +
                          " region-sectors have zero output: their columns of A are 0, their upstreamness and "
                          "downstreamness 1, their value added per unit of output 0");
    if (!a.productivity.nonnegative)
        a.notes.push_back("A has negative entries: productivity was checked through the condition number only");
    if (opt.ghosh) a.G = ghosh_inverse(L, a.x);
    if (expl) a.L = L.release_inverse();
    return a;
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE io_accounts<double> accounts<double>(const mrio<double>&, const accounts_options&);
UNBUNDLE_EXTERN_TEMPLATE vector_x<double> output_multipliers<double>(const leontief<double>&);
UNBUNDLE_EXTERN_TEMPLATE matrix_x<double> average_propagation_length<double>(const leontief<double>&);
} // namespace unbundle
#endif
