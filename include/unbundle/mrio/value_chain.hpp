#pragma once
/// @file mrio/value_chain.hpp
/// The shared state of value-added-in-trade indicators and gross-export decompositions: one table
/// in the balanced convention (x = Z·1 + Y·1, the only one under which decomposition terms add up
/// exactly), one Leontief factorisation, the local inverses (I − A_ss)⁻¹ block by block (G inverses
/// of N x N), and the products every indicator reuses:
///   VL = V̂-by-region · L   (G x n; row t = v_t' L_t•, so VL(t, block s) = v_t L_ts),
///   LY = L · Y             (n x G; Leontief output by destination of final demand).
/// Both cost 2G solves with the LU; no explicit inverse. WWZ and Borin–Mancini also need blocks
/// of the global inverse (B_rr, B_rs) and form L explicitly once (ensure_inverse()).
///
/// Notation (KWW 2014): G regions s, r, t; N sectors; n = GN; A_sr, L_sr (= B_sr) N x N blocks;
/// Ld_s = (I − A_ss)⁻¹; v = va / x; Y_sr final demand of r for s's output; E_sr = A_sr x_r + Y_sr
/// (s ≠ r) bilateral gross exports, E_s = Σ_{r≠s} E_sr.

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "leontief.hpp"

#include <Eigen/LU>

#include <string>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // bodies depend on _OPENMP and EIGEN_USE_BLAS/LAPACKE (config.hpp)

/// Options of value_chain.
struct value_chain_options {
    /// Form the explicit L at once by recursive block inversion (2n³ GEMM flops) instead of an LU
    /// (⅔n³). Choose it when WWZ or Borin–Mancini will be asked for; KWW, VAX and VS need solves only.
    bool explicit_inverse = false;
    leontief_options leontief{};
};

/// Shared precomputation for VAX, VS, GVC participation and the KWW, WWZ and Borin–Mancini
/// decompositions of one table (see the file comment). Holds A (n x n) and one factorisation.
template <class Scalar = double> class value_chain {
  public:
    using matrix_type = matrix_x<Scalar>;
    using vector_type = vector_x<Scalar>;

    /// @throws numerical_error when the table is not productive; dimension/domain errors from the table.
    explicit value_chain(const mrio<Scalar>& t, const value_chain_options& opt = {});

    index_t num_regions() const noexcept { return G_; }
    index_t num_sectors() const noexcept { return N_; }
    index_t n() const noexcept { return n_; }
    const economy_index& regions() const noexcept { return regions_; }
    const sector_index& sectors() const noexcept { return sectors_; }
    const std::vector<std::string>& labels() const noexcept { return labels_; }

    const matrix_type& A() const noexcept { return A_; }
    const matrix_type& Y() const noexcept { return Y_; }       ///< n x G, categories summed
    const vector_type& x() const noexcept { return x_; }       ///< balanced gross output
    const vector_type& va() const noexcept { return va_; }     ///< x − Z'1
    const vector_type& v() const noexcept { return v_; }       ///< va / x (0 where x = 0)
    const matrix_type& E_sr() const noexcept { return E_sr_; } ///< n x G bilateral gross exports (0 on own region)
    const vector_type& E() const noexcept { return E_; }       ///< gross exports per row
    const vector_type& final_exports() const noexcept { return ef_; }
    const vector_type& domestic_final() const noexcept { return ydom_; } ///< Y_ss per row
    /// Local inverses: columns s*N..s*N+N−1 hold Ld_s = (I − A_ss)⁻¹ (N x n).
    const matrix_type& Ld() const noexcept { return Ld_; }
    const matrix_type& VL() const noexcept { return VL_; }   ///< G x n
    const matrix_type& LY() const noexcept { return LY_; }   ///< n x G
    const vector_type& vLd() const noexcept { return vLd_; } ///< (v_s Ld_s)_i
    const vector_type& vBd() const noexcept { return vBd_; } ///< (v_s L_ss)_i
    /// Foreign value added per unit of output, Σ_{t≠s} (v_t L_ts)_i.
    const vector_type& foreign_content() const noexcept { return FVAc_; }
    const leontief<Scalar>& leontief_factor() const noexcept { return L_; }
    /// What the user should know about the table (negative or zero balanced output).
    const std::vector<std::string>& notes() const noexcept { return notes_; }

    /// The explicit L (formed once, from the LU when the object was built without it).
    const matrix_type& ensure_inverse() {
        if (!L_.has_inverse()) L_.form_inverse();
        return L_.inverse();
    }

    /// N x N block (s, r) of a region-major n x n matrix.
    auto block(const matrix_type& M, index_t s, index_t r) const { return M.block(s * N_, r * N_, N_, N_); }
    /// N-segment of region s of an n-vector / n x k matrix.
    template <class D> auto seg(const Eigen::MatrixBase<D>& M, index_t s) const { return M.middleRows(s * N_, N_); }

  private:
    economy_index regions_;
    sector_index sectors_;
    std::vector<std::string> labels_;
    std::vector<std::string> notes_;
    index_t G_ = 0, N_ = 0, n_ = 0;
    leontief<Scalar> L_;
    matrix_type A_, Y_, E_sr_, Ld_, VL_, LY_;
    vector_type x_, va_, v_, E_, ef_, ydom_, vLd_, vBd_, FVAc_;
};

template <class Scalar>
value_chain<Scalar>::value_chain(const mrio<Scalar>& t, const value_chain_options& opt)
    : regions_(t.regions()), sectors_(t.sectors()), labels_(t.labels()), G_(t.num_regions()), N_(t.num_sectors()),
      n_(t.n()) {
    Y_ = t.Y();
    x_ = t.Z().rowwise().sum() + Y_.rowwise().sum();
    va_ = x_ - t.Z().colwise().sum().transpose();
    const vector_type xinv = detail::safe_inverse(x_);
    v_ = va_.cwiseProduct(xinv);
    std::string neg;
    index_t nneg = 0;
    for (index_t i = 0; i < n_; ++i)
        if (x_(i) < Scalar(0)) {
            if (nneg++ < 5)
                neg += (neg.empty() ? "" : ", ") + labels_[static_cast<std::size_t>(i)] + " " +
                       detail::to_string_full(x_(i));
        }
    if (nneg > 0)
        notes_.push_back(std::to_string(nneg) +
                         " region-sectors have negative balanced output Z·1 + Y·1 (negative "
                         "inventories), kept as they are so that terms add up: " +
                         neg + (nneg > 5 ? ", ..." : ""));
    index_t nzero = 0;
    for (index_t i = 0; i < n_; ++i) nzero += x_(i) == Scalar(0) ? 1 : 0;
    if (nzero > 0)
        notes_.push_back(std::to_string(nzero) + " region-sectors have zero balanced output: their columns of A are 0");
    leontief_options lo = opt.leontief;
    lo.allow_negative_output = true;
    lo.method = opt.explicit_inverse ? leontief_method::inverse : leontief_method::lu;
    L_ = leontief<Scalar>(t.Z(), x_, lo, labels_);
    A_.noalias() = t.Z() * xinv.asDiagonal();

    // exports
    E_sr_.setZero(n_, G_);
    for (index_t r = 0; r < G_; ++r) E_sr_.col(r) = t.Z().middleCols(r * N_, N_).rowwise().sum() + Y_.col(r);
    for (index_t s = 0; s < G_; ++s) E_sr_.block(s * N_, s, N_, 1).setZero();
    E_ = E_sr_.rowwise().sum();
    ef_.resize(n_);
    ydom_.resize(n_);
    for (index_t s = 0; s < G_; ++s) {
        ef_.segment(s * N_, N_) = Y_.middleRows(s * N_, N_).rowwise().sum() - Y_.block(s * N_, s, N_, 1);
        ydom_.segment(s * N_, N_) = Y_.block(s * N_, s, N_, 1);
    }

    // local inverses, G of N x N
    Ld_.resize(N_, n_);
    for (index_t s = 0; s < G_; ++s) {
        const matrix_type M = matrix_type::Identity(N_, N_) - A_.block(s * N_, s * N_, N_, N_);
        Eigen::PartialPivLU<matrix_type> lu(M);
        if (!(static_cast<double>(lu.rcond()) > lo.rcond_tol))
            throw numerical_error("value_chain: the domestic block I − A_ss of region " + regions_[s] +
                                  " is singular (reciprocal condition number " + detail::to_string_full(lu.rcond()) +
                                  ")");
        Ld_.middleCols(s * N_, N_) = lu.inverse();
    }

    // VL (G x n) and LY (n x G)
    if (L_.has_inverse()) {
        // v_t' L_t• from the rows of L: 2n² flops instead of a dense n x n x G product
        const matrix_type& Li = L_.inverse();
        VL_.resize(G_, n_);
        for (index_t t2 = 0; t2 < G_; ++t2)
            VL_.row(t2).noalias() = v_.segment(t2 * N_, N_).transpose() * Li.middleRows(t2 * N_, N_);
    } else {
        matrix_type Vb = matrix_type::Zero(n_, G_);
        for (index_t t2 = 0; t2 < G_; ++t2) Vb.col(t2).segment(t2 * N_, N_) = v_.segment(t2 * N_, N_);
        VL_ = L_.solve_transpose(Vb).transpose();
    }
    LY_ = L_.solve(Y_);

    vLd_.resize(n_);
    vBd_.resize(n_);
    FVAc_.resize(n_);
    for (index_t s = 0; s < G_; ++s) {
        vLd_.segment(s * N_, N_) = (v_.segment(s * N_, N_).transpose() * Ld_.middleCols(s * N_, N_)).transpose();
        vBd_.segment(s * N_, N_) = VL_.row(s).segment(s * N_, N_).transpose();
        FVAc_.segment(s * N_, N_) = VL_.middleCols(s * N_, N_).colwise().sum().transpose() - vBd_.segment(s * N_, N_);
    }
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE value_chain<double>::value_chain(const mrio<double>&, const value_chain_options&);
} // namespace unbundle
#endif
