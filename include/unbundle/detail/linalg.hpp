#pragma once
/// @file detail/linalg.hpp
/// The dense factorisations that several engines share, behind a few small functions: the
/// symmetric eigen-decomposition (variance matrices, principal components, the Lanczos Ritz
/// pairs), the partial-pivot LU solves (Newton steps, market clearing) and the column-pivot QR
/// least squares (Anderson mixing, the Newton fallback). Each is a few seconds of compile time
/// wherever Eigen's class is used directly; through these functions the compiled mode compiles
/// each once, for double, in `src/linalg.cpp`. Same Eigen algorithms, same results. Internal: not
/// part of the documented API.

#include "../config.hpp"
#include "../fwd.hpp"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <Eigen/QR>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // bodies depend on _OPENMP and EIGEN_USE_BLAS/LAPACKE (config.hpp)
namespace linalg {

/// Eigenvalues in increasing order and, when asked for, the orthonormal eigenvectors (columns, in
/// the same order) of a symmetric matrix. `ok` is false when the QR iterations did not converge.
template <class Scalar> struct symmetric_eigen_result {
    vector_x<Scalar> values;
    matrix_x<Scalar> vectors; ///< empty unless asked for
    bool ok = false;
};

/// Eigen-decomposition of the symmetric `a` (its lower triangle is read): Eigen's
/// SelfAdjointEigenSolver (tridiagonalisation, then implicit symmetric QR).
template <class Scalar> symmetric_eigen_result<Scalar> symmetric_eigen(const matrix_x<Scalar>& a, bool vectors = true);

/// Partial-pivot LU of a square matrix, held for repeated solves (Eigen's PartialPivLU).
template <class Scalar> class lu_solver {
  public:
    /// Factorises `a` (square), replacing any earlier factorisation.
    void compute(const matrix_x<Scalar>& a);
    /// x with a x = b.
    vector_x<Scalar> solve(const vector_x<Scalar>& b) const;
    /// X with a X = B.
    matrix_x<Scalar> solve(const matrix_x<Scalar>& b) const;

  private:
    Eigen::PartialPivLU<matrix_x<Scalar>> lu_;
};

/// x with a x = b, through a partial-pivot LU of `a` made for this one solve.
template <class Scalar> vector_x<Scalar> lu_solve(const matrix_x<Scalar>& a, const vector_x<Scalar>& b) {
    lu_solver<Scalar> lu;
    lu.compute(a);
    return lu.solve(b);
}

/// Least-squares solution of a x ≈ b by column-pivoting Householder QR (Eigen's
/// ColPivHouseholderQR): the columns past the numerical rank (pivots that fall below ε times the
/// largest column norm during the factorisation) get zero coefficients.
template <class Scalar> vector_x<Scalar> qr_solve(const matrix_x<Scalar>& a, const vector_x<Scalar>& b);

// Defined outside the declarations (not inline), so that the compiled mode's `extern template`
// below keeps every translation unit but src/linalg.cpp from instantiating them.

template <class Scalar> symmetric_eigen_result<Scalar> symmetric_eigen(const matrix_x<Scalar>& a, bool vectors) {
    Eigen::SelfAdjointEigenSolver<matrix_x<Scalar>> es(a,
                                                       vectors ? Eigen::ComputeEigenvectors : Eigen::EigenvaluesOnly);
    symmetric_eigen_result<Scalar> r;
    r.ok = es.info() == Eigen::Success;
    r.values = es.eigenvalues();
    if (vectors) r.vectors = es.eigenvectors();
    return r;
}

template <class Scalar> void lu_solver<Scalar>::compute(const matrix_x<Scalar>& a) { lu_.compute(a); }

template <class Scalar> vector_x<Scalar> lu_solver<Scalar>::solve(const vector_x<Scalar>& b) const {
    return lu_.solve(b);
}

template <class Scalar> matrix_x<Scalar> lu_solver<Scalar>::solve(const matrix_x<Scalar>& b) const {
    return lu_.solve(b);
}

template <class Scalar> vector_x<Scalar> qr_solve(const matrix_x<Scalar>& a, const vector_x<Scalar>& b) {
    return Eigen::ColPivHouseholderQR<matrix_x<Scalar>>(a).solve(b);
}

} // namespace linalg
UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these kernels for double are compiled once
namespace unbundle {
UNBUNDLE_CONFIG_BEGIN
namespace linalg {
UNBUNDLE_EXTERN_TEMPLATE symmetric_eigen_result<double> symmetric_eigen<double>(const matrix_x<double>&, bool);
UNBUNDLE_EXTERN_TEMPLATE class lu_solver<double>;
UNBUNDLE_EXTERN_TEMPLATE vector_x<double> qr_solve<double>(const matrix_x<double>&, const vector_x<double>&);
} // namespace linalg
UNBUNDLE_CONFIG_END
} // namespace unbundle

// Eigen's own dense kernels for double: the matrix-product kernel and its packing routines, the
// matrix-vector products and the blocked triangular solves, which every engine file that forms a
// matrix product or an LU solve would otherwise compile again (at -O3, with the machine's vector
// units, about a second each). Their entry points are not inline, so an instantiation declaration
// keeps them out of every file but src/linalg.cpp. The template arguments are Eigen 3.4's (its
// internal blocking traits), hence the version check; with an external BLAS (EIGEN_USE_BLAS) Eigen
// calls the BLAS instead and these are not declared.
#if EIGEN_VERSION_AT_LEAST(3, 4, 0) && !EIGEN_VERSION_AT_LEAST(3, 4, 90) && !defined(EIGEN_USE_BLAS)
namespace unbundle::detail::eigen_kernels {
using I = Eigen::Index;
using T = Eigen::internal::gebp_traits<double, double>;
using out = Eigen::internal::blas_data_mapper<double, I, Eigen::ColMajor, Eigen::Unaligned, 1>;
using col = Eigen::internal::const_blas_data_mapper<double, I, Eigen::ColMajor>;
using row = Eigen::internal::const_blas_data_mapper<double, I, Eigen::RowMajor>;
} // namespace unbundle::detail::eigen_kernels
// clang-format off
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::gebp_kernel<double, double, unbundle::detail::eigen_kernels::I,
    unbundle::detail::eigen_kernels::out, unbundle::detail::eigen_kernels::T::mr,
    unbundle::detail::eigen_kernels::T::nr, false, false>;
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::gemm_pack_lhs<double, unbundle::detail::eigen_kernels::I,
    unbundle::detail::eigen_kernels::col, unbundle::detail::eigen_kernels::T::mr,
    unbundle::detail::eigen_kernels::T::LhsProgress, unbundle::detail::eigen_kernels::T::LhsPacket4Packing,
    Eigen::ColMajor, false, false>;
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::gemm_pack_lhs<double, unbundle::detail::eigen_kernels::I,
    unbundle::detail::eigen_kernels::row, unbundle::detail::eigen_kernels::T::mr,
    unbundle::detail::eigen_kernels::T::LhsProgress, unbundle::detail::eigen_kernels::T::LhsPacket4Packing,
    Eigen::RowMajor, false, false>;
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::gemm_pack_rhs<double, unbundle::detail::eigen_kernels::I,
    unbundle::detail::eigen_kernels::col, unbundle::detail::eigen_kernels::T::nr, Eigen::ColMajor, false, false>;
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::gemm_pack_rhs<double, unbundle::detail::eigen_kernels::I,
    unbundle::detail::eigen_kernels::row, unbundle::detail::eigen_kernels::T::nr, Eigen::RowMajor, false, false>;
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::gemm_pack_rhs<double, unbundle::detail::eigen_kernels::I,
    unbundle::detail::eigen_kernels::out, unbundle::detail::eigen_kernels::T::nr, Eigen::ColMajor, false, true>;
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::general_matrix_vector_product<unbundle::detail::eigen_kernels::I,
    double, unbundle::detail::eigen_kernels::col, Eigen::ColMajor, false, double, unbundle::detail::eigen_kernels::row,
    false, 0>;
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::general_matrix_vector_product<unbundle::detail::eigen_kernels::I,
    double, unbundle::detail::eigen_kernels::row, Eigen::RowMajor, false, double, unbundle::detail::eigen_kernels::col,
    false, 0>;
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::general_matrix_vector_product<unbundle::detail::eigen_kernels::I,
    double, unbundle::detail::eigen_kernels::col, Eigen::ColMajor, false, double, unbundle::detail::eigen_kernels::col,
    false, 0>;
// blocked triangular solves: <Scalar, Index, Side (1: on the left), Mode (Lower/Upper, UnitDiag),
// Conjugate, TriStorageOrder, OtherStorageOrder, OtherInnerStride>
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::triangular_solve_matrix<double, unbundle::detail::eigen_kernels::I,
    Eigen::OnTheLeft, Eigen::Lower, false, Eigen::RowMajor, Eigen::ColMajor, 1>;
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::triangular_solve_matrix<double, unbundle::detail::eigen_kernels::I,
    Eigen::OnTheLeft, Eigen::Upper, false, Eigen::ColMajor, Eigen::ColMajor, 1>;
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::triangular_solve_matrix<double, unbundle::detail::eigen_kernels::I,
    Eigen::OnTheLeft, Eigen::UnitLower, false, Eigen::ColMajor, Eigen::ColMajor, 1>;
UNBUNDLE_EXTERN_TEMPLATE struct Eigen::internal::triangular_solve_matrix<double, unbundle::detail::eigen_kernels::I,
    Eigen::OnTheLeft, Eigen::UnitUpper, false, Eigen::RowMajor, Eigen::ColMajor, 1>;
// the factorisations that engines also use directly (mrio/'s LU, gravity/'s rank-revealing QR): the
// factorising member and the condition estimate, defined outside the class, so not inline
UNBUNDLE_EXTERN_TEMPLATE void Eigen::PartialPivLU<Eigen::MatrixXd>::compute();
UNBUNDLE_EXTERN_TEMPLATE double Eigen::internal::rcond_invmatrix_L1_norm_estimate<Eigen::PartialPivLU<Eigen::MatrixXd>>(
    const Eigen::PartialPivLU<Eigen::MatrixXd>&);
UNBUNDLE_EXTERN_TEMPLATE void Eigen::ColPivHouseholderQR<Eigen::MatrixXd>::computeInPlace();
// clang-format on
#endif
#endif
