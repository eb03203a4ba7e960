#pragma once
/// @file mrio/leontief.hpp
/// Technical coefficients and the Leontief inverse L = (I − A)⁻¹ held as ONE factorisation that
/// answers many queries: x = L·y (solve), v'·L (transpose solve), and the explicit L when a
/// formula needs its blocks.
///
/// How the factorisation is held (leontief_method):
///  - `lu`: a partial-pivoting LU of I − A (⅔n³ flops); solves cost 2n² per right-hand side.
///  - `inverse`: the explicit L (2n³ flops), formed in place. When A ≥ 0 (every MRIO with
///    nonnegative flows and output) I − A of a productive table is a nonsingular M-matrix, for
///    which elimination without pivoting is stable (Higham 2002, Accuracy and Stability of
///    Numerical Algorithms, §9: the LU factors are M-matrices with |L||U| = |I − A|; with every
///    column sum of A below 1 the matrix is also column diagonally dominant, where partial pivoting
///    would not swap a row). L is then formed by recursive 2 x 2 block inversion (Schur
///    complements, 2n³ flops) that spends its time in large matrix products (GEMM, OpenBLAS under
///    UNBUNDLE_USE_BLAS); productivity is verified on the result (L·1 > 0). Otherwise (negative entries): LU with
///    partial pivoting, then inverse. Only one n x n matrix is held either way; solves then become matrix products with
///    L.
///
/// Productivity: for A ≥ 0, the table is productive (spectral radius ρ(A) < 1) iff
/// z = (I − A)⁻¹·1 exists and is positive (Collatz–Wielandt: then A z = z − 1 < z, so ρ(A) < 1;
/// conversely L ≥ I makes z ≥ 1). Strict column dominance proves it directly (ρ(A) ≤ max column
/// sum < 1). A table that fails raises numerical_error naming the column with the largest sum.

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"
#include "../fwd.hpp"

#include <Eigen/Core>
#include <Eigen/LU>

#if defined(EIGEN_USE_LAPACKE)
#include <lapacke.h>
// <complex.h> (pulled in by LAPACKE) defines the macro `I`, which breaks any later `I` identifier
// (CLI11's templates, a matrix named I). Nothing here needs C99 complex.
#ifdef I
#undef I
#endif
#endif

#if defined(_OPENMP)
#include <omp.h>
#endif

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // bodies depend on _OPENMP and EIGEN_USE_BLAS/LAPACKE (config.hpp)

/// How a leontief object holds its factorisation.
enum class leontief_method {
    lu,     ///< LU of I − A; solves only (⅔n³ flops, then 2n² per right-hand side)
    inverse ///< explicit L = (I − A)⁻¹ (2n³ flops, GEMM-bound); products with L
};

/// Options of leontief.
struct leontief_options {
    leontief_method method = leontief_method::lu;
    /// Raise numerical_error when the table is not productive (ρ(A) ≥ 1) or I − A is singular.
    bool check_productive = true;
    /// Reciprocal condition number (1-norm) below which I − A counts as singular.
    double rcond_tol = 1e-13;
    /// Leaf size of the recursive explicit inverse (0: automatic, 64).
    index_t block_size = 0;
    /// Accept negative gross output (balanced tables with negative inventories can have it);
    /// such a column of A is Z's column divided by a negative number.
    bool allow_negative_output = false;
    /// Threads of the solves with many right-hand sides (0: OpenMP's setting, omp_get_max_threads;
    /// serial without OpenMP). Eigen's own products follow Eigen::setNbThreads.
    int threads = 0;
};

/// What the productivity check found.
struct productivity_report {
    bool productive = false;          ///< ρ(A) < 1 proven (by dominance or a positive L·1)
    bool column_dominant = false;     ///< every column of I − A strictly diagonally dominant, diagonal positive
    bool nonnegative = true;          ///< A ≥ 0 (the Collatz–Wielandt test applies)
    double max_column_sum = 0;        ///< max_j Σ_i a_ij
    index_t max_column = -1;          ///< where
    double min_total_requirement = 0; ///< min_i (L·1)_i (≥ 1 in a productive table)
    /// Reciprocal 1-norm condition number of I − A: exact when A ≥ 0 and the table is productive,
    /// else (LU path) Hager's estimate.
    double rcond = 0;
};

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN

/// Scans A = Z·x̂⁻¹ (without forming it): column sums, sign, strict column dominance of I − A,
/// zero-output columns. O(n²) reads, one pass. Returns ‖I − A‖₁ (largest column sum of |I − A|).
template <class DZ, class Dx>
double scan_coefficients(const Eigen::MatrixBase<DZ>& Z, const Eigen::MatrixBase<Dx>& x, productivity_report& rep,
                         std::vector<index_t>& zero_cols) {
    using Scalar = typename DZ::Scalar;
    const index_t n = Z.rows();
    rep.column_dominant = true;
    rep.nonnegative = true;
    rep.max_column = -1;
    zero_cols.clear();
    double l1 = 0;
    for (index_t j = 0; j < n; ++j) {
        const Scalar xj = x(j);
        double colsum = 0;
        if (xj == Scalar(0)) {
            zero_cols.push_back(j);
            l1 = std::max(l1, 1.0); // the column of I − A is e_j
        } else {
            const Scalar inv = Scalar(1) / xj;
            Scalar s(0), offabs(0), ajj(0);
            for (index_t i = 0; i < n; ++i) {
                const Scalar a = Z(i, j) * inv;
                s += a;
                if (a < Scalar(0)) rep.nonnegative = false;
                if (i != j)
                    offabs += a < Scalar(0) ? -a : a;
                else
                    ajj = a;
            }
            const Scalar d = Scalar(1) - ajj;
            const Scalar dabs = d < Scalar(0) ? -d : d;
            // strict dominance with a positive diagonal (1 − a_jj > Σ_i≠j |a_ij|): a column whose
            // own coefficient a_jj exceeds 1 has |1 − a_jj| large but proves nothing
            if (!(offabs < d)) rep.column_dominant = false;
            colsum = static_cast<double>(s);
            l1 = std::max(l1, static_cast<double>(offabs + dabs));
        }
        if (rep.max_column < 0 || colsum > rep.max_column_sum) {
            rep.max_column_sum = colsum;
            rep.max_column = j;
        }
    }
    return l1;
}

/// Right-hand sides up to this many are handed to `f` one column at a time (for_column_chunks):
/// Eigen's vector kernel takes about a quarter of its matrix kernel's time on one column.
inline constexpr index_t few_columns = 3;

/// Applies `f(block)` to column chunks of X, in parallel over up to `max_threads` OpenMP threads
/// (0: omp_get_max_threads) when there are at least two columns per thread, in chunks handed out
/// dynamically (Eigen parallelises matrix products but not triangular solves with many right-hand
/// sides, the bulk of L·Y and V'L). Serial without OpenMP. Up to `few_columns` columns go to `f`
/// one by one, as column vectors.
template <class Mat, class F> void for_column_chunks(Mat& X, int max_threads, F&& f) {
    const index_t k = X.cols();
    if (k <= few_columns) {
        for (index_t c = 0; c < k; ++c) {
            auto col = X.col(c);
            f(col);
        }
        return;
    }
    int threads = 1;
#if defined(_OPENMP) && !defined(EIGEN_USE_BLAS)
    // (with EIGEN_USE_BLAS the triangular solves are BLAS trsm calls, threaded by the BLAS itself:
    // splitting them over OpenMP threads as well would oversubscribe the cores)
    threads = max_threads > 0 ? max_threads : omp_get_max_threads();
    if (omp_in_parallel()) threads = 1;
#else
    (void)max_threads;
#endif
    if (threads < 2 || k < 2 * static_cast<index_t>(threads)) {
        f(X.middleCols(0, k));
        return;
    }
    // Up to four chunks per thread (of at least 32 columns), handed out one at a time: a thread
    // on a core that another process keeps busy takes fewer chunks instead of holding up the rest.
    const index_t chunks = std::max<index_t>(threads, std::min<index_t>(4 * static_cast<index_t>(threads), k / 32));
    const index_t per = (k + chunks - 1) / chunks;
#if defined(_OPENMP)
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
#endif
    for (index_t c = 0; c < chunks; ++c) {
        const index_t b = c * per;
        if (b < k) {
            auto blk = X.middleCols(b, std::min(per, k - b));
            f(blk);
        }
    }
}

/// 1/x with 0 where x = 0.
template <class Dx> vector_x<typename Dx::Scalar> safe_inverse(const Eigen::MatrixBase<Dx>& x) {
    using Scalar = typename Dx::Scalar;
    vector_x<Scalar> r(x.size());
    for (index_t i = 0; i < x.size(); ++i) r(i) = x(i) == Scalar(0) ? Scalar(0) : Scalar(1) / x(i);
    return r;
}

/// In-place inversion of a square block by recursive 2 x 2 partitioning (Schur complements, no
/// pivoting between the halves; leaves of at most nb columns are inverted with partial pivoting).
/// All O(n³) work — 2n³ flops, as Gauss–Jordan — is in matrix products with an inner dimension of
/// n/2, n/4, ... (near GEMM peak, well parallelised), done by panels of at most `pw` columns so that
/// the only workspace is one n x pw buffer. Stable for nonsingular M-matrices (their Schur
/// complements are M-matrices) and column diagonally dominant matrices.
template <class Scalar>
void recursive_inverse_impl(Eigen::Ref<matrix_x<Scalar>> M, index_t nb, matrix_x<Scalar>& buf, index_t pw) {
    const index_t n = M.rows();
    if (n <= nb) {
        const matrix_x<Scalar> inv = M.partialPivLu().inverse();
        M = inv;
        return;
    }
    const index_t h = n / 2, m = n - h;
    auto A11 = M.topLeftCorner(h, h);
    auto A12 = M.topRightCorner(h, m);
    auto A21 = M.bottomLeftCorner(m, h);
    auto A22 = M.bottomRightCorner(m, m);
    recursive_inverse_impl<Scalar>(A11, nb, buf, pw); // A11 := X11 = A11⁻¹
    // A12 := W = X11 A12 (by column panels)
    for (index_t c = 0; c < m; c += pw) {
        const index_t w = std::min(pw, m - c);
        Eigen::Map<matrix_x<Scalar>> T(buf.data(), h, w);
        T.noalias() = A11 * A12.middleCols(c, w);
        A12.middleCols(c, w) = T;
    }
    A22.noalias() -= A21 * A12;                       // S = A22 − A21 W
    recursive_inverse_impl<Scalar>(A22, nb, buf, pw); // A22 := X22 = S⁻¹
    // A12 := X12 = −W X22 (by row panels of W)
    for (index_t r = 0; r < h; r += pw) {
        const index_t w = std::min(pw, h - r);
        Eigen::Map<matrix_x<Scalar>> T(buf.data(), w, m);
        T.noalias() = -(A12.middleRows(r, w) * A22);
        A12.middleRows(r, w) = T;
    }
    // A21 := U = A21 X11 (by row panels)
    for (index_t r = 0; r < m; r += pw) {
        const index_t w = std::min(pw, m - r);
        Eigen::Map<matrix_x<Scalar>> T(buf.data(), w, h);
        T.noalias() = A21.middleRows(r, w) * A11;
        A21.middleRows(r, w) = T;
    }
    A11.noalias() -= A12 * A21; // X11 = X11 + W X22 U = X11 − X12 U
    // A21 := X21 = −X22 U (by column panels)
    for (index_t c = 0; c < h; c += pw) {
        const index_t w = std::min(pw, h - c);
        Eigen::Map<matrix_x<Scalar>> T(buf.data(), m, w);
        T.noalias() = -(A22 * A21.middleCols(c, w));
        A21.middleCols(c, w) = T;
    }
}

/// The explicit inverse of M, in place (see recursive_inverse_impl). nb: leaf size (0: 64);
/// pw: panel width of the products, i.e. the workspace is n x pw (0: 256).
template <class Scalar> void recursive_inverse(matrix_x<Scalar>& M, index_t nb = 0, index_t pw = 0) {
    if (nb <= 0) nb = 64;
    if (pw <= 0) pw = 256;
    const index_t n = M.rows();
    matrix_x<Scalar> buf(n, std::min(pw, n)); // used as any w x h with w·h ≤ n·pw
    recursive_inverse_impl<Scalar>(M, nb, buf, pw);
}

/// The message of productive_leontief(): the region-sectors whose column sum of A is 1 or more
/// (at most 5 named, largest first), else the largest column sum.
template <class Scalar>
std::string not_productive_message(const std::string& where, const vector_x<Scalar>& colsum,
                                   const std::vector<std::string>& labels) {
    std::vector<index_t> over;
    for (index_t j = 0; j < colsum.size(); ++j)
        if (colsum(j) >= Scalar(1)) over.push_back(j);
    std::stable_sort(over.begin(), over.end(), [&](index_t a, index_t b) { return colsum(a) > colsum(b); });
    const auto name = [&](index_t j) {
        std::ostringstream os;
        os.precision(6);
        os << labels[static_cast<std::size_t>(j)] << " (" << static_cast<double>(colsum(j)) << ")";
        return os.str();
    };
    std::string msg = where +
                      ": the table is not productive (spectral radius of A >= 1: the Leontief inverse (I - A)^-1 "
                      "does not exist or has negative entries); ";
    if (over.empty()) {
        index_t jmax = 0;
        colsum.maxCoeff(&jmax);
        return msg + "no input-coefficient column sum reaches 1, the largest is " + name(jmax);
    }
    msg += std::to_string(over.size()) + " region-sector" + (over.size() == 1 ? "" : "s") +
           " with input-coefficient column sum sum_i a_ij >= 1 (intermediate inputs at least gross output): ";
    const std::size_t shown = std::min<std::size_t>(over.size(), 5);
    for (std::size_t k = 0; k < shown; ++k) msg += (k ? ", " : "") + name(over[k]);
    if (over.size() > shown) msg += ", ...";
    return msg;
}
#if defined(EIGEN_USE_LAPACKE)
/// In-place LU + inverse with LAPACK (getrf + getri). Returns false if singular.
template <class Scalar> bool lapack_inverse(matrix_x<Scalar>& M, double& rcond) {
    const auto n = static_cast<lapack_int>(M.rows());
    std::vector<lapack_int> ipiv(static_cast<std::size_t>(std::max<lapack_int>(n, 1)));
    constexpr bool dbl = std::is_same_v<Scalar, double>; // else float: LAPACK's d/s routines
    const auto getrf = [](auto... a) {
        if constexpr (dbl)
            return LAPACKE_dgetrf(a...);
        else
            return LAPACKE_sgetrf(a...);
    };
    const auto gecon = [](auto... a) {
        if constexpr (dbl)
            return LAPACKE_dgecon(a...);
        else
            return LAPACKE_sgecon(a...);
    };
    const auto getri = [](auto... a) {
        if constexpr (dbl)
            return LAPACKE_dgetri(a...);
        else
            return LAPACKE_sgetri(a...);
    };
    const Scalar anorm = M.cwiseAbs().colwise().sum().maxCoeff();
    if (getrf(LAPACK_COL_MAJOR, n, n, M.data(), n, ipiv.data()) != 0) return false;
    Scalar rc = 0;
    gecon(LAPACK_COL_MAJOR, '1', n, M.data(), n, anorm, &rc);
    rcond = rc;
    return getri(LAPACK_COL_MAJOR, n, M.data(), n, ipiv.data()) == 0;
}
#endif

UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// Technical coefficients A = Z·x̂⁻¹ (n x n; A_ij = input from i per unit of j's output). Columns of
/// sectors with zero output are 0 (they buy nothing; say so in a note where it matters).
/// @throws dimension_error (Z not square, x of another length), domain_error (NaN/Inf).
template <class DZ, class Dx>
matrix_x<typename DZ::Scalar> technical_coefficients(const Eigen::MatrixBase<DZ>& Z, const Eigen::MatrixBase<Dx>& x) {
    using Scalar = typename DZ::Scalar;
    detail::check_square(Z, "technical_coefficients", "Z");
    detail::check_size(x.size(), Z.rows(), "technical_coefficients", "x (gross output)");
    detail::check_finite(Z, "technical_coefficients", "Z");
    detail::check_finite(x, "technical_coefficients", "x");
    matrix_x<Scalar> A(Z.rows(), Z.cols());
    for (index_t j = 0; j < Z.cols(); ++j) {
        if (x(j) == Scalar(0))
            A.col(j).setZero();
        else
            A.col(j) = Z.col(j) / x(j);
    }
    return A;
}

/// Technical coefficients of a table with its own x (published or balanced, as the table says).
template <class Scalar> matrix_x<Scalar> technical_coefficients(const mrio<Scalar>& t) {
    return technical_coefficients(t.Z(), t.x());
}

/// The Leontief inverse L = (I − A)⁻¹ of one table, held as one factorisation (see the file
/// comment). Shapes: n x n with n = regions x sectors, region-major. Move-only (it holds an n x n
/// matrix; copy explicitly with inverse() if you need two).
///
/// @code
/// unbundle::leontief<double> L(table);            // LU of I − A, checked productive
/// vector_d x = L.solve(table.y());                // x = L y
/// row_vector_d m = L.solve_transpose(v).transpose(); // v'L (value-added multipliers)
/// @endcode
template <class Scalar = double> class leontief {
  public:
    using matrix_type = matrix_x<Scalar>;
    using vector_type = vector_x<Scalar>;

    leontief() = default;
    leontief(const leontief&) = delete;
    leontief& operator=(const leontief&) = delete;
    leontief(leontief&&) noexcept = default;
    leontief& operator=(leontief&&) noexcept = default;

    /// From a table's Z and x (the table's own convention). Zero-output columns of A are 0.
    /// @throws numerical_error when the table is not productive or I − A is singular.
    explicit leontief(const mrio<Scalar>& t, const leontief_options& opt = {});

    /// From Z and x (A = Z x̂⁻¹ is formed directly into the factorisation's storage).
    template <class DZ, class Dx>
    leontief(const Eigen::MatrixBase<DZ>& Z, const Eigen::MatrixBase<Dx>& x, const leontief_options& opt = {},
             std::vector<std::string> labels = {});

    /// From technical coefficients A (n x n).
    template <class DA>
    static leontief from_coefficients(const Eigen::MatrixBase<DA>& A, const leontief_options& opt = {},
                                      std::vector<std::string> labels = {}) {
        detail::check_square(A, "leontief::from_coefficients", "A");
        detail::check_finite(A, "leontief::from_coefficients", "A");
        const vector_type ones = vector_type::Ones(A.rows());
        return leontief(A, ones, opt, std::move(labels));
    }

    index_t n() const noexcept { return n_; }
    bool has_inverse() const noexcept { return has_inverse_; }
    const productivity_report& productivity() const noexcept { return rep_; }
    /// Column sums 1'L (output multipliers) when already known — computed with the exact
    /// condition number of a nonnegative table on the LU path, or from the explicit L — else empty.
    vector_type known_column_sums() const {
        if (colsums_.size() == n_) return colsums_;
        if (has_inverse_) return M_.colwise().sum().transpose();
        return {};
    }
    /// Columns whose output is zero (their column of A was set to 0).
    const std::vector<index_t>& zero_output_columns() const noexcept { return zero_cols_; }
    const std::vector<std::string>& labels() const noexcept { return labels_; }

    /// The explicit L (n x n).
    /// @throws usage_error when the object holds an LU only (use leontief_method::inverse or form_inverse()).
    const matrix_type& inverse() const {
        if (!has_inverse_)
            throw usage_error("leontief::inverse: the explicit inverse was not formed (construct with "
                              "leontief_method::inverse or call form_inverse())");
        return M_;
    }

    /// Forms the explicit L from the LU (the LU is released; later solves use L). Costs 2n³ flops
    /// and, transiently, a second n x n matrix.
    const matrix_type& form_inverse() {
        if (has_inverse_) return M_;
        matrix_type inv = lu_.inverse();
        lu_ = Eigen::PartialPivLU<matrix_type>();
        M_ = std::move(inv);
        has_inverse_ = true;
        return M_;
    }

    /// Takes the explicit inverse out (leaves the object empty).
    matrix_type release_inverse() {
        inverse();
        has_inverse_ = false;
        n_ = 0;
        return std::move(M_);
    }

    /// L·Y for a vector or matrix Y with n rows (x = L y: output needed for final demand y).
    template <class D> matrix_x<Scalar> solve(const Eigen::MatrixBase<D>& Y) const;

    /// Lᵀ·V for V with n rows: column k of the result is (v_k' L)' (v'L: value-added multipliers).
    template <class D> matrix_x<Scalar> solve_transpose(const Eigen::MatrixBase<D>& V) const;

  private:
    const std::vector<std::string>* lab() const { return labels_.empty() ? nullptr : &labels_; }

    void check_rows(index_t r, const char* fn) const {
        if (n_ == 0) throw usage_error(std::string(fn) + ": the leontief object is empty");
        if (r != n_)
            throw dimension_error(std::string(fn) + ": right-hand side has " + std::to_string(r) + " rows, expected " +
                                  std::to_string(n_));
    }

    template <class DZ, class Dx>
    void init_from(const Eigen::MatrixBase<DZ>& Z, const Eigen::MatrixBase<Dx>& x, const char* fn) {
        n_ = Z.rows();
        if (n_ == 0) throw dimension_error(std::string(fn) + ": empty table");
        for (index_t j = 0; j < n_; ++j)
            if (x(j) < Scalar(0) && !opt_.allow_negative_output)
                throw domain_error(std::string(fn) + ": gross output x must be non-negative but is " +
                                   detail::to_string_full(x(j)) + " at " + detail::describe_index("row", j, lab()));
        l1_ = detail::scan_coefficients(Z, x, rep_, zero_cols_);
        const vector_type xinv = detail::safe_inverse(x);
        const bool want_inverse = opt_.method == leontief_method::inverse;
        if (want_inverse) {
            M_.noalias() = -(Z * xinv.asDiagonal());
            M_.diagonal().array() += Scalar(1);
            const auto l1 = static_cast<double>(M_.cwiseAbs().colwise().sum().maxCoeff());
            if (rep_.nonnegative) {
                // I − A is a Z-matrix; if the table is productive it is a nonsingular M-matrix and
                // elimination without pivoting is stable (its LU factors satisfy |L||U| = |I − A|).
                // Whether it is productive is checked right after, on the result.
                detail::recursive_inverse(M_, opt_.block_size);
                const auto linv = static_cast<double>(M_.cwiseAbs().colwise().sum().maxCoeff());
                rep_.rcond = 1.0 / (l1 * linv);
                has_inverse_ = true;
                const bool ok = M_.allFinite() && (M_ * vector_type::Ones(n_)).minCoeff() > Scalar(0);
                if (!ok && !opt_.check_productive) {
                    // not an M-matrix inverse: start again with pivoting
                    M_.noalias() = -(Z * xinv.asDiagonal());
                    M_.diagonal().array() += Scalar(1);
                    pivoting_inverse(fn);
                }
            } else {
                pivoting_inverse(fn);
            }
            has_inverse_ = true;
        } else {
            // evaluated straight into the LU's storage (a coefficient-wise expression: a product
            // here would be evaluated into a temporary first): one n x n matrix
            lu_.compute(matrix_type::Identity(n_, n_) - (Z.array().rowwise() * xinv.array().transpose()).matrix());
            if (lu_has_zero_pivot()) {
                rep_.rcond = 0.0;
            } else if (rep_.nonnegative) {
                // I − A is a Z-matrix: if z = (I − A)⁻¹·1 > 0 it is a nonsingular M-matrix
                // (Collatz–Wielandt), L ≥ 0 and ‖L‖₁ = max(1'L) exactly: one transposed solve
                // (kept: the output multipliers) instead of Hager's estimate (up to 10 solves).
                z_ = solve(vector_type::Ones(n_));
                if (z_.allFinite() && z_.minCoeff() > Scalar(0)) {
                    colsums_ = solve_transpose(vector_type::Ones(n_));
                    const auto linv = static_cast<double>(colsums_.maxCoeff());
                    rep_.rcond = linv > 0 && std::isfinite(linv) ? 1.0 / (l1_ * linv) : 0.0;
                } else {
                    rep_.rcond = lu_rcond_estimate();
                }
            } else {
                rep_.rcond = lu_rcond_estimate();
            }
        }
        check_productive(fn);
    }

    bool lu_has_zero_pivot() const {
        const matrix_type& LU = lu_.matrixLU();
        for (index_t i = 0; i < n_; ++i)
            if (LU(i, i) == Scalar(0) || !std::isfinite(static_cast<double>(LU(i, i)))) return true;
        return false;
    }

    /// Reciprocal 1-norm condition number of I − A from the LU: Hager's (1984) estimator of
    /// ‖(I − A)⁻¹‖₁ (a few solves with vectors; the norm of I − A is taken from its columns).
    double lu_rcond_estimate() const {
        if (lu_has_zero_pivot()) return 0.0;
        vector_type xv = vector_type::Constant(n_, Scalar(1) / Scalar(n_));
        double est = 0;
        for (int k = 0; k < 5; ++k) {
            const vector_type y = lu_.solve(xv);
            est = static_cast<double>(y.template lpNorm<1>());
            vector_type xi(n_);
            for (index_t i = 0; i < n_; ++i) xi(i) = y(i) >= Scalar(0) ? Scalar(1) : Scalar(-1);
            const vector_type z = solve_transpose(xi);
            index_t j = 0;
            const auto zmax = static_cast<double>(z.cwiseAbs().maxCoeff(&j));
            if (k > 0 && zmax <= static_cast<double>(z.dot(xv))) break;
            xv.setZero();
            xv(j) = Scalar(1);
        }
        if (!(est > 0) || !std::isfinite(est)) return 0.0;
        return 1.0 / (l1_ * est);
    }

    void pivoting_inverse(const char* fn) {
        (void)fn;
#if defined(EIGEN_USE_LAPACKE)
        if constexpr (std::is_same_v<Scalar, double> || std::is_same_v<Scalar, float>) {
            double rc = 0;
            if (!detail::lapack_inverse(M_, rc))
                throw numerical_error(std::string(fn) +
                                      ": I − A is singular (LAPACK getrf/getri failed); largest column sum of A is " +
                                      detail::to_string_full(rep_.max_column_sum) + " at " +
                                      detail::describe_index("column", rep_.max_column, lab()));
            rep_.rcond = rc;
            return;
        }
#endif
        Eigen::PartialPivLU<matrix_type> lu(M_);
        rep_.rcond = static_cast<double>(lu.rcond());
        if (rep_.rcond >= opt_.rcond_tol) M_ = lu.inverse();
    }

    void check_productive(const char* fn) {
        if (!(rep_.rcond >= opt_.rcond_tol) || !std::isfinite(rep_.rcond))
            throw numerical_error(std::string(fn) +
                                  ": I − A is singular or ill-conditioned (reciprocal condition number " +
                                  detail::to_string_full(rep_.rcond) + " < " + detail::to_string_full(opt_.rcond_tol) +
                                  "); largest column sum of A is " + detail::to_string_full(rep_.max_column_sum) +
                                  " at " + detail::describe_index("column", rep_.max_column, lab()));
        // Productivity: z = L·1 must be positive (A ≥ 0), ≥ 1 in fact (computed once).
        if (z_.size() != n_) z_ = solve(vector_type::Ones(n_));
        const vector_type& z = z_;
        index_t imin = 0;
        rep_.min_total_requirement = static_cast<double>(z.minCoeff(&imin));
        if (!z.allFinite())
            throw numerical_error(std::string(fn) + ": (I − A)⁻¹·1 is not finite: the table is not productive");
        rep_.productive = rep_.nonnegative && (rep_.column_dominant || rep_.min_total_requirement > 0);
        if (opt_.check_productive && rep_.nonnegative && !rep_.productive)
            throw numerical_error(
                std::string(fn) + ": the table is not productive (spectral radius of A >= 1): (I − A)⁻¹·1 is " +
                detail::to_string_full(rep_.min_total_requirement) + " at " +
                detail::describe_index("row", imin, lab()) + " (must be positive); largest column sum of A is " +
                detail::to_string_full(rep_.max_column_sum) + " at " +
                detail::describe_index("column", rep_.max_column, lab()));
    }

    std::vector<std::string> labels_;
    leontief_options opt_{};
    index_t n_ = 0;
    matrix_type M_;                       // I − A while building; explicit L when has_inverse_
    Eigen::PartialPivLU<matrix_type> lu_; // LU when !has_inverse_
    bool has_inverse_ = false;
    double l1_ = 0;       // ‖I − A‖₁
    vector_type z_;       // L·1 (productivity check)
    vector_type colsums_; // 1'L when the LU path computed it for the condition number (else empty)
    productivity_report rep_{};
    std::vector<index_t> zero_cols_;
};

template <class Scalar>
template <class D>
matrix_x<Scalar> leontief<Scalar>::solve_transpose(const Eigen::MatrixBase<D>& V) const {
    check_rows(V.rows(), "leontief::solve_transpose");
    matrix_x<Scalar> out;
    if (has_inverse_) {
        out.noalias() = M_.transpose() * V;
    } else {
        // (P⁻¹LU)ᵀ x = v: Uᵀ y = v, Lᵀ z = y, x = Pᵀ z. Written out because Eigen 3.4's
        // lu.transpose().solve() (and rcond()) evaluate an n x n temporary.
        out = V;
        detail::for_column_chunks(out, opt_.threads, [this](auto&& X) {
            lu_.matrixLU().transpose().template triangularView<Eigen::Lower>().solveInPlace(X);
            lu_.matrixLU().transpose().template triangularView<Eigen::UnitUpper>().solveInPlace(X);
        });
        out = lu_.permutationP().transpose() * out;
    }
    return out;
}

template <class Scalar>
template <class D>
matrix_x<Scalar> leontief<Scalar>::solve(const Eigen::MatrixBase<D>& Y) const {
    check_rows(Y.rows(), "leontief::solve");
    matrix_x<Scalar> out;
    if (has_inverse_) {
        out.noalias() = M_ * Y;
    } else {
        // P⁻¹LU x = y: x = U⁻¹ L⁻¹ P y, column chunks in parallel (a few columns one by one)
        out = lu_.permutationP() * Y;
        detail::for_column_chunks(out, opt_.threads, [this](auto&& X) {
            lu_.matrixLU().template triangularView<Eigen::UnitLower>().solveInPlace(X);
            lu_.matrixLU().template triangularView<Eigen::Upper>().solveInPlace(X);
        });
    }
    return out;
}

template <class Scalar>
template <class DZ, class Dx>
leontief<Scalar>::leontief(const Eigen::MatrixBase<DZ>& Z, const Eigen::MatrixBase<Dx>& x, const leontief_options& opt,
                           std::vector<std::string> labels)
    : labels_(std::move(labels)), opt_(opt) {
    detail::check_square(Z, "leontief", "Z");
    detail::check_size(x.size(), Z.rows(), "leontief", "x (gross output)");
    detail::check_finite(Z, "leontief", "Z", lab(), lab());
    detail::check_finite(x, "leontief", "x", lab());
    init_from(Z, x, "leontief");
}

template <class Scalar>
leontief<Scalar>::leontief(const mrio<Scalar>& t, const leontief_options& opt) : labels_(t.labels()), opt_(opt) {
    init_from(t.Z(), t.x(), "leontief");
}

/// The factorisation of a table that must be productive, for the functions to which a table that is
/// not productive is bad input data rather than a numerical failure (shocks, lockdowns, influence
/// measures): as `leontief<Scalar>(t, opt)`, but when A ≥ 0 and the table is not productive
/// (ρ(A) ≥ 1: I − A singular or ill-conditioned, or its inverse not nonnegative) it throws
/// domain_error naming the region-sectors whose input-coefficient column sum Σ_i a_ij is 1 or more
/// — at least one is, as ρ(A) ≤ max_j Σ_i a_ij — with their sums. When every column sum is 1 or
/// more (ρ(A) ≥ min_j Σ_i a_ij, Collatz–Wielandt) it throws before factorising. With negative
/// entries in A a failure stays the leontief's numerical_error. `where` starts the message.
/// @throws domain_error (not productive, negative output), numerical_error (A with negative entries
///         and I − A singular), dimension_error as leontief.
template <class Scalar>
leontief<Scalar> productive_leontief(const mrio<Scalar>& t, const leontief_options& opt = {},
                                     const std::string& where = "leontief") {
    const index_t n = t.n();
    const vector_x<Scalar>& x = t.x();
    const bool nonnegative = (x.array() >= Scalar(0)).all() && (t.Z().array() >= Scalar(0)).all();
    const vector_x<Scalar> colsum =
        (t.Z().colwise().sum().transpose().array() * detail::safe_inverse(x).array()).matrix();
    if (nonnegative && n > 0 && opt.check_productive && colsum.minCoeff() >= Scalar(1))
        throw domain_error(detail::not_productive_message(where, colsum, t.labels()));
    try {
        return leontief<Scalar>(t, opt);
    } catch (const numerical_error&) {
        if (!nonnegative || !opt.check_productive) throw;
        throw domain_error(detail::not_productive_message(where, colsum, t.labels()));
    }
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE leontief<double>::leontief(const mrio<double>&, const leontief_options&);
UNBUNDLE_EXTERN_TEMPLATE leontief<double>::leontief(const Eigen::MatrixBase<matrix_x<double>>&,
                                                    const Eigen::MatrixBase<vector_x<double>>&, const leontief_options&,
                                                    std::vector<std::string>);
UNBUNDLE_EXTERN_TEMPLATE matrix_x<double> leontief<double>::solve(const Eigen::MatrixBase<matrix_x<double>>&) const;
UNBUNDLE_EXTERN_TEMPLATE matrix_x<double> leontief<double>::solve(const Eigen::MatrixBase<vector_x<double>>&) const;
UNBUNDLE_EXTERN_TEMPLATE matrix_x<double>
leontief<double>::solve_transpose(const Eigen::MatrixBase<matrix_x<double>>&) const;
UNBUNDLE_EXTERN_TEMPLATE matrix_x<double>
leontief<double>::solve_transpose(const Eigen::MatrixBase<vector_x<double>>&) const;
UNBUNDLE_EXTERN_TEMPLATE leontief<double> productive_leontief<double>(const mrio<double>&, const leontief_options&,
                                                                      const std::string&);
} // namespace unbundle
#endif
