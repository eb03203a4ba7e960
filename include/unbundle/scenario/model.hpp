#pragma once
/// @file scenario/model.hpp
/// The scenario engine's model: a multi-sector, multi-region general equilibrium in changes
/// (exact hat algebra) with input-output links à la Caliendo & Parro (2015), and use-specific
/// sourcing: final and intermediate purchases have their own bilateral shares and cost changes.
/// docs/scenario_model.md gives the equations, the calibration and the treatments in full.
///
/// Economies n, i (N), sectors j, k (J), region-sector rows i*J + j of the MRIO (n = N J).
/// Calibration (from the balanced table x = Z·1 + Y·1, final-demand categories summed):
///   π^I_nij = Σ_k Z[(i,j),(n,k)] / M_nj,  π^F_nij = Y⁺[(i,j),n] / F_nj,  α_nj = F_nj / Σ_j F_nj,
///   γ_n,jk = Σ_i Z[(i,j),(n,k)] / x_nk,  β_nk = va_nk / x_nk,  D_n = Σ Y[·,n] − Σ_k va_nk,
/// where Y⁺ = max(Y, 0). Negative final demand (inventories) Y⁻ = min(Y, 0) is an exogenous demand
/// held fixed in units of world value added (the numeraire).
/// Equilibrium in changes for cost changes κ̂^u_nij (u ∈ {F, I}), and optionally productivity
/// changes Â_ik and labour-supply changes L̂_i (`supply_hats`; 1 when not given):
///   ĉ_ik = ŵ_i^(β_ik) Π_j (P̂^I_ij)^(γ_i,jk) / Â_ik
///   P̂^u_nj = [Σ_i π^u_nij (κ̂^u_inj ĉ_ij)^(−θ_j)]^(−1/θ_j),  π^u'_nij = π^u_nij (κ̂ ĉ)^(−θ_j) / P̂^(−θ_j)
///   F'_nj = α_nj (ŵ_n L̂_n VA_n + D_n − N_n),  N_n = Σ Y⁻[·,n];   M'_nj = Σ_k γ_n,jk x'_nk
///   x'_ij = Σ_n (π^F'_nij F'_nj + π^I'_nij M'_nj) + Σ_n Y⁻[(i,j),n]
///   ŵ_n L̂_n VA_n = Σ_k β_nk x'_nk,   Σ_n ŵ_n L̂_n VA_n = Σ_n VA_n (numeraire: world nominal GDP)
/// Welfare Ŵ_n = Î_n / P̂^F_n, Î_n = (ŵ_n L̂_n VA_n + D_n) / (VA_n + D_n), P̂^F_n = Π_j (P̂^F_nj)^(α_nj).
/// Counterfactual MRIO: Z'[(i,j),(n,k)] = π^I'_nij γ_n,jk x'_nk, Y'[(i,j),n] = π^F'_nij F'_nj + Y⁻.
///
/// Solver: one Anderson-accelerated fixed point (ge/solver.hpp) on the joint state (ln ŵ, ln ĉ,
/// x'/x): each evaluation does one step of the price contraction, one Jacobi step of the goods
/// market (I − Π^I'Γ) x' = Π^F'F' (never a dense factorisation) and a damped wage update; every
/// step costs O(N² J + N J²). A previous equilibrium warm-starts it.

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"
#include "../fwd.hpp"
#include "../ge/hat_algebra.hpp"
#include "../ge/solver.hpp"
#include "costs.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // calls functions whose bodies depend on the configuration (config.hpp)

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN
template <class Scalar> Scalar default_model_tol() {
    return std::max(Scalar(1e-12), Scalar(100) * std::numeric_limits<Scalar>::epsilon());
}
UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// The default trade elasticity θ of a sector kind: 5 for every kind, Head & Mayer's (2014)
/// central structural estimate of the trade elasticity (their meta-analysis median is about 5);
/// there is no robust evidence for a different services value, so services share it. Override
/// `model_options::theta` per sector.
template <class Scalar = double> Scalar default_theta(sector_kind) { return Scalar(5); }

/// Settings of the multi-sector model.
template <class Scalar = double> struct model_options {
    vector_x<Scalar> theta;                           ///< per sector (size J); empty = default_theta per kind
    deficit_mode deficits = deficit_mode::keep;       ///< keep (nominal D fixed) or zero (removed first, as ge/)
    int max_iter = 500;                               ///< fixed-point iterations
    Scalar tol = detail::default_model_tol<Scalar>(); ///< on the relative residuals (see equilibrium::solver)
    int threads = 1;                                  ///< reserved: the solve runs on one thread
    int anderson_depth = 8;                           ///< memory of the Anderson acceleration
};

/// Changes of the economies' fundamentals (scenario/shocks.hpp builds them from lockdowns and
/// productivity shocks). Empty vectors mean no change (all ones).
template <class Scalar = double> struct supply_hats {
    /// n = N J, Â per region-sector (row order of the table): Hicks-neutral productivity, ĉ ∝ 1 / Â.
    vector_x<Scalar> productivity;
    /// N, L̂ per economy: the supply of the one factor (value added at baseline prices), mobile
    /// across the economy's sectors; labour income is ŵ L̂ VA.
    vector_x<Scalar> labour;
};

/// A solved equilibrium: changes per economy, the counterfactual table and the diagnostics.
template <class Scalar = double> struct equilibrium {
    economy_index economies;
    sector_index sectors;
    vector_x<Scalar> wage_hat;    ///< N, ŵ (per unit of labour; labour income changes by ŵ L̂)
    vector_x<Scalar> income_hat;  ///< N, Î (final expenditure, deficits included)
    vector_x<Scalar> price_hat;   ///< N, consumer price index change P̂^F_n
    vector_x<Scalar> welfare_hat; ///< N, Î / P̂^F (gross ratio, 1 = no change)
    mrio<Scalar> table;           ///< counterfactual MRIO (Z', Y', x' = Z'1 + Y'1, va' = x' − Z''1);
                                  ///< the baseline when the solve failed with non-finite values
    /// converged, iterations, residual = max of (max_n |ŵ_n L̂_n VA_n − Σ_k β_nk x'_nk| / world VA,
    /// max |goods-market imbalance| / world output, max |Δ ln ĉ| of the price contraction).
    solver_info solver;
    vector_x<Scalar> unit_cost_hat;   ///< n = N J, ĉ per region-sector (row order of the table)
    matrix_x<Scalar> final_price_hat; ///< J x N, P̂^F_nj
    matrix_x<Scalar> input_price_hat; ///< J x N, P̂^I_nj
};

/// The multi-sector model calibrated on one MRIO (see the file comment).
///
/// Treatments (documented in docs/scenario_model.md):
///  - gross output is recomputed as x = Z·1 + Y·1 (the balanced identity); categories of Y summed;
///  - region-sectors with zero output drop out: they have no sourcing share anywhere, stay at
///    x' = 0, and take ĉ = ŵ; a zero absorption M_nj or F_nj drops the corresponding price index
///    (P̂ = 1, weight 0);
///  - negative final demand (inventory drawdowns) is held fixed as an exogenous demand;
///  - intermediate sourcing is by buying economy and input (Caliendo–Parro): baseline() replaces
///    Z by π^I_nij γ_n,jk x_nk, which keeps x, va, Y, each seller's sales to each economy and each
///    buyer's purchases of each input, and only re-distributes a seller's sales to one economy
///    across that economy's buying sectors. `proportionality_gap()` says how far that is from Z.
///
/// @code
/// unbundle::multisector_model<> m(table);                     // calibrates (θ = 5 per default)
/// auto k = unbundle::cost_hats<>::ones(m.economies(), m.sectors());
/// k.intermediate[0] *= 0.9; k.intermediate[0].diagonal().setOnes();   // input costs of sector 0 fall 10 %
/// auto eq = m.solve(k);                                        // eq.welfare_hat, eq.table, eq.solver
/// auto eq2 = m.solve(k2, &eq);                                 // warm start
/// @endcode
template <class Scalar = double> class multisector_model {
  public:
    using matrix_type = matrix_x<Scalar>;
    using vector_type = vector_x<Scalar>;

    /// Calibrates on `table`.
    /// @throws dimension_error (θ of the wrong size), domain_error naming the economy or sector:
    ///         θ ≤ 0, negative Z, a region-sector with output but no positive value added, an
    ///         economy with no value added or no positive final expenditure; usage_error for
    ///         deficit_mode::multiplicative (not supported); convergence_error when removing the
    ///         deficits (deficit_mode::zero) does not converge.
    explicit multisector_model(const mrio<Scalar>& table, model_options<Scalar> options = {});

    /// The balanced baseline the hats refer to (see the class comment; with deficit_mode::zero,
    /// the balanced-trade equilibrium).
    const mrio<Scalar>& baseline() const noexcept { return baseline_; }
    index_t economies() const noexcept { return N_; }
    index_t sectors() const noexcept { return J_; }
    const model_options<Scalar>& options() const noexcept { return opt_; }
    const vector_type& theta() const noexcept { return opt_.theta; }
    /// Diagnostics of the deficit-removal step (deficit_mode::zero; empty otherwise).
    const solver_info& balance_solver() const noexcept { return balance_solver_; }
    /// max |Z − baseline().Z()| / max(Σ Z, tiny) of the table given to the constructor: 0 when its
    /// intermediate sourcing is the same for every buying sector of an economy.
    Scalar proportionality_gap() const noexcept { return gap_; }
    /// Rows (region-sectors) with output but value added ≤ 0 (kept with β ≤ 0; see the docs).
    const std::vector<index_t>& nonpositive_value_added() const noexcept { return nonpositive_va_; }
    /// Rows whose negative final demand was clipped to 0 (their balanced output would be negative).
    const std::vector<index_t>& clipped_rows() const noexcept { return clipped_rows_; }
    /// Baseline shares: J matrices N x N (rows exporters, columns importers).
    const std::vector<matrix_type>& final_shares() const noexcept { return piF_; }
    const std::vector<matrix_type>& intermediate_shares() const noexcept { return piI_; }

    /// Solves the equilibrium for cost changes κ̂, warm-started from `warm` when given (an
    /// equilibrium of this model, e.g. the previous year of a path).
    /// Never throws on non-convergence: see equilibrium::solver.
    /// @throws dimension_error (κ̂ sizes), domain_error (non-finite or non-positive κ̂, naming the
    ///         sector, use and pair).
    equilibrium<Scalar> solve(const cost_hats<Scalar>& k, const equilibrium<Scalar>* warm = nullptr) const {
        return solve(k, supply_hats<Scalar>{}, warm);
    }

    /// As solve(k, warm), with productivity changes Â and labour-supply changes L̂ (`supply_hats`;
    /// with none, the same solution as solve(k, warm)). The numeraire is world nominal GDP:
    /// Σ_n ŵ_n L̂_n VA_n = Σ_n VA_n.
    /// @throws as solve(k, warm); dimension_error (Â not of size N J, L̂ not of size N),
    ///         domain_error (Â or L̂ non-positive or not finite, naming the region-sector or economy).
    equilibrium<Scalar> solve(const cost_hats<Scalar>& k, const supply_hats<Scalar>& z,
                              const equilibrium<Scalar>* warm = nullptr) const;

  private:
    struct work {
        std::vector<matrix_type> AF, AI; // π^u ∘ κ̂^(−θ), N x N per sector
        matrix_type E, phiF, phiI, lPI, LCn, Fp, Mp, Xn, Xc, t1, t2;
        vector_type lw, wage, inc;
        vector_type lA; // n, ln Â
        vector_type LV; // N, L̂_n VA_n (labour supply at baseline wages)
    };

    void calibrate(const mrio<Scalar>& table) {
        const char* func = "multisector_model";
        N_ = table.num_regions();
        J_ = table.num_sectors();
        const index_t N = N_, J = J_, n = N * J;
        const auto& lab = table.labels();
        const matrix_type& Z = table.Z();
        detail::check_nonnegative(Z, func, "Z (intermediate use)", &lab, &lab);
        matrix_type Y = table.Y();
        nonpositive_va_.clear();
        clipped_rows_.clear();
        {
            // Negative final demand is held fixed, except in a row whose balanced output it would make
            // zero or negative: there it is clipped to 0 (the row's output is then Z·1 + Y⁺·1 ≥ 0).
            const vector_type xb = Z.rowwise().sum() + Y.rowwise().sum();
            for (index_t r = 0; r < n; ++r)
                if (xb(r) <= Scalar(0) && (Y.row(r).array() < Scalar(0)).any()) {
                    Y.row(r) = Y.row(r).cwiseMax(Scalar(0));
                    clipped_rows_.push_back(r);
                }
        }
        const matrix_type Yp = Y.cwiseMax(Scalar(0));
        Yneg_ = Y.cwiseMin(Scalar(0));
        x0_ = Z.rowwise().sum() + Y.rowwise().sum();
        const vector_type va = x0_ - Z.colwise().sum().transpose();
        for (index_t r = 0; r < n; ++r) {
            if (x0_(r) < Scalar(0))
                throw domain_error(std::string(func) + ": gross output x = Z·1 + Y·1 of " +
                                   lab[static_cast<std::size_t>(r)] + " is negative (" +
                                   detail::to_string_full(x0_(r)) + ")");
            if (x0_(r) > Scalar(0) && !(va(r) > Scalar(0))) nonpositive_va_.push_back(r);
        }
        // technology
        beta_.resize(n);
        Gam_ = matrix_type::Zero(J, n);
        for (index_t m = 0; m < N; ++m)
            for (index_t k = 0; k < J; ++k) {
                const index_t c = m * J + k;
                if (x0_(c) > Scalar(0)) {
                    beta_(c) = va(c) / x0_(c);
                    for (index_t i = 0; i < N; ++i) Gam_.col(c) += Z.col(c).segment(i * J, J);
                    Gam_.col(c) /= x0_(c);
                } else {
                    beta_(c) = Scalar(1); // zero output: drops out (ĉ = ŵ, never bought)
                }
            }
        // sourcing shares
        piI_.assign(static_cast<std::size_t>(J), matrix_type::Zero(N, N));
        piF_.assign(static_cast<std::size_t>(J), matrix_type::Zero(N, N));
        alpha_ = matrix_type::Zero(J, N);
        matrix_type Mabs = matrix_type::Zero(J, N);
        for (index_t m = 0; m < N; ++m)
            for (index_t i = 0; i < N; ++i)
                for (index_t j = 0; j < J; ++j) {
                    piI_[static_cast<std::size_t>(j)](i, m) = Z.row(i * J + j).segment(m * J, J).sum();
                    piF_[static_cast<std::size_t>(j)](i, m) = Yp(i * J + j, m);
                }
        for (index_t j = 0; j < J; ++j) {
            matrix_type& pI = piI_[static_cast<std::size_t>(j)];
            matrix_type& pF = piF_[static_cast<std::size_t>(j)];
            for (index_t m = 0; m < N; ++m) {
                const Scalar sI = pI.col(m).sum(), sF = pF.col(m).sum();
                Mabs(j, m) = sI;
                alpha_(j, m) = sF;
                if (sI > Scalar(0)) pI.col(m) /= sI;
                if (sF > Scalar(0)) pF.col(m) /= sF;
            }
        }
        VA_.resize(N);
        D_.resize(N);
        Nneg_.resize(N);
        for (index_t m = 0; m < N; ++m) {
            VA_(m) = va.segment(m * J, J).sum();
            if (!(VA_(m) > Scalar(0)))
                throw domain_error(std::string(func) + ": economy " + table.regions()[m] + " has no value added (" +
                                   detail::to_string_full(VA_(m)) + ")");
            const Scalar Fsum = alpha_.col(m).sum();
            if (!(Fsum > Scalar(0)))
                throw domain_error(std::string(func) + ": economy " + table.regions()[m] +
                                   " has no positive final expenditure");
            alpha_.col(m) /= Fsum;
            Nneg_(m) = Yneg_.col(m).sum();
            D_(m) = Y.col(m).sum() - VA_(m);
        }
        Dplus_ = D_ - Nneg_;
        worldVA_ = VA_.sum();
        negrow_ = Yneg_.rowwise().sum();
        // damping of the wage step: labour demand responds to the own wage with an elasticity of
        // at most about θ (plus the income effect)
        omega_ = Scalar(1) / (Scalar(1) + opt_.theta.maxCoeff());
        // the baseline under the model's sourcing assumption
        matrix_type Zt(n, n);
        for (index_t m = 0; m < N; ++m)
            for (index_t k = 0; k < J; ++k) {
                const index_t c = m * J + k;
                for (index_t i = 0; i < N; ++i)
                    for (index_t j = 0; j < J; ++j)
                        Zt(i * J + j, c) = piI_[static_cast<std::size_t>(j)](i, m) * Gam_(j, c) * x0_(c);
            }
        const Scalar zs = Z.sum();
        gap_ = zs > Scalar(0) ? (Zt - Z).cwiseAbs().maxCoeff() / zs : Scalar(0);
        baseline_ = mrio<Scalar>(table.regions(), table.sectors(), std::move(Zt), Y);
        economies_ = table.regions();
        sectors_ = table.sectors();
    }

    void check_hats(const cost_hats<Scalar>& k) const {
        const char* func = "multisector_model::solve";
        if (k.sectors() != J_ || static_cast<index_t>(k.intermediate.size()) != J_)
            throw dimension_error(std::string(func) + ": cost changes for " + std::to_string(k.final_use.size()) +
                                  " (final) and " + std::to_string(k.intermediate.size()) +
                                  " (intermediate) sectors, the model has " + std::to_string(J_));
        for (index_t j = 0; j < J_; ++j)
            for (purchase_use u : {purchase_use::final_use, purchase_use::intermediate}) {
                const matrix_type& m = k.at(j, u);
                const std::string what = "sector " + sectors_[j] + ", " + detail::use_name(u) + " use";
                if (m.rows() != N_ || m.cols() != N_)
                    throw dimension_error(std::string(func) + ": cost changes of " + what + " are " +
                                          std::to_string(m.rows()) + " x " + std::to_string(m.cols()) + ", expected " +
                                          std::to_string(N_) + " x " + std::to_string(N_));
                for (index_t c = 0; c < N_; ++c)
                    for (index_t r = 0; r < N_; ++r)
                        if (!(m(r, c) > Scalar(0)) || !std::isfinite(static_cast<double>(m(r, c))))
                            throw domain_error(std::string(func) + ": the cost change of " + what + " from " +
                                               economies_[r] + " to " + economies_[c] +
                                               " must be positive and finite, got " + detail::to_string_full(m(r, c)));
            }
    }

    void check_supply(const supply_hats<Scalar>& z) const {
        const char* func = "multisector_model::solve";
        const index_t n = N_ * J_;
        if (z.productivity.size() != 0 && z.productivity.size() != n)
            throw dimension_error(std::string(func) + ": productivity changes have " +
                                  std::to_string(z.productivity.size()) + " entries, the model has " +
                                  std::to_string(n) + " region-sectors");
        if (z.labour.size() != 0 && z.labour.size() != N_)
            throw dimension_error(std::string(func) + ": labour-supply changes have " +
                                  std::to_string(z.labour.size()) + " entries, the model has " + std::to_string(N_) +
                                  " economies");
        for (index_t r = 0; r < z.productivity.size(); ++r)
            if (!(z.productivity(r) > Scalar(0)) || !std::isfinite(static_cast<double>(z.productivity(r))))
                throw domain_error(std::string(func) + ": the productivity change of " + economies_[r / J_] + "_" +
                                   sectors_[r % J_] + " must be positive and finite, got " +
                                   detail::to_string_full(z.productivity(r)));
        for (index_t m = 0; m < z.labour.size(); ++m)
            if (!(z.labour(m) > Scalar(0)) || !std::isfinite(static_cast<double>(z.labour(m))))
                throw domain_error(std::string(func) + ": the labour-supply change of " + economies_[m] +
                                   " must be positive and finite, got " + detail::to_string_full(z.labour(m)));
    }

    void prepare(const cost_hats<Scalar>& k, work& w) const {
        w.AF.resize(static_cast<std::size_t>(J_));
        w.AI.resize(static_cast<std::size_t>(J_));
        for (index_t j = 0; j < J_; ++j) {
            const auto jj = static_cast<std::size_t>(j);
            const Scalar th = opt_.theta(j);
            w.AF[jj] = piF_[jj].cwiseProduct((k.final_use[jj].array().log() * (-th)).exp().matrix());
            w.AI[jj] = piI_[jj].cwiseProduct((k.intermediate[jj].array().log() * (-th)).exp().matrix());
        }
        const index_t N = N_, J = J_;
        w.E.resize(J, N);
        w.phiF.resize(J, N);
        w.phiI.resize(J, N);
        w.lPI.resize(J, N);
        w.LCn.resize(J, N);
        w.Fp.resize(J, N);
        w.Mp.resize(J, N);
        w.Xn.resize(J, N);
        w.Xc.resize(J, N);
        w.t1.resize(J, N);
        w.t2.resize(J, N);
    }

    /// Prices from the state: E = ĉ^(−θ), Φ^u, ln P̂^I.
    void prices(const Eigen::Ref<const vector_type>& lc, work& w) const {
        const index_t N = N_, J = J_;
        const Eigen::Map<const matrix_type> LC(lc.data(), J, N);
        for (index_t j = 0; j < J; ++j) {
            const auto jj = static_cast<std::size_t>(j);
            w.E.row(j) = (LC.row(j).array() * (-opt_.theta(j))).exp().matrix();
            w.phiF.row(j).noalias() = w.E.row(j) * w.AF[jj];
            w.phiI.row(j).noalias() = w.E.row(j) * w.AI[jj];
        }
        for (index_t m = 0; m < N; ++m)
            for (index_t j = 0; j < J; ++j)
                w.lPI(j, m) = w.phiI(j, m) > Scalar(0) ? -std::log(w.phiI(j, m)) / opt_.theta(j) : Scalar(0);
    }

    /// Goods-market right-hand side for x' (J x N map Xc): writes the new x' into w.Xn.
    void goods(const vector_type& lw, const matrix_type& Xc, work& w) const {
        const index_t N = N_, J = J_;
        for (index_t m = 0; m < N; ++m) {
            const Scalar spend = std::exp(lw(m)) * w.LV(m) + Dplus_(m);
            w.Fp.col(m) = alpha_.col(m) * spend;
            w.Mp.col(m).noalias() = Gam_.middleCols(m * J, J) * Xc.col(m);
        }
        for (index_t m = 0; m < N; ++m)
            for (index_t j = 0; j < J; ++j) {
                w.t1(j, m) = w.phiF(j, m) > Scalar(0) ? w.Fp(j, m) / w.phiF(j, m) : Scalar(0);
                w.t2(j, m) = w.phiI(j, m) > Scalar(0) ? w.Mp(j, m) / w.phiI(j, m) : Scalar(0);
            }
        for (index_t j = 0; j < J; ++j) {
            const auto jj = static_cast<std::size_t>(j);
            w.Xn.row(j).noalias() = w.t1.row(j) * w.AF[jj].transpose();
            w.Xn.row(j).noalias() += w.t2.row(j) * w.AI[jj].transpose();
        }
        const Eigen::Map<const matrix_type> NR(negrow_.data(), J, N);
        w.Xn = w.Xn.cwiseProduct(w.E) + NR;
    }

    void step(const vector_type& s, vector_type& out, work& w) const {
        const index_t N = N_, J = J_, n = N * J;
        const vector_type lw = s.head(N);
        prices(s.segment(N, n), w);
        // unit costs
        Eigen::Map<matrix_type> LCn(out.data() + N, J, N);
        const Eigen::Map<const matrix_type> B(beta_.data(), J, N);
        const Eigen::Map<const matrix_type> LA(w.lA.data(), J, N);
        for (index_t m = 0; m < N; ++m) {
            LCn.col(m) = B.col(m) * lw(m) - LA.col(m);
            LCn.col(m).noalias() += Gam_.middleCols(m * J, J).transpose() * w.lPI.col(m);
        }
        // goods market (one Jacobi step)
        const Eigen::Map<const matrix_type> X0(x0_.data(), J, N);
        const Eigen::Map<const matrix_type> XH(s.data() + N + n, J, N);
        w.Xc = XH.cwiseProduct(X0);
        goods(lw, w.Xc, w);
        Eigen::Map<matrix_type> XHn(out.data() + N + n, J, N);
        for (index_t m = 0; m < N; ++m)
            for (index_t j = 0; j < J; ++j) XHn(j, m) = X0(j, m) > Scalar(0) ? w.Xn(j, m) / X0(j, m) : Scalar(1);
        // labour market: damped move of ln ŵ towards ln(labour income / labour supply), then the numeraire
        Scalar tot(0);
        for (index_t m = 0; m < N; ++m) {
            Scalar ld(0);
            for (index_t k = 0; k < J; ++k) ld += B(k, m) * w.Xn(k, m);
            const Scalar target = ld > Scalar(0) ? std::log(ld / w.LV(m)) : lw(m) - Scalar(1);
            out(m) = lw(m) + omega_ * (target - lw(m));
            tot += std::exp(out(m)) * w.LV(m);
        }
        out.head(N).array() -= std::log(tot / worldVA_);
    }

    equilibrium<Scalar> finish(const vector_type& s, work& w, solver_info info) const {
        const index_t N = N_, J = J_, n = N * J;
        equilibrium<Scalar> eq;
        eq.economies = economies_;
        eq.sectors = sectors_;
        const vector_type lw = s.head(N);
        prices(s.segment(N, n), w);
        const Eigen::Map<const matrix_type> X0(x0_.data(), J, N);
        const Eigen::Map<const matrix_type> XH(s.data() + N + n, J, N);
        w.Xc = XH.cwiseProduct(X0);
        goods(lw, w.Xc, w);
        // residuals
        const Eigen::Map<const matrix_type> B(beta_.data(), J, N);
        const Eigen::Map<const matrix_type> LC(s.data() + N, J, N);
        const Eigen::Map<const matrix_type> LA(w.lA.data(), J, N);
        Scalar rl(0), rp(0);
        for (index_t m = 0; m < N; ++m) {
            const Scalar ld = B.col(m).dot(w.Xc.col(m));
            rl = std::max(rl, std::abs(std::exp(lw(m)) * w.LV(m) - ld) / worldVA_);
            const vector_type lcn = B.col(m) * lw(m) - LA.col(m) + Gam_.middleCols(m * J, J).transpose() * w.lPI.col(m);
            rp = std::max(rp, (lcn - LC.col(m)).cwiseAbs().maxCoeff());
        }
        const Scalar rg = (w.Xn - w.Xc).cwiseAbs().maxCoeff() / std::max(x0_.sum(), std::numeric_limits<Scalar>::min());
        const Scalar res = std::max(rl, std::max(rg, rp));
        info.residual = static_cast<double>(res);
        if (info.converged && !(res <= Scalar(100) * opt_.tol)) {
            info.converged = false;
            info.message = "the fixed point stalled with residual " + detail::to_string_full(res);
        }
        if (!std::isfinite(info.residual)) {
            info.converged = false;
            if (info.message.empty()) info.message = "the equilibrium has non-finite values";
        }
        eq.solver = info;
        eq.wage_hat = lw.array().exp().matrix();
        eq.unit_cost_hat = s.segment(N, n).array().exp().matrix();
        eq.input_price_hat = w.lPI.array().exp().matrix();
        eq.final_price_hat.resize(J, N);
        for (index_t m = 0; m < N; ++m)
            for (index_t j = 0; j < J; ++j)
                eq.final_price_hat(j, m) =
                    w.phiF(j, m) > Scalar(0) ? std::pow(w.phiF(j, m), Scalar(-1) / opt_.theta(j)) : Scalar(1);
        eq.income_hat.resize(N);
        eq.price_hat.resize(N);
        for (index_t m = 0; m < N; ++m) {
            eq.income_hat(m) = (eq.wage_hat(m) * w.LV(m) + D_(m)) / (VA_(m) + D_(m));
            Scalar lp(0);
            for (index_t j = 0; j < J; ++j) lp += alpha_(j, m) * std::log(eq.final_price_hat(j, m));
            eq.price_hat(m) = std::exp(lp);
        }
        eq.welfare_hat = eq.income_hat.cwiseQuotient(eq.price_hat);
        // counterfactual table (w.Fp holds F' from goods())
        matrix_type Zp(n, n), Yp(n, N);
        for (index_t m = 0; m < N; ++m) {
            for (index_t i = 0; i < N; ++i)
                for (index_t j = 0; j < J; ++j) {
                    const auto jj = static_cast<std::size_t>(j);
                    const Scalar e = w.E(j, i);
                    const Scalar pI = w.phiI(j, m) > Scalar(0) ? w.AI[jj](i, m) * e / w.phiI(j, m) : Scalar(0);
                    const Scalar pF = w.phiF(j, m) > Scalar(0) ? w.AF[jj](i, m) * e / w.phiF(j, m) : Scalar(0);
                    Yp(i * J + j, m) = pF * w.Fp(j, m) + Yneg_(i * J + j, m);
                    const index_t r = i * J + j;
                    for (index_t k = 0; k < J; ++k) Zp(r, m * J + k) = pI * Gam_(j, m * J + k) * w.Xc(k, m);
                }
        }
        if (!Zp.allFinite() || !Yp.allFinite()) {
            // a failed solve (e.g. an extrapolation that left the domain): report it, never throw;
            // the table is then the baseline and the hats are those of the last iterate
            eq.solver.converged = false;
            if (eq.solver.message.empty() || info.converged)
                eq.solver.message = "the equilibrium has non-finite values (no equilibrium found)";
            eq.solver.residual = std::numeric_limits<double>::infinity();
            eq.table = baseline_;
            return eq;
        }
        eq.table = mrio<Scalar>(economies_, sectors_, std::move(Zp), std::move(Yp));
        return eq;
    }

    model_options<Scalar> opt_;
    index_t N_ = 0, J_ = 0;
    economy_index economies_;
    sector_index sectors_;
    mrio<Scalar> baseline_;
    vector_type x0_, beta_, VA_, D_, Dplus_, Nneg_, negrow_;
    matrix_type Gam_, alpha_, Yneg_;
    std::vector<matrix_type> piI_, piF_;
    Scalar worldVA_ = 0, omega_ = 1, gap_ = 0;
    solver_info balance_solver_;
    std::vector<index_t> nonpositive_va_, clipped_rows_;
};

template <class Scalar>
equilibrium<Scalar> multisector_model<Scalar>::solve(const cost_hats<Scalar>& k, const supply_hats<Scalar>& z,
                                                     const equilibrium<Scalar>* warm) const {
    check_hats(k);
    check_supply(z);
    work w;
    prepare(k, w);
    w.lA = z.productivity.size() ? vector_type(z.productivity.array().log().matrix()) : vector_type::Zero(N_ * J_);
    w.LV = z.labour.size() ? vector_type(z.labour.cwiseProduct(VA_)) : VA_;
    const index_t n = N_ * J_, S = N_ + 2 * n;
    vector_type s = vector_type::Zero(S);
    s.tail(n).setOnes();
    if (warm && warm->wage_hat.size() == N_ && warm->unit_cost_hat.size() == n && warm->table.n() == n &&
        warm->wage_hat.allFinite() && warm->unit_cost_hat.allFinite() && (warm->wage_hat.array() > 0).all() &&
        (warm->unit_cost_hat.array() > 0).all()) {
        s.head(N_) = warm->wage_hat.array().log().matrix();
        s.segment(N_, n) = warm->unit_cost_hat.array().log().matrix();
        for (index_t r = 0; r < n; ++r) s(N_ + n + r) = x0_(r) > Scalar(0) ? warm->table.x()(r) / x0_(r) : Scalar(1);
    }
    solver_options so;
    so.max_iter = opt_.max_iter;
    so.tol = static_cast<double>(opt_.tol);
    so.anderson_depth = opt_.anderson_depth;
    so.damping = 1.0;
    auto g = [&](const vector_type& in, vector_type& out) { step(in, out, w); };
    solver_info info = anderson_fixed_point<Scalar>(g, s, so);
    return finish(s, w, info);
}

template <class Scalar>
multisector_model<Scalar>::multisector_model(const mrio<Scalar>& table, model_options<Scalar> options)
    : opt_(std::move(options)) {
    const char* func = "multisector_model";
    const index_t J = table.num_sectors();
    if (opt_.theta.size() == 0) {
        opt_.theta.resize(J);
        for (index_t j = 0; j < J; ++j) opt_.theta(j) = default_theta<Scalar>(table.sectors().kind(j));
    }
    if (opt_.theta.size() != J)
        throw dimension_error(std::string(func) + ": theta has " + std::to_string(opt_.theta.size()) +
                              " entries but the table has " + std::to_string(J) + " sectors");
    for (index_t j = 0; j < J; ++j)
        if (!(opt_.theta(j) > Scalar(0)) || !std::isfinite(static_cast<double>(opt_.theta(j))))
            throw domain_error(std::string(func) + ": theta of sector " + table.sectors()[j] +
                               " must be positive and finite, got " + detail::to_string_full(opt_.theta(j)));
    if (opt_.deficits == deficit_mode::multiplicative)
        throw usage_error(std::string(func) + ": deficit_mode::multiplicative is not supported by the "
                                              "multi-sector model (use keep or zero)");
    if (opt_.max_iter < 1) throw usage_error(std::string(func) + ": max_iter must be at least 1");
    if (!(opt_.tol > Scalar(0))) throw usage_error(std::string(func) + ": tol must be positive");
    calibrate(table);
    if (opt_.deficits == deficit_mode::zero) {
        // DEK (2008), as ge/hat_algebra.hpp: first remove the deficits with unchanged costs, then
        // recalibrate on that balanced-trade equilibrium; every result is relative to it.
        Dplus_ = -Nneg_; // D = 0: final spending ŵ VA, inventories still fixed
        equilibrium<Scalar> e0 = solve(cost_hats<Scalar>::ones(N_, J_));
        balance_solver_ = e0.solver;
        if (!e0.solver.converged)
            throw convergence_error(std::string(func) +
                                        ": removing the deficits did not converge: " + e0.solver.message,
                                    e0.solver.iterations, e0.solver.residual);
        calibrate(e0.table);
    }
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE multisector_model<double>::multisector_model(const mrio<double>&, model_options<double>);
UNBUNDLE_EXTERN_TEMPLATE equilibrium<double> multisector_model<double>::solve(const cost_hats<double>&,
                                                                              const supply_hats<double>&,
                                                                              const equilibrium<double>*) const;
} // namespace unbundle
#endif
