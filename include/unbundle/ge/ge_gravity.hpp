#pragma once
/// @file ge/ge_gravity.hpp
/// The general-equilibrium exercise of Stata's `ge_gravity` (Zylkin; Baier, Yotov & Zylkin 2019,
/// "On the widely differing effects of free trade agreements", JIE 116): a one-sector Armington-CES
/// model calibrated to observed flows X (domestic flows included), a "partial" effect β_ij per pair
/// (typically an FTA coefficient from PPML times a 0/1 indicator: trade costs change by T̂ = e^β),
/// and the trade elasticity θ. Imbalances are additive (E' = ŵ Y + D, the default) or multiplicative
/// (`mult`: E' = ŵ E). World output is the numeraire.
///
/// Stata iterates a fixed point to 1e-8 on log X; here the same equilibrium is solved by Newton
/// (exact hat algebra, hat_algebra.hpp) to 1e-12. Outputs follow ge_gravity:
/// welfare = (ŵ Y + D)/(Y + D) / P̂ (additive) or ŵ / P̂ (mult), real wage ŵ / P̂, nominal wage ŵ,
/// price index P̂, new trade X'.

#include "../config.hpp"
#include "../detail/check.hpp"
#include "../fwd.hpp"
#include "hat_algebra.hpp"

#include <Eigen/Core>

#include <cmath>
#include <string>
#include <vector>

namespace unbundle {

/// Per-economy and bilateral results of ge_gravity (vectors per economy as exporter).
template <class Scalar = double> struct ge_gravity_result {
    vector_x<Scalar> welfare;     ///< change in welfare (new / old)
    vector_x<Scalar> real_wage;   ///< ŵ / P̂
    vector_x<Scalar> nom_wage;    ///< ŵ
    vector_x<Scalar> price_index; ///< P̂
    matrix_x<Scalar> new_trade;   ///< X' (rows exporters)
    hat_result<Scalar> detail;    ///< the full hat-algebra solution
    solver_info info;
};

/// Settings of ge_gravity.
struct ge_gravity_options {
    double theta = 4;              ///< trade elasticity θ > 0
    bool multiplicative = false;   ///< Stata's `mult` option
    solver_options solver{};       ///< Newton settings
    bool throw_on_failure = false; ///< throw convergence_error when Newton does not converge
};

/// Runs ge_gravity on a square flow matrix and a matrix of partial effects β (diagonal ignored, as
/// Stata sets it to zero with a warning).
/// @throws dimension_error, domain_error (negative, missing or zero domestic flows; θ ≤ 0; NaN β).
template <class DX, class DB, class Scalar = typename DX::Scalar>
ge_gravity_result<Scalar> ge_gravity(const Eigen::MatrixBase<DX>& flows, const Eigen::MatrixBase<DB>& beta,
                                     const ge_gravity_options& opt = {},
                                     const std::vector<std::string>* names = nullptr) {
    detail::check_same_size(flows, beta, "ge_gravity", "flows", "beta");
    detail::check_finite(beta, "ge_gravity", "beta", names, names);
    matrix_x<Scalar> b = beta;
    b.diagonal().setZero();
    hat_options ho;
    ho.theta = opt.theta;
    ho.deficits = opt.multiplicative ? deficit_mode::multiplicative : deficit_mode::keep;
    ho.closure = ge_closure::full;
    ho.solver = opt.solver;
    ho.throw_on_failure = opt.throw_on_failure;
    const matrix_x<Scalar> That = b.array().exp().matrix();
    ge_gravity_result<Scalar> r;
    r.detail = solve_hat_algebra(flows, That, ho, names);
    const auto& h = r.detail;
    r.info = h.info;
    r.nom_wage = h.w_hat;
    r.price_index = h.P_hat;
    r.real_wage = h.real_wage;
    r.new_trade = h.X1;
    if (opt.multiplicative)
        r.welfare = h.real_wage;
    else
        r.welfare = (h.Y0.cwiseProduct(h.w_hat) + h.D0).cwiseQuotient(h.Y0 + h.D0).cwiseQuotient(h.P_hat);
    return r;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE ge_gravity_result<double>
ge_gravity<matrix_x<double>, vector_x<double>, double>(const Eigen::MatrixBase<matrix_x<double>>&,
                                                       const Eigen::MatrixBase<vector_x<double>>&,
                                                       const ge_gravity_options&, const std::vector<std::string>*);
} // namespace unbundle
#endif
