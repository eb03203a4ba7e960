#pragma once
/// @file gravity/feols.hpp
/// Linear regression with high-dimensional fixed effects (the within estimator; Frisch–Waugh–
/// Lovell): y and x are partialled out of the fixed effects by the same weighted projection as
/// PPML, then b = (X~' W X~)^-1 X~' W y~. The variance uses the formulas of vcov.hpp with
/// scores X~_n w_n e_n; iid: V = s^2 (X~' W X~)^-1 with s^2 = sum w e^2 / (n - K).

#include "../config.hpp"
#include "ppml.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace unbundle {

/// Weighted least squares with fixed effects on arrays (see `ppml` for the conventions). Uses the
/// options of ppml_options that apply (inner_tol, drop_singletons, collinear_tol, ssc, frame).
template <class Dep = void>
hdfe_result feols(detail::dependent_t<hdfe_problem, Dep> p, const ppml_options& opt = {}, vcov_spec spec = {}) {
    using real = detail::dependent_t<double, Dep>;
    const auto t0 = std::chrono::steady_clock::now();
    const char* func = "feols";
    detail::dependent_t<hdfe_result, Dep> res;
    res.model = "feols";
    detail::normalise_problem(p, func);
    detail::resolve_vcov(p, spec, func);
    detail::prepare_sample(p, false, opt, res.dropped, res.notes, func, &res.separated_rows, &res.singleton_rows);
    if (p.offset.size()) {
        detail::check_finite(p.offset, func, "offset");
        p.y -= p.offset;
    }
    const index_t N = p.nobs(), K0 = p.X.cols();
    const bool weighted = p.weights.size() > 0;
    const double* w = weighted ? p.weights.data() : nullptr;
    fe_projector proj(p.fe);
    proj.set_weights(w);
    matrix_x<real> V(N, 1 + K0), Vt(N, 1 + K0), alpha;
    V.col(0) = p.y;
    V.rightCols(K0) = p.X;
    projection_options popt;
    popt.tol = opt.inner_tol;
    popt.max_iter = opt.inner_max_iter;
    const solver_info pinfo = proj.partial_out(V, alpha, Vt, popt);
    res.info = pinfo;
    // collinearity
    std::vector<index_t> kept;
    if (K0 > 0) {
        const matrix_x<real> G = detail::weighted_gram(Vt.rightCols(K0), w);
        vector_x<real> ref(K0);
        for (index_t k = 0; k < K0; ++k)
            ref(k) = weighted ? (V.col(k + 1).array().square() * p.weights.array()).sum() : V.col(k + 1).squaredNorm();
        const std::vector<char> keepc = detail::screen_collinear(G, ref, opt.collinear_tol);
        for (index_t k = 0; k < K0; ++k) {
            if (keepc[static_cast<std::size_t>(k)])
                kept.push_back(k);
            else {
                res.collinear.push_back(p.names[static_cast<std::size_t>(k)]);
                res.notes.push_back("variable '" + res.collinear.back() + "' dropped because of collinearity");
            }
        }
    }
    const auto K = static_cast<index_t>(kept.size());
    matrix_x<real> Xt(N, K), a2(1 + K, alpha.cols());
    a2.row(0) = alpha.row(0);
    for (index_t j = 0; j < K; ++j) {
        Xt.col(j) = Vt.col(kept[static_cast<std::size_t>(j)] + 1);
        a2.row(j + 1) = alpha.row(kept[static_cast<std::size_t>(j)] + 1);
        res.names.push_back(p.names[static_cast<std::size_t>(kept[static_cast<std::size_t>(j)])]);
    }
    const vector_x<real> yt = Vt.col(0);
    V.resize(0, 0);
    Vt.resize(0, 0);
    vector_x<real> b(K);
    if (K > 0) {
        const matrix_x<real> G = detail::weighted_gram(Xt, w);
        const vector_x<real> rhs = weighted ? vector_x<real>(Xt.transpose() * (p.weights.array() * yt.array()).matrix())
                                            : vector_x<real>(Xt.transpose() * yt);
        b = detail::wls_solve(G, rhs, func);
    }
    const vector_x<real> e = K > 0 ? vector_x<real>(yt - Xt * b) : yt;
    res.coef = b;
    res.iterations = 1;
    res.converged = pinfo.converged;
    if (!pinfo.converged && opt.throw_on_nonconvergence)
        throw convergence_error(pinfo.message, pinfo.iterations, pinfo.residual);
    res.nobs = N;
    res.nobs_total = N + res.dropped.total();
    res.rows = p.rows;
    double ssr = 0, sw = 0, sy = 0, tss_within = 0;
    for (index_t n = 0; n < N; ++n) {
        const double wn = weighted ? p.weights(n) : 1.0;
        ssr += wn * e(n) * e(n);
        sw += wn;
        sy += wn * p.y(n);
        tss_within += wn * yt(n) * yt(n);
    }
    const double ybar = sy / sw;
    double tss = 0;
    for (index_t n = 0; n < N; ++n) {
        const double wn = weighted ? p.weights(n) : 1.0;
        tss += wn * (p.y(n) - ybar) * (p.y(n) - ybar);
    }
    res.deviance = ssr;
    res.null_deviance = tss;
    res.pseudo_r2 = tss > 0 ? 1 - ssr / tss : 0;
    res.r2_within = tss_within > 0 ? 1 - ssr / tss_within : 0;
    const double s2ml = ssr / static_cast<double>(N);
    const double pi = 3.14159265358979323846;
    res.loglik = -0.5 * static_cast<double>(N) * (std::log(2 * pi * s2ml) + 1);
    res.null_loglik = -0.5 * static_cast<double>(N) * (std::log(2 * pi * tss / static_cast<double>(N)) + 1);
    res.fitted = p.y - e;
    if (p.offset.size()) res.fitted += p.offset;
    res.fe_names = p.fe.names;
    for (auto g : p.fe.sizes) res.fe_sizes.push_back(g);
    {
        vector_x<real> r(N);
        for (index_t n = 0; n < N; ++n) r(n) = (weighted ? p.weights(n) : 1.0) * e(n);
        vcov_inputs in;
        in.Xt = &Xt;
        in.w = w;
        in.r = r.data();
        in.fe = &p.fe;
        in.clusters = &p.clusters;
        // iid: s^2 = SSR / (n - K); compute_vcov multiplies by (n - 1) / (n - K)
        in.sigma2 = N > 1 ? ssr / static_cast<double>(N - 1) : 0.0;
        ssc_options ssc = opt.ssc;
        res.vcov = compute_vcov(in, spec, ssc, res.dof_k, res.cluster_sizes);
        if (spec.kind == vcov_kind::iid && !ssc.adj && N > res.dof_k)
            res.vcov *= static_cast<double>(N - 1) / static_cast<double>(N - res.dof_k);
        res.se = res.vcov.diagonal().cwiseMax(0.0).cwiseSqrt();
        res.vcov_type = spec.to_string();
    }
    if (opt.compute_fixed_effects && p.fe.dims() > 0) detail::recover_fixed_effects(p, proj, a2, b, res);
    res.compute_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE hdfe_result feols<>(hdfe_problem, const ppml_options&, vcov_spec);
} // namespace unbundle
#endif
