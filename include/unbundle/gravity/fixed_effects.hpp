#pragma once
/// @file gravity/fixed_effects.hpp
/// High-dimensional fixed effects stored as integer codes (never as dummies), and the weighted
/// projection that partials them out of a set of columns.
///
/// The projection solves, for each column v, the weighted least-squares problem
///   min_a  sum_n w_n (v_n - sum_q a_q[c_q(n)])^2
/// in the space of fixed-effect coefficients (size sum_q G_q, not N) by Gauss–Seidel sweeps over
/// the dimensions (alternating projections; Berge 2018, "Efficient estimation of maximum
/// likelihood models with multiple fixed-effects"), accelerated by the Irons–Tuck (1969)
/// extrapolation. All columns are swept together so that each pass over the N observations
/// reads the codes and weights once. Coefficients are kept between calls so that a caller
/// (IRLS) warm-starts every projection from the previous solution.
///
/// Complexity: one sweep costs O(N Q C) for N observations, Q dimensions and C columns, with
/// O(sum_q G_q C) extra memory.

#include "../error.hpp"
#include "../fwd.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace unbundle {

/// A set of fixed-effect dimensions over the same N observations: integer codes 0..G_q-1.
struct fixed_effects {
    std::vector<std::string> names;               ///< one per dimension ("exporter^year")
    std::vector<std::vector<std::int32_t>> codes; ///< codes[q][n] in 0..sizes[q]-1
    std::vector<std::int32_t> sizes;              ///< G_q, number of levels of dimension q
    std::vector<std::vector<std::string>> levels; ///< optional level names (may be empty)

    index_t dims() const noexcept { return static_cast<index_t>(codes.size()); }
    index_t nobs() const noexcept { return codes.empty() ? 0 : static_cast<index_t>(codes.front().size()); }
    /// Total number of coefficients, sum_q G_q.
    template <class D = void> index_t total_levels() const noexcept {
        index_t s = 0;
        for (auto g : sizes) s += g;
        return s;
    }
};

namespace detail {

/// Re-codes arbitrary non-negative integer codes into dense 0..G-1 in order of first appearance.
/// Codes < 0 stay -1 (missing). Returns G.
template <class Dep = void>
inline std::int32_t densify_codes(std::vector<std::int32_t>& codes, std::vector<std::int32_t>* first_row = nullptr) {
    std::int32_t maxc = -1;
    for (auto c : codes) maxc = std::max(maxc, c);
    std::vector<std::int32_t> map(static_cast<std::size_t>(maxc + 1), -1);
    std::int32_t g = 0;
    if (first_row) first_row->clear();
    for (std::size_t n = 0; n < codes.size(); ++n) {
        const auto c = codes[n];
        if (c < 0) continue;
        auto& m = map[static_cast<std::size_t>(c)];
        if (m < 0) {
            m = g++;
            if (first_row) first_row->push_back(static_cast<std::int32_t>(n));
        }
        codes[n] = m;
    }
    return g;
}

/// Combines two code vectors into the codes of their interaction (a^b), dense in order of first
/// appearance. Missing (-1) in either gives -1.
template <class Dep = void>
inline std::vector<std::int32_t> interact_codes(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b,
                                                std::int32_t size_b) {
    std::vector<std::int32_t> out(a.size());
    std::int32_t size_a = 0;
    for (auto v : a) size_a = std::max(size_a, v + 1);
    const std::int64_t cells = static_cast<std::int64_t>(size_a) * static_cast<std::int64_t>(size_b);
    if (cells <= 2 * static_cast<std::int64_t>(a.size()) + 65536) {
        // dense table of the (a, b) cells: same codes, no hashing
        std::vector<std::int32_t> table(static_cast<std::size_t>(cells), -1);
        std::int32_t next = 0;
        for (std::size_t n = 0; n < a.size(); ++n) {
            if (a[n] < 0 || b[n] < 0) {
                out[n] = -1;
                continue;
            }
            auto& t = table[static_cast<std::size_t>(static_cast<std::int64_t>(a[n]) * size_b + b[n])];
            if (t < 0) t = next++;
            out[n] = t;
        }
        return out;
    }
    std::unordered_map<std::int64_t, std::int32_t> seen;
    seen.reserve(1024);
    for (std::size_t n = 0; n < a.size(); ++n) {
        if (a[n] < 0 || b[n] < 0) {
            out[n] = -1;
            continue;
        }
        const std::int64_t key = static_cast<std::int64_t>(a[n]) * static_cast<std::int64_t>(size_b) + b[n];
        const auto it = seen.find(key);
        if (it != seen.end()) {
            out[n] = it->second;
        } else {
            const auto code = static_cast<std::int32_t>(seen.size());
            seen.emplace(key, code);
            out[n] = code;
        }
    }
    return out;
}

} // namespace detail

/// Options of the fixed-effect projection.
struct projection_options {
    double tol = 1e-9;      ///< stop when every coefficient moves by less than tol * (scale + |a|)
    int max_iter = 10000;   ///< maximum Gauss–Seidel sweeps per call
    bool accelerate = true; ///< Irons–Tuck extrapolation every second sweep
};

/// Weighted projection off the span of the fixed-effect dummies, on integer codes.
///
/// Usage: construct from codes (which it references: they must outlive it), `set_weights(w)`,
/// then `partial_out(V, alpha, out)`; `alpha` (sum_q G_q x C) holds the coefficients between
/// calls and is the warm start of the next call.
class fe_projector {
  public:
    fe_projector() = default;
    template <class D = void> explicit fe_projector(const fixed_effects& fe) { reset(fe); }

    template <class D = void> void reset(const fixed_effects& fe) {
        Q_ = static_cast<int>(fe.dims());
        N_ = fe.nobs();
        codes_.clear();
        sizes_.clear();
        offsets_.assign(1, 0);
        for (int q = 0; q < Q_; ++q) {
            codes_.push_back(fe.codes[static_cast<std::size_t>(q)].data());
            sizes_.push_back(fe.sizes[static_cast<std::size_t>(q)]);
            offsets_.push_back(offsets_.back() + fe.sizes[static_cast<std::size_t>(q)]);
        }
        inv_wsum_.assign(static_cast<std::size_t>(offsets_.back()), 0.0);
        w_ = nullptr;
        // a dimension whose groups are contiguous runs of observations (the caller sorted the
        // data by it; codes dense in order of appearance) is summed run by run, in registers
        sorted_q_ = -1;
        seg_.clear();
        for (int q = 0; q < Q_; ++q) {
            const std::int32_t* c = codes_[static_cast<std::size_t>(q)];
            bool ok = N_ > 0 && c[0] == 0;
            for (index_t n = 1; n < N_ && ok; ++n) ok = c[n] == c[n - 1] || c[n] == c[n - 1] + 1;
            ok = ok && c[N_ - 1] == sizes_[static_cast<std::size_t>(q)] - 1;
            if (ok &&
                (sorted_q_ < 0 || sizes_[static_cast<std::size_t>(q)] > sizes_[static_cast<std::size_t>(sorted_q_)]))
                sorted_q_ = q;
        }
        if (sorted_q_ >= 0) {
            const std::int32_t* c = codes_[static_cast<std::size_t>(sorted_q_)];
            seg_.assign(static_cast<std::size_t>(sizes_[static_cast<std::size_t>(sorted_q_)]) + 1, 0);
            for (index_t n = 0; n < N_; ++n) seg_[static_cast<std::size_t>(c[n]) + 1] = n + 1;
        }
    }

    int dims() const noexcept { return Q_; }
    index_t nobs() const noexcept { return N_; }
    index_t total_levels() const noexcept { return offsets_.back(); }
    index_t offset(int q) const noexcept { return offsets_[static_cast<std::size_t>(q)]; }

    /// Sets the observation weights (pointer kept: must outlive the calls). nullptr = unit weights.
    template <class D = void> void set_weights(const double* w) {
        w_ = w;
        std::fill(inv_wsum_.begin(), inv_wsum_.end(), 0.0);
        for (int q = 0; q < Q_; ++q) {
            double* s = inv_wsum_.data() + offsets_[static_cast<std::size_t>(q)];
            const std::int32_t* c = codes_[static_cast<std::size_t>(q)];
            if (w)
                for (index_t n = 0; n < N_; ++n) s[c[n]] += w[n];
            else
                for (index_t n = 0; n < N_; ++n) s[c[n]] += 1.0;
        }
        for (auto& s : inv_wsum_) s = s > 0 ? 1.0 / s : 0.0;
    }

    /// Partials the fixed effects out of the columns of V (N x C): out = V - D alpha, where alpha
    /// (sum G_q x C, row-major by level: alpha(level, column)) is updated in place from its
    /// current value (the warm start; zero it for a cold start). `out` may alias V.
    /// Returns {converged, sweeps, largest last change}.
    template <class Dep = void>
    solver_info partial_out(const detail::dependent_t<Eigen::Ref<const matrix_x<double>>, Dep>& V,
                            matrix_x<double>& alpha, detail::dependent_t<Eigen::Ref<matrix_x<double>>, Dep> out,
                            const projection_options& opt = {}) {
        const index_t C = V.cols();
        solver_info info;
        const index_t L = total_levels();
        if (alpha.rows() != C || alpha.cols() != L) {
            // stored transposed: alpha is C x L so that the C values of one level are contiguous
            alpha.setZero(C, L);
        }
        if (Q_ == 0 || C == 0) {
            if (out.data() != V.data()) out = V;
            info.converged = true;
            return info;
        }
        // b = D' W v for each dimension and column (C x L), and the column scales; one pass per
        // dimension serves all columns
        b_.setZero(C, L);
        scale_.setZero(C);
        for (int q = 0; q < Q_; ++q) {
            double* bq = b_.data() + offsets_[static_cast<std::size_t>(q)] * C;
            const std::int32_t* cq = codes_[static_cast<std::size_t>(q)];
            if (q == sorted_q_) {
                const index_t G = sizes_[static_cast<std::size_t>(q)];
                for (index_t c = 0; c < C; ++c) {
                    const double* v = V.data() + c * V.outerStride();
                    for (index_t g = 0; g < G; ++g) {
                        double sum = 0;
                        for (index_t n = seg_[static_cast<std::size_t>(g)]; n < seg_[static_cast<std::size_t>(g) + 1];
                             ++n)
                            sum += (w_ ? w_[n] : 1.0) * v[n];
                        bq[g * C + c] = sum;
                    }
                }
                continue;
            }
            for (index_t n = 0; n < N_; ++n) {
                const double wn = w_ ? w_[n] : 1.0;
                double* dst = bq + static_cast<index_t>(cq[n]) * C;
                for (index_t c = 0; c < C; ++c) dst[c] += wn * V(n, c);
            }
        }
        for (index_t c = 0; c < C; ++c) {
            const double sa = V.col(c).cwiseAbs().sum();
            scale_(c) = N_ > 0 ? sa / static_cast<double>(N_) : 1.0;
            if (!(scale_(c) > 0)) scale_(c) = 1.0;
        }
        if (Q_ == 1) {
            const double* inv = inv_wsum_.data();
            for (index_t g = 0; g < L; ++g)
                for (index_t c = 0; c < C; ++c) alpha(c, g) = b_(c, g) * inv[g];
            info.converged = true;
            info.iterations = 1;
        } else {
            iterate(alpha, C, opt, info);
        }
        // out = V - D alpha, column by column (sequential in V and out)
        std::vector<const double*> Aq(static_cast<std::size_t>(Q_));
        for (index_t c = 0; c < C; ++c) {
            for (int q = 0; q < Q_; ++q)
                Aq[static_cast<std::size_t>(q)] = alpha.data() + offsets_[static_cast<std::size_t>(q)] * C + c;
            const double* v = V.data() + c * V.outerStride();
            double* o = out.data() + c * out.outerStride();
            if (Q_ == 3) {
                const double *a0 = Aq[0], *a1 = Aq[1], *a2 = Aq[2];
                const std::int32_t *c0 = codes_[0], *c1 = codes_[1], *c2 = codes_[2];
                for (index_t n = 0; n < N_; ++n) o[n] = v[n] - (a0[c0[n] * C] + a1[c1[n] * C] + a2[c2[n] * C]);
            } else {
                for (index_t n = 0; n < N_; ++n) {
                    double s = 0;
                    for (int q = 0; q < Q_; ++q)
                        s += Aq[static_cast<std::size_t>(q)][codes_[static_cast<std::size_t>(q)][n] * C];
                    o[n] = v[n] - s;
                }
            }
        }
        return info;
    }

  private:
    /// acc[cq] += w * (a1[c1] + a2[c2]) for C interleaved columns known at compile time.
    template <int C>
    void gather3(double* acc, const std::int32_t* cq, const std::int32_t* c1, const std::int32_t* c2, const double* a1,
                 const double* a2, const double* w) const {
        for (index_t n = 0; n < N_; ++n) {
            const double wn = w[n];
            double* dst = acc + static_cast<index_t>(cq[n]) * C;
            const double* s1 = a1 + static_cast<index_t>(c1[n]) * C;
            const double* s2 = a2 + static_cast<index_t>(c2[n]) * C;
            for (int c = 0; c < C; ++c) dst[c] += wn * (s1[c] + s2[c]);
        }
    }

    /// Update of the sorted dimension (its groups are runs seg_[g]..seg_[g+1]): for each run,
    /// the weighted sums of the other dimensions' coefficients accumulate in registers, then
    /// a[g] = (b[g] - sum) / wsum[g]. CC (columns) and NP (other dimensions) are compile-time
    /// when positive, else taken from C and Q_ - 1.
    template <int CC, int NP> void update_sorted(double* A, index_t Cdyn) const {
        const index_t C = CC > 0 ? CC : Cdyn;
        const int np = NP > 0 ? NP : Q_ - 1;
        const int q = sorted_q_;
        std::int32_t const* cp[8];
        const double* ap[8];
        for (int p = 0, i = 0; p < Q_; ++p) {
            if (p == q) continue;
            cp[i] = codes_[static_cast<std::size_t>(p)];
            ap[i] = A + offsets_[static_cast<std::size_t>(p)] * C;
            ++i;
        }
        const index_t off_q = offsets_[static_cast<std::size_t>(q)];
        double* aq = A + off_q * C;
        const double* bq = b_.data() + off_q * C;
        const double* inv = inv_wsum_.data() + off_q;
        const index_t G = sizes_[static_cast<std::size_t>(q)];
        const double* w = w_;
        double s[CC > 0 ? CC : 1]; // NOLINT(bugprone-branch-clone): CC is a template parameter, not a clone
        for (index_t g = 0; g < G; ++g) {
            const index_t n0 = seg_[static_cast<std::size_t>(g)], n1 = seg_[static_cast<std::size_t>(g) + 1];
            for (index_t c = 0; c < C; ++c) s[c] = 0;
            for (index_t n = n0; n < n1; ++n) {
                const double wn = w ? w[n] : 1.0;
                for (index_t c = 0; c < C; ++c) {
                    double v = 0;
                    for (int i = 0; i < np; ++i) v += ap[i][static_cast<index_t>(cp[i][n]) * C + c];
                    s[c] += wn * v;
                }
            }
            for (index_t c = 0; c < C; ++c) aq[g * C + c] = (bq[g * C + c] - s[c]) * inv[g];
        }
    }

    /// Dispatches update_sorted on the common column counts (1 to 4) with NP other dimensions.
    template <int NP> bool update_sorted_columns(double* A, index_t C) const {
        switch (C) {
        case 1:
            update_sorted<1, NP>(A, C);
            return true;
        case 2:
            update_sorted<2, NP>(A, C);
            return true;
        case 3:
            update_sorted<3, NP>(A, C);
            return true;
        case 4:
            update_sorted<4, NP>(A, C);
            return true;
        default:
            return false;
        }
    }

    /// update_sorted for two or three dimensions and up to four columns; false when not covered.
    template <class D = void> bool update_sorted_fast(double* A, index_t C) const {
        if (Q_ == 3) return update_sorted_columns<2>(A, C);
        if (Q_ == 2) return update_sorted_columns<1>(A, C);
        return false;
    }

    /// One Gauss–Seidel sweep over all dimensions, in place on a (C x L).
    template <class Dep = void> void sweep(matrix_x<double>& a, index_t C) {
        const double* w = w_;
        for (int q = 0; q < Q_; ++q) {
            if (q == sorted_q_ && Q_ <= 9 && update_sorted_fast(a.data(), C)) continue;
            const index_t off_q = offsets_[static_cast<std::size_t>(q)];
            const index_t G = sizes_[static_cast<std::size_t>(q)];
            acc_.setZero(C, G);
            double* acc = acc_.data();
            const std::int32_t* cq = codes_[static_cast<std::size_t>(q)];
            double* A = a.data();
            if (Q_ == 2) {
                const int p = 1 - q;
                const std::int32_t* cp = codes_[static_cast<std::size_t>(p)];
                const double* ap = A + offsets_[static_cast<std::size_t>(p)] * C;
                if (C == 1) {
                    for (index_t n = 0; n < N_; ++n) acc[cq[n]] += (w ? w[n] : 1.0) * ap[cp[n]];
                } else {
                    for (index_t n = 0; n < N_; ++n) {
                        const double wn = w ? w[n] : 1.0;
                        double* dst = acc + cq[n] * C;
                        const double* s1 = ap + cp[n] * C;
                        for (index_t c = 0; c < C; ++c) dst[c] += wn * s1[c];
                    }
                }
            } else if (Q_ == 3) {
                const int p1 = q == 0 ? 1 : 0, p2 = q == 2 ? 1 : 2;
                const std::int32_t* c1 = codes_[static_cast<std::size_t>(p1)];
                const std::int32_t* c2 = codes_[static_cast<std::size_t>(p2)];
                const double* a1 = A + offsets_[static_cast<std::size_t>(p1)] * C;
                const double* a2 = A + offsets_[static_cast<std::size_t>(p2)] * C;
                if (C == 2 && w) {
                    gather3<2>(acc, cq, c1, c2, a1, a2, w);
                } else if (C == 3 && w) {
                    gather3<3>(acc, cq, c1, c2, a1, a2, w);
                } else if (C == 4 && w) {
                    gather3<4>(acc, cq, c1, c2, a1, a2, w);
                } else if (C == 1) {
                    for (index_t n = 0; n < N_; ++n) acc[cq[n]] += (w ? w[n] : 1.0) * (a1[c1[n]] + a2[c2[n]]);
                } else {
                    for (index_t n = 0; n < N_; ++n) {
                        const double wn = w ? w[n] : 1.0;
                        double* dst = acc + cq[n] * C;
                        const double* s1 = a1 + c1[n] * C;
                        const double* s2 = a2 + c2[n] * C;
                        for (index_t c = 0; c < C; ++c) dst[c] += wn * (s1[c] + s2[c]);
                    }
                }
            } else {
                for (index_t n = 0; n < N_; ++n) {
                    const double wn = w ? w[n] : 1.0;
                    double* dst = acc + cq[n] * C;
                    for (int p = 0; p < Q_; ++p) {
                        if (p == q) continue;
                        const double* sp =
                            A + (offsets_[static_cast<std::size_t>(p)] + codes_[static_cast<std::size_t>(p)][n]) * C;
                        for (index_t c = 0; c < C; ++c) dst[c] += wn * sp[c];
                    }
                }
            }
            const double* inv = inv_wsum_.data() + off_q;
            double* aq = A + off_q * C;
            const double* bq = b_.data() + off_q * C;
            for (index_t g = 0; g < G; ++g)
                for (index_t c = 0; c < C; ++c) aq[g * C + c] = (bq[g * C + c] - acc[g * C + c]) * inv[g];
        }
    }

    /// Largest change between x and y (both C x L, blocks 1..Q-1), relative to tol scale; returns
    /// whether every coefficient moved by at most tol * (scale_c + |y|).
    template <class D = void>
    bool small_change(const matrix_x<double>& x, const matrix_x<double>& y, index_t C, double tol,
                      double& worst) const {
        const index_t start = offsets_[1] * C, end = offsets_.back() * C;
        const double* px = x.data();
        const double* py = y.data();
        bool ok = true;
        worst = 0;
        for (index_t k = start; k < end; ++k) {
            const double d = std::abs(px[k] - py[k]);
            const double s = scale_(k % C) + std::abs(py[k]);
            const double r = d / s;
            if (!(r <= worst)) worst = std::isnan(r) ? std::numeric_limits<double>::infinity() : r;
            if (!(d <= tol * s)) ok = false;
        }
        return ok;
    }

    template <class Dep = void>
    void iterate(matrix_x<double>& X, index_t C, const projection_options& opt, solver_info& info) {
        const index_t start = offsets_[1] * C, end = offsets_.back() * C;
        GX_ = X;
        double worst = 0;
        int it = 0;
        while (it < opt.max_iter) {
            GX_ = X;
            sweep(GX_, C);
            ++it;
            if (small_change(X, GX_, C, opt.tol, worst)) {
                X = GX_;
                info.converged = true;
                break;
            }
            if (!opt.accelerate) {
                X = GX_;
                continue;
            }
            GGX_ = GX_;
            sweep(GGX_, C);
            ++it;
            if (small_change(GX_, GGX_, C, opt.tol, worst)) {
                X = GGX_;
                info.converged = true;
                break;
            }
            // Irons–Tuck, one coefficient per column
            const double* x = X.data();
            const double* gx = GX_.data();
            const double* ggx = GGX_.data();
            num_.setZero(C);
            den_.setZero(C);
            for (index_t k = start; k < end; ++k) {
                const index_t c = k % C;
                const double d1 = ggx[k] - gx[k];
                const double d2 = ggx[k] - 2 * gx[k] + x[k];
                num_(c) += d1 * d2;
                den_(c) += d2 * d2;
            }
            double* xo = X.data();
            for (index_t k = 0; k < end; ++k) {
                const index_t c = k % C;
                if (k < start || !(den_(c) > 0)) {
                    xo[k] = ggx[k];
                } else {
                    const double coef = num_(c) / den_(c);
                    xo[k] = ggx[k] - coef * (ggx[k] - gx[k]);
                }
            }
        }
        info.iterations = it;
        info.residual = worst;
        if (!info.converged)
            info.message = "fixed-effect projection: no convergence in " + std::to_string(it) +
                           " sweeps (largest relative change " + std::to_string(worst) + ")";
    }

    int Q_ = 0;
    index_t N_ = 0;
    std::vector<const std::int32_t*> codes_;
    std::vector<std::int32_t> sizes_;
    std::vector<index_t> offsets_{0};
    std::vector<double> inv_wsum_;
    const double* w_ = nullptr;
    int sorted_q_ = -1;        ///< dimension whose groups are contiguous runs (-1: none)
    std::vector<index_t> seg_; ///< run starts of sorted_q_ (G + 1 entries)
    matrix_x<double> b_, acc_, GX_, GGX_;
    vector_x<double> scale_, num_, den_;
};

} // namespace unbundle
