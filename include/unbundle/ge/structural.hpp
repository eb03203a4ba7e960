#pragma once
/// @file ge/structural.hpp
/// Counterfactuals of the one-sector structural gravity model in the three stages of Yotov,
/// Piermartini, Monteiro & Larch (2016): partial (direct) effect, conditional GE (resistances
/// re-solved, Y and E fixed) and full-endowment GE (factory-gate prices, output and expenditure adjust).
///
/// Inputs are those of USITC gegravity (Herman 2021): t_ij^(1−σ) = exp(Σ_k β_k x_ijk) in the baseline
/// and the experiment, output Y_i and expenditure E_j, σ and a reference importer (P_ref = 1).
/// Modelled flows: X_ij = T_ij E_j (Y_i / Σ Y) / (Π_i^(1−σ) P_j^(1−σ)).
///
/// Two full-GE closures:
///  - `gegravity` (default): the system of gegravity 0.3 `OneSectorGE.simulate()`: the resistances solve
///    the MR equations with the experiment costs and baseline output/expenditure shares, and the
///    factory-gate price follows p_i^(1−σ) = Π_i^(1−σ) / Π_i'^(1−σ) (its `_full_ge`); then Y' = p Y,
///    E' = φ Y' with φ = E / Y. Results reproduce gegravity's to its solver tolerance.
///  - `full_endowment`: the exact equilibrium of the endowment economy (Anderson & Yotov 2016; Larch &
///    Yotov 2016): Y'_i = p_i Y_i, E'_j = φ_j Y'_j, resistances with the new shares and
///    p_i^(1−σ) = (Y'_i / Y') / (Y_i / Y) · Π_i^(1−σ) / Π_i'^(1−σ). It is solved in changes (exact hat
///    algebra with multiplicative imbalances on the modelled baseline flows) and mapped back to levels
///    with P'_ref = 1. Imports clear exactly (Σ_i X'_ij = E'_j); sales are Σ_j X'_ij = λ Y'_i with one
///    λ = Σ E' / Σ Y' for all exporters, not Y'_i: with E' = φ Y' and φ fixed, world expenditure
///    Σ φ_j p_j Y_j equals world output Σ p_i Y_i only when every p_i moves alike (the same holds in
///    hat_algebra.hpp's multiplicative mode and ge_gravity's `mult`): λ − 1 = Σ_j (p_j − 1) D_j / Σ p_i Y_i
///    with D = E − Y (Σ D = 0), the price changes weighted by the imbalances (1e-5 for a 40% cost cut
///    between two of five economies).
///
/// Reported as gegravity does: percent changes of factory-gate price, OMR, IMR, real GDP (Y/P),
/// terms of trade (p/P), output, expenditure, foreign exports and imports, intranational trade; the
/// welfare statistic (E/P)/(E'/P') of gegravity. Welfare, the change of real expenditure E/P, is a
/// gross ratio (E'/P')/(E/P) as in every GE result (docs/ge.md).

#include "../config.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"
#include "../fwd.hpp"
#include "hat_algebra.hpp"
#include "resistances.hpp"
#include "solver.hpp"

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <vector>

namespace unbundle {

/// The full-GE system to solve.
enum class structural_closure {
    gegravity,     ///< gegravity 0.3's system (MRs with baseline shares, p from the OMR ratio)
    full_endowment ///< the exact endowment-economy equilibrium (Anderson & Yotov 2016)
};

inline const char* to_string(structural_closure c) {
    return c == structural_closure::gegravity ? "gegravity" : "full_endowment";
}

/// Settings of a structural gravity counterfactual.
struct structural_options {
    structural_closure closure = structural_closure::gegravity;
    solver_options solver{};       ///< Newton settings of every stage (tol on the max log residual)
    bool throw_on_failure = false; ///< throw convergence_error when a stage does not converge
};

/// A solved baseline: data, costs and multilateral resistances.
template <class Scalar = double> struct structural_baseline {
    std::vector<std::string> names; ///< economy codes (may be empty)
    matrix_x<Scalar> t_pow;         ///< T = t^(1−σ), N x N
    vector_x<Scalar> Y, E;          ///< output and expenditure
    Scalar sigma = 5;
    index_t reference = 0;
    resistances<Scalar> mr; ///< baseline resistances
    matrix_x<Scalar> X;     ///< modelled baseline flows
    index_t size() const { return Y.size(); }
};

/// Results of the three stages for every economy (vectors of size N) and pair (N x N).
template <class Scalar = double> struct structural_results {
    // Levels
    resistances<Scalar> conditional; ///< resistances with experiment costs, baseline Y and E
    vector_x<Scalar> omr1, imr1;     ///< full-GE Π' and P'
    vector_x<Scalar> factory_price;  ///< p' (baseline 1)
    vector_x<Scalar> Y1, E1;         ///< full-GE output and expenditure
    matrix_x<Scalar> X_partial;      ///< direct effect: X ∘ T'/T
    matrix_x<Scalar> X_conditional;  ///< conditional-GE flows
    matrix_x<Scalar> X1;             ///< full-GE flows
    // Percent changes (as gegravity's country_results)
    vector_x<Scalar> factory_price_pct, omr_pct, imr_pct, gdp_pct, terms_of_trade_pct, output_pct, expenditure_pct,
        foreign_exports_pct, foreign_imports_pct, exports_pct, imports_pct, intranational_pct;
    vector_x<Scalar> welfare;      ///< change in real expenditure (E'/P') / (E/P), a gross ratio (1 = unchanged)
    vector_x<Scalar> welfare_stat; ///< gegravity's own statistic (E/P) / (E'/P') = 1 / welfare
    vector_x<Scalar> conditional_imr_pct, conditional_omr_pct;
    Scalar world_trade_pct = 0; ///< change in world foreign trade
    Scalar world_welfare = 1;   ///< change in Σ E/P (world real expenditure), a gross ratio
    solver_info info;           ///< the worst-converged stage (iterations summed)
};

namespace detail {
template <class Dep = void>
inline void merge_info(detail::dependent_t<solver_info, Dep>& into, const detail::dependent_t<solver_info, Dep>& from,
                       const detail::dependent_t<char, Dep>* stage) {
    into.iterations += from.iterations;
    into.residual = std::max(into.residual, from.residual);
    if (!from.converged) {
        into.converged = false;
        if (!into.message.empty()) into.message += "; ";
        into.message += std::string(stage) + ": " + from.message;
    }
}

template <class Scalar>
matrix_x<Scalar> modelled_flows(const matrix_x<Scalar>& T, const vector_x<Scalar>& Y, const vector_x<Scalar>& E,
                                const resistances<Scalar>& mr) {
    const vector_x<Scalar> rowf = (Y / Y.sum()).cwiseQuotient(mr.omr_pow);
    const vector_x<Scalar> colf = E.cwiseQuotient(mr.imr_pow);
    return rowf.asDiagonal() * T * colf.asDiagonal();
}

template <class Scalar> Scalar pct(Scalar a, Scalar b) { return Scalar(100) * (a - b) / b; }
} // namespace detail

/// Solves the baseline resistances and modelled flows.
/// @param t_pow      baseline T = t^(1−σ) (N x N, ≥ 0, rows exporters).
/// @param output     Y_i > 0;  @param expenditure E_j > 0;  @param sigma σ > 1.
/// @param reference  position of the reference importer (P_ref = 1).
/// @throws dimension_error, domain_error, key_error on bad input; convergence_error only if asked.
template <class DT, class DY, class DE, class Scalar = typename DT::Scalar>
structural_baseline<Scalar> make_structural_baseline(
    const Eigen::MatrixBase<DT>& t_pow, const Eigen::MatrixBase<DY>& output, const Eigen::MatrixBase<DE>& expenditure,
    Scalar sigma, index_t reference,
    std::vector<std::string> names = {}, // NOLINT(performance-unnecessary-value-param): a sink, moved into the result
    const structural_options& opt = {}) {
    structural_baseline<Scalar> b;
    b.names = std::move(names);
    const std::vector<std::string>* nm = b.names.empty() ? nullptr : &b.names;
    b.mr = solve_resistances(t_pow, output, expenditure, sigma, reference, opt.solver, nm);
    b.t_pow = t_pow;
    b.Y = output;
    b.E = expenditure;
    b.sigma = sigma;
    b.reference = reference;
    b.X = detail::modelled_flows<Scalar>(b.t_pow, b.Y, b.E, b.mr);
    if (!b.mr.info.converged && opt.throw_on_failure)
        throw convergence_error("make_structural_baseline: baseline multilateral resistances did not converge: " +
                                    b.mr.info.message,
                                b.mr.info.iterations, b.mr.info.residual);
    return b;
}

/// Simulates a change of t^(1−σ) from the baseline's to `t_pow_new` (same shape).
/// @throws dimension_error, domain_error on bad input; convergence_error only if `opt.throw_on_failure`.
template <class Scalar, class DT>
structural_results<Scalar> simulate(const structural_baseline<Scalar>& b, const Eigen::MatrixBase<DT>& t_pow_new,
                                    const structural_options& opt = {}) {
    const char* func = "structural simulate";
    const index_t n = b.size();
    const std::vector<std::string>* nm = b.names.empty() ? nullptr : &b.names;
    detail::check_same_size(b.t_pow, t_pow_new, func, "baseline costs", "experiment costs");
    const matrix_x<Scalar> T1 = t_pow_new;
    structural_results<Scalar> r;
    r.info.converged = true;
    detail::merge_info(r.info, b.mr.info, "baseline resistances");

    // Partial effect.
    r.X_partial = b.X.cwiseProduct(
        T1.cwiseQuotient(b.t_pow).unaryExpr([](Scalar v) { return std::isfinite(v) ? v : Scalar(1); }));

    // Conditional GE.
    r.conditional = solve_resistances(T1, b.Y, b.E, b.sigma, b.reference, opt.solver, nm, &b.mr);
    detail::merge_info(r.info, r.conditional.info, "conditional resistances");
    r.X_conditional = detail::modelled_flows<Scalar>(T1, b.Y, b.E, r.conditional);
    const Scalar inv = Scalar(1) / (Scalar(1) - b.sigma);

    if (opt.closure == structural_closure::gegravity) {
        r.omr1 = r.conditional.omr;
        r.imr1 = r.conditional.imr;
        r.factory_price = b.mr.omr_pow.cwiseQuotient(r.conditional.omr_pow).array().pow(inv);
        r.Y1 = r.factory_price.cwiseProduct(b.Y);
        r.E1 = r.factory_price.cwiseProduct(b.E);
        const vector_x<Scalar> rowf = (r.Y1 / r.Y1.sum()).cwiseQuotient(r.conditional.omr_pow);
        const vector_x<Scalar> colf = r.E1.cwiseQuotient(r.conditional.imr_pow);
        r.X1 = rowf.asDiagonal() * T1 * colf.asDiagonal();
    } else {
        // Exact endowment equilibrium, solved in changes on the modelled baseline flows.
        hat_options ho;
        ho.theta = static_cast<double>(b.sigma - 1);
        ho.deficits = deficit_mode::multiplicative;
        ho.closure = ge_closure::full;
        ho.solver = opt.solver;
        const matrix_x<Scalar> That =
            T1.cwiseQuotient(b.t_pow).unaryExpr([](Scalar v) { return std::isfinite(v) && v > 0 ? v : Scalar(1); });
        const hat_result<Scalar> h = solve_hat_algebra(b.X, That, ho, nm);
        detail::merge_info(r.info, h.info, "full-endowment equilibrium");
        // Nominal normalisation P'_ref = 1: scale nominal values by c = 1 / P̂_ref (Σ Y is the numeraire in h).
        const Scalar c = Scalar(1) / h.P_hat(b.reference);
        r.factory_price = c * h.w_hat;
        r.imr1 = c * h.P_hat.cwiseProduct(b.mr.imr);
        r.Y1 = r.factory_price.cwiseProduct(b.Y);
        r.E1 = r.factory_price.cwiseProduct(b.E);
        // Outward resistances from their defining equation with the new shares.
        const vector_x<Scalar> imr_pow1 = r.imr1.array().pow(Scalar(1) - b.sigma);
        const vector_x<Scalar> e1 = r.E1 / r.E1.sum();
        const vector_x<Scalar> omr_pow1 = T1 * e1.cwiseQuotient(imr_pow1);
        r.omr1 = omr_pow1.array().pow(inv);
        const vector_x<Scalar> rowf = (r.Y1 / r.Y1.sum()).cwiseQuotient(omr_pow1);
        const vector_x<Scalar> colf = r.E1.cwiseQuotient(imr_pow1);
        r.X1 = rowf.asDiagonal() * T1 * colf.asDiagonal();
    }

    // Country results as gegravity reports them.
    r.factory_price_pct = (r.factory_price.array() - 1) * 100;
    r.omr_pct.resize(n);
    r.imr_pct.resize(n);
    r.gdp_pct.resize(n);
    r.terms_of_trade_pct.resize(n);
    r.output_pct.resize(n);
    r.expenditure_pct.resize(n);
    r.foreign_exports_pct.resize(n);
    r.foreign_imports_pct.resize(n);
    r.exports_pct.resize(n);
    r.imports_pct.resize(n);
    r.intranational_pct.resize(n);
    r.welfare_stat.resize(n);
    r.welfare.resize(n);
    r.conditional_imr_pct.resize(n);
    r.conditional_omr_pct.resize(n);
    Scalar w0 = 0, w1 = 0, ft0 = 0, ft1 = 0;
    for (index_t i = 0; i < n; ++i) {
        r.omr_pct(i) = detail::pct(r.omr1(i), b.mr.omr(i));
        r.imr_pct(i) = detail::pct(r.imr1(i), b.mr.imr(i));
        r.conditional_omr_pct(i) = detail::pct(r.conditional.omr(i), b.mr.omr(i));
        r.conditional_imr_pct(i) = detail::pct(r.conditional.imr(i), b.mr.imr(i));
        r.gdp_pct(i) = detail::pct(r.Y1(i) / r.imr1(i), b.Y(i) / b.mr.imr(i));
        r.terms_of_trade_pct(i) = detail::pct(r.factory_price(i) / r.imr1(i), Scalar(1) / b.mr.imr(i));
        r.output_pct(i) = detail::pct(r.Y1(i), b.Y(i));
        r.expenditure_pct(i) = detail::pct(r.E1(i), b.E(i));
        const Scalar fx0 = b.X.row(i).sum() - b.X(i, i), fx1 = r.X1.row(i).sum() - r.X1(i, i);
        const Scalar fm0 = b.X.col(i).sum() - b.X(i, i), fm1 = r.X1.col(i).sum() - r.X1(i, i);
        r.foreign_exports_pct(i) = detail::pct(fx1, fx0);
        r.foreign_imports_pct(i) = detail::pct(fm1, fm0);
        r.exports_pct(i) = detail::pct(r.X1.row(i).sum(), b.X.row(i).sum());
        r.imports_pct(i) = detail::pct(r.X1.col(i).sum(), b.X.col(i).sum());
        r.intranational_pct(i) = detail::pct(r.X1(i, i), b.X(i, i));
        const Scalar W0 = b.E(i) / b.mr.imr(i), W1 = r.E1(i) / r.imr1(i);
        r.welfare_stat(i) = W0 / W1;
        r.welfare(i) = W1 / W0;
        w0 += W0;
        w1 += W1;
        ft0 += fx0;
        ft1 += fx1;
    }
    r.world_trade_pct = detail::pct(ft1, ft0);
    r.world_welfare = w1 / w0;
    if (!r.info.converged && opt.throw_on_failure)
        throw convergence_error(std::string(func) + ": " + r.info.message, r.info.iterations, r.info.residual);
    return r;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE structural_baseline<double>
make_structural_baseline<matrix_x<double>, vector_x<double>, vector_x<double>, double>(
    const Eigen::MatrixBase<matrix_x<double>>&, const Eigen::MatrixBase<vector_x<double>>&,
    const Eigen::MatrixBase<vector_x<double>>&, double, index_t, std::vector<std::string>, const structural_options&);
UNBUNDLE_EXTERN_TEMPLATE structural_results<double>
simulate<double, matrix_x<double>>(const structural_baseline<double>&, const Eigen::MatrixBase<matrix_x<double>>&,
                                   const structural_options&);
} // namespace unbundle
#endif
