#pragma once
/// @file gravity/ppml.hpp
/// Poisson pseudo-maximum likelihood with high-dimensional fixed effects (Santos Silva &
/// Tenreyro 2006; Correia, Guimarães & Zylkin 2020, "Fast Poisson estimation with
/// high-dimensional fixed effects", Stata Journal), the workhorse of structural gravity.
///
/// Model: E[y | x, fe] = exp(offset + x'b + sum_q a_q[fe_q]); estimates maximise the weighted
/// Poisson log-likelihood sum_n w_n (y_n eta_n - exp(eta_n)).
///
/// Algorithm (IRLS): with mu = exp(eta), working outcome z = eta - offset + (y - mu) / mu and
/// weights w mu, each step is a weighted least-squares fit of z on x with the fixed effects
/// partialled out (fe_projector: Gauss–Seidel on the coefficients, Irons–Tuck acceleration,
/// warm-started from the previous step, with a projection tolerance tightened as the deviance
/// converges). Convergence: |dev - dev_old| / (0.1 + |dev|) < tol (fixest's criterion), counted
/// only at the final projection tolerance. Step-halving when the deviance rises or is not finite.
///
/// Before estimation: observations in fixed-effect groups with only zero outcomes, singletons
/// and observations separated by the regressors (ReLU check) are dropped, so that the
/// estimates exist; regressors collinear with others or with the fixed effects are dropped with
/// a note.

#include "../config.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"
#include "../fwd.hpp"
#include "detail/linear.hpp"
#include "fixed_effects.hpp"
#include "formula.hpp"
#include "model.hpp"
#include "separation.hpp"
#include "vcov.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace unbundle {

/// Options of `ppml` (and, where they apply, `feols`).
struct ppml_options {
    double tol = 1e-8;                 ///< relative change in deviance
    int max_iter = 100;                ///< IRLS iterations
    double inner_tol = 1e-9;           ///< final fixed-effect projection tolerance
    double inner_tol_start = 1e-5;     ///< projection tolerance of the first IRLS steps
    int inner_max_iter = 20000;        ///< sweeps per projection
    int max_halving = 30;              ///< step-halvings per iteration
    bool drop_singletons = true;       ///< drop singletons iteratively (as ppmlhdfe; fixest keeps them)
    bool check_separation = true;      ///< run the ReLU separation check (fixed-effect check always runs)
    relu_options relu;                 ///< options of the ReLU check
    double collinear_tol = 1e-9;       ///< drop a regressor whose within variation is below this share
    bool compute_fixed_effects = true; ///< recover the fixed-effect estimates
    frame_options frame;               ///< weights/offset columns and vcov (data_frame interface)
    ssc_options ssc;                   ///< small-sample corrections
    /// where the variance's weights, X~ and scores are taken (default: as fixest)
    vcov_convention vcov_at = vcov_convention::fixest;
    bool throw_on_nonconvergence = false; ///< throw convergence_error instead of reporting
};

namespace detail {

/// Drops missing/separated/singleton observations; fills counts and notes.
template <class Dep = void>
inline void prepare_sample(detail::dependent_t<hdfe_problem, Dep>& p, bool poisson, const ppml_options& opt,
                           drop_counts& dropped, std::vector<std::string>& notes, const char* func,
                           std::vector<index_t>* sep_rows = nullptr, std::vector<index_t>* single_rows = nullptr) {
    // records the original rows newly dropped (keep 0) with the cause given by `mark`
    auto record = [&](const std::vector<char>& keep, const std::vector<char>& sep_mark) {
        for (index_t n = 0; n < p.nobs(); ++n) {
            const auto k = static_cast<std::size_t>(n);
            if (keep[k]) continue;
            auto* dst = sep_mark[k] ? sep_rows : single_rows;
            if (dst) dst->push_back(p.rows[k]);
        }
    };
    if (poisson) {
        for (index_t n = 0; n < p.nobs(); ++n)
            if (!(p.y(n) >= 0) || !std::isfinite(p.y(n)))
                throw domain_error(std::string(func) + ": outcome '" + p.outcome_name +
                                   "' must be finite and non-negative but is " + to_string_full(p.y(n)) +
                                   " at data row " + std::to_string(p.rows[static_cast<std::size_t>(n)] + 1));
        if (p.y.maxCoeff() <= 0)
            throw domain_error(std::string(func) + ": outcome '" + p.outcome_name + "' is zero in all " +
                               std::to_string(p.nobs()) + " observations; PPML estimates do not exist");
    } else {
        check_finite(p.y, func, "outcome");
    }
    check_finite(p.X, func, "regressors");
    for (;;) {
        std::vector<char> keep(static_cast<std::size_t>(p.nobs()), 1);
        index_t changed = 0;
        if (poisson) {
            const index_t z = drop_zero_groups(p.y, p.fe, keep);
            dropped.separated_fe += z;
            changed += z;
        }
        const std::vector<char> sep_mark = [&] {
            std::vector<char> m(keep.size());
            for (std::size_t k = 0; k < keep.size(); ++k) m[k] = keep[k] ? 0 : 1;
            return m;
        }();
        if (opt.drop_singletons) {
            const index_t s = drop_singletons(p.fe, keep);
            dropped.singletons += s;
            changed += s;
        }
        if (changed) {
            record(keep, sep_mark);
            subset_problem(p, keep);
        }
        if (p.nobs() == 0)
            throw domain_error(std::string(func) +
                               ": no observation left after dropping separated observations and singletons");
        if (poisson && opt.check_separation) {
            const relu_result r = relu_separation(p.y, p.X, p.fe, opt.relu);
            if (!r.converged)
                notes.push_back("ReLU separation check did not converge in " + std::to_string(r.iterations) +
                                " iterations");
            if (r.count > 0) {
                dropped.separated_relu += r.count;
                std::vector<char> k2(static_cast<std::size_t>(p.nobs()), 1);
                for (index_t n = 0; n < p.nobs(); ++n)
                    if (r.separated[static_cast<std::size_t>(n)]) k2[static_cast<std::size_t>(n)] = 0;
                std::vector<char> all_sep(k2.size(), 1);
                record(k2, all_sep);
                subset_problem(p, k2);
                continue; // new all-zero groups or singletons may appear
            }
        }
        if (!changed || !(poisson || opt.drop_singletons)) break;
        if (!poisson || !opt.check_separation) {
            // one more pass only finds something if singletons were dropped
            std::vector<char> k3(static_cast<std::size_t>(p.nobs()), 1);
            index_t more = 0;
            if (poisson) {
                const index_t z = drop_zero_groups(p.y, p.fe, k3);
                dropped.separated_fe += z;
                more += z;
            }
            std::vector<char> m3(k3.size());
            for (std::size_t k = 0; k < k3.size(); ++k) m3[k] = k3[k] ? 0 : 1;
            if (opt.drop_singletons) {
                const index_t s = drop_singletons(p.fe, k3);
                dropped.singletons += s;
                more += s;
            }
            if (more) {
                record(k3, m3);
                subset_problem(p, k3);
                continue;
            }
            break;
        }
        break;
    }
    if (sep_rows) std::sort(sep_rows->begin(), sep_rows->end());
    if (single_rows) std::sort(single_rows->begin(), single_rows->end());
    if (dropped.separated_fe)
        notes.push_back(std::to_string(dropped.separated_fe) +
                        " observations dropped in fixed-effect groups with only zero outcomes");
    if (dropped.separated_relu)
        notes.push_back(std::to_string(dropped.separated_relu) + " observations dropped as separated (ReLU check)");
    if (dropped.singletons) notes.push_back(std::to_string(dropped.singletons) + " singleton observations dropped");
}

/// Recovers fixed-effect estimates from the projection coefficients alpha (C x L: row 0 the
/// outcome, rows 1.. the kept regressors): a = alpha_z - sum_k b_k alpha_xk, normalised so that
/// dimensions after the first have their first level at zero.
template <class Dep = void>
inline void recover_fixed_effects(const detail::dependent_t<hdfe_problem, Dep>& p,
                                  const detail::dependent_t<fe_projector, Dep>& proj,
                                  const detail::dependent_t<matrix_x<double>, Dep>& alpha,
                                  const detail::dependent_t<vector_x<double>, Dep>& beta,
                                  detail::dependent_t<hdfe_result, Dep>& res) {
    using real = detail::dependent_t<double, Dep>;
    const int Q = proj.dims();
    res.fe_coef.assign(static_cast<std::size_t>(Q), vector_x<real>());
    if (alpha.cols() != proj.total_levels()) return;
    vector_x<real> a = alpha.row(0).transpose();
    for (index_t k = 0; k < beta.size(); ++k) a -= beta(k) * alpha.row(k + 1).transpose();
    double shift = 0;
    for (int q = 1; q < Q; ++q) {
        const index_t off = proj.offset(q);
        const double c = a(off);
        a.segment(off, p.fe.sizes[static_cast<std::size_t>(q)]).array() -= c;
        shift += c;
    }
    if (Q > 0) a.segment(0, p.fe.sizes[0]).array() += shift;
    for (int q = 0; q < Q; ++q)
        res.fe_coef[static_cast<std::size_t>(q)] = a.segment(proj.offset(q), p.fe.sizes[static_cast<std::size_t>(q)]);
    res.fe_levels = p.fe.levels;
    res.fe_levels.resize(static_cast<std::size_t>(Q));
}

template <class Dep = void>
inline double poisson_deviance(const detail::dependent_t<vector_x<double>, Dep>& y,
                               const detail::dependent_t<vector_x<double>, Dep>& mu,
                               const detail::dependent_t<vector_x<double>, Dep>& pw) {
    double d = 0;
    const bool weighted = pw.size() > 0;
    for (index_t n = 0; n < y.size(); ++n) {
        const double yn = y(n), m = mu(n);
        const double t = yn > 0 ? yn * std::log(yn / m) - (yn - m) : m;
        d += weighted ? pw(n) * t : t;
    }
    return 2 * d;
}

template <class Dep = void>
inline double poisson_loglik(const detail::dependent_t<vector_x<double>, Dep>& y,
                             const detail::dependent_t<vector_x<double>, Dep>& mu,
                             const detail::dependent_t<vector_x<double>, Dep>& pw) {
    double l = 0;
    const bool weighted = pw.size() > 0;
    for (index_t n = 0; n < y.size(); ++n) {
        const double yn = y(n), m = mu(n);
        const double t = (yn > 0 ? yn * std::log(m) : 0.0) - m - std::lgamma(yn + 1);
        l += weighted ? pw(n) * t : t;
    }
    return l;
}

} // namespace detail

namespace detail {

/// Checks the shapes of an estimation problem and fills its defaults (row ids, regressor and
/// fixed-effect names, dense fixed-effect codes); rejects negative codes and weights that are not
/// positive and finite. Shared by ppml and feols; `func` names the caller in messages.
template <class Dep = void> inline void normalise_problem(detail::dependent_t<hdfe_problem, Dep>& p, const char* func) {
    const index_t N0 = p.nobs();
    detail::check_size(p.X.rows(), N0, func, "regressor matrix rows");
    for (auto& code : p.fe.codes)
        detail::check_size(static_cast<index_t>(code.size()), N0, func, "fixed-effect code vector");
    if (p.weights.size()) detail::check_size(p.weights.size(), N0, func, "weights");
    if (p.offset.size()) detail::check_size(p.offset.size(), N0, func, "offset");
    if (p.rows.empty()) {
        p.rows.resize(static_cast<std::size_t>(N0));
        for (index_t n = 0; n < N0; ++n) p.rows[static_cast<std::size_t>(n)] = n;
    }
    if (static_cast<index_t>(p.names.size()) != p.X.cols()) {
        p.names.clear();
        for (index_t k = 0; k < p.X.cols(); ++k) p.names.push_back("x" + std::to_string(k + 1));
    }
    if (p.fe.sizes.size() != p.fe.codes.size()) {
        p.fe.sizes.clear();
        for (auto& c : p.fe.codes) {
            for (auto v : c)
                if (v < 0) throw domain_error(std::string(func) + ": fixed-effect codes must be non-negative");
            p.fe.sizes.push_back(detail::densify_codes(c));
        }
    }
    if (p.fe.names.size() != p.fe.codes.size()) {
        p.fe.names.clear();
        for (std::size_t q = 0; q < p.fe.codes.size(); ++q) p.fe.names.push_back("fe" + std::to_string(q + 1));
    }
    if (p.weights.size()) {
        for (index_t n = 0; n < N0; ++n)
            if (!(p.weights(n) > 0) || !std::isfinite(p.weights(n)))
                throw domain_error(std::string(func) + ": weights must be positive and finite but weight " +
                                   std::to_string(n + 1) + " is " + detail::to_string_full(p.weights(n)));
    }
}

/// Fills the default variance and checks the cluster variables (shared by ppml and feols): with
/// no variance asked, cluster by the problem's cluster variables when it has some, else by the
/// first fixed effect (as fixest; its codes become the cluster variable), else iid.
/// @throws usage_error when a clustered spec names more or fewer variables than the problem holds.
template <class Dep = void>
inline void resolve_vcov(detail::dependent_t<hdfe_problem, Dep>& p, vcov_spec& spec, const char* func) {
    if (!spec.kind_set && spec.cluster.empty()) {
        if (!p.clusters.empty()) {
            spec = vcov_spec::clustered(p.cluster_names);
        } else if (p.fe.dims() > 0) {
            spec = vcov_spec::clustered({p.fe.names[0]});
            p.clusters.push_back(p.fe.codes[0]);
            p.cluster_names.push_back(p.fe.names[0]);
        } else {
            spec = vcov_spec::iid();
        }
    }
    if (spec.kind == vcov_kind::cluster && p.clusters.size() != spec.cluster.size())
        throw usage_error(std::string(func) + ": the variance asks for " + std::to_string(spec.cluster.size()) +
                          " cluster variables but the problem holds " + std::to_string(p.clusters.size()));
}

} // namespace detail

namespace detail {

/// State of ppml's IRLS: working variables, the design [z, X] with its partialled-out values and
/// fixed-effect coefficients, and what the fixest variance convention keeps from the step at
/// which fixest's criterion stops.
struct ppml_irls {
    index_t N = 0;
    bool weighted = false, has_offset = false;
    vector_x<double> mu, eta, w, eta_old;
    vector_x<double> resid;    // working residual of the step: z~ - X~ b
    std::vector<index_t> cols; // positions in p.names of the regressors kept
    matrix_x<double> V, Vt, alpha;
    vector_x<double> beta, beta_old;
    double dev = std::numeric_limits<double>::infinity(), dev_old = dev;
    int vcov_iter = 0;
    vector_x<double> w_vcov, r_vcov;
    matrix_x<double> alpha_x_vcov;
    int iter = 0;
    bool converged = false;
    std::string message;

    template <class D = void>
    explicit ppml_irls(const detail::dependent_t<hdfe_problem, D>& p)
        : N(p.nobs()), weighted(p.weights.size() > 0), has_offset(p.offset.size() > 0), mu(N), eta(N), w(N), eta_old(N),
          resid(N) {
        for (index_t n = 0; n < N; ++n) {
            mu(n) = p.y(n) + 0.1; // R's poisson()$initialize, as fixest
            eta(n) = std::log(mu(n));
        }
        const index_t K0 = p.X.cols();
        cols.resize(static_cast<std::size_t>(K0));
        for (index_t k = 0; k < K0; ++k) cols[static_cast<std::size_t>(k)] = k;
        detail::dependent_t<matrix_x<double>, D>& v = V; // (dependent: Eigen's expression types wait for a call)
        v.resize(N, 1 + K0);
        Vt.resize(N, 1 + K0);
        v.rightCols(K0) = p.X;
        beta = detail::dependent_t<vector_x<double>, D>::Zero(K0);
        beta_old = beta;
    }
    index_t kept() const { return Vt.cols() - 1; }
};

/// At the first step: drops the regressors collinear with the fixed effects or each other
/// (deciding at the tight projection `inner_collinear` when one looks close), noting each in `res`.
template <class Dep = void>
inline void ppml_drop_collinear(const detail::dependent_t<hdfe_problem, Dep>& p, const ppml_options& opt,
                                detail::dependent_t<fe_projector, Dep>& proj, projection_options popt,
                                double inner_collinear, solver_info& pinfo, detail::dependent_t<ppml_irls, Dep>& s,
                                detail::dependent_t<hdfe_result, Dep>& res) {
    using real = detail::dependent_t<double, Dep>;
    const index_t N = s.N, K = s.kept();
    if (K == 0) return;
    vector_x<real> ref(K), ratio;
    for (index_t k = 0; k < K; ++k) ref(k) = (s.V.col(k + 1).array().square() * s.w.array()).sum();
    std::vector<char> keepc =
        screen_collinear(weighted_gram(s.Vt.rightCols(K), s.w.data()), ref, opt.collinear_tol, &ratio);
    if (popt.tol > inner_collinear && ratio.minCoeff() < 1e4 * opt.collinear_tol) {
        popt.tol = inner_collinear; // decide at the tight projection (warm start)
        pinfo = proj.partial_out(s.V, s.alpha, s.Vt, popt);
        keepc = screen_collinear(weighted_gram(s.Vt.rightCols(K), s.w.data()), ref, opt.collinear_tol);
    }
    std::vector<index_t> kept;
    for (index_t k = 0; k < K; ++k) {
        if (keepc[static_cast<std::size_t>(k)])
            kept.push_back(k);
        else {
            res.collinear.push_back(p.names[static_cast<std::size_t>(s.cols[static_cast<std::size_t>(k)])]);
            res.notes.push_back("variable '" + res.collinear.back() + "' dropped because of collinearity");
        }
    }
    if (static_cast<index_t>(kept.size()) == K) return;
    const auto Kn = static_cast<index_t>(kept.size());
    matrix_x<real> V2(N, 1 + Kn), Vt2(N, 1 + Kn), a2(1 + Kn, s.alpha.cols());
    V2.col(0) = s.V.col(0);
    Vt2.col(0) = s.Vt.col(0);
    a2.row(0) = s.alpha.row(0);
    std::vector<index_t> cols2;
    for (index_t j = 0; j < Kn; ++j) {
        const index_t k = kept[static_cast<std::size_t>(j)];
        V2.col(j + 1) = s.V.col(k + 1);
        Vt2.col(j + 1) = s.Vt.col(k + 1);
        a2.row(j + 1) = s.alpha.row(k + 1);
        cols2.push_back(s.cols[static_cast<std::size_t>(k)]);
    }
    s.V.swap(V2);
    s.Vt.swap(Vt2);
    s.alpha.swap(a2);
    s.cols = cols2;
    s.beta = vector_x<real>::Zero(Kn);
    s.beta_old = s.beta;
}

/// One IRLS update after the projection: WLS coefficients on the partialled-out design, the new
/// linear predictor, then step-halving while the deviance is not finite or rises by more than the
/// tolerance. Returns the deviance; `halving` counts the halvings.
template <class Dep = void>
inline double ppml_update(const detail::dependent_t<hdfe_problem, Dep>& p, const ppml_options& opt,
                          detail::dependent_t<ppml_irls, Dep>& s, int& halving, const char* func) {
    using real = detail::dependent_t<double, Dep>;
    const index_t N = s.N, Kc = s.kept();
    vector_x<real> b(Kc);
    if (Kc > 0) {
        const matrix_x<real> G = weighted_gram(s.Vt.rightCols(Kc), s.w.data());
        const vector_x<real> rhs = s.Vt.rightCols(Kc).transpose() * (s.w.array() * s.Vt.col(0).array()).matrix();
        b = wls_solve(G, rhs, func);
    }
    // eta_new = offset + z - (z~ - X~ b)
    s.eta_old = s.eta;
    s.beta_old = s.beta;
    for (index_t n = 0; n < N; ++n) {
        double e = s.Vt(n, 0);
        for (index_t k = 0; k < Kc; ++k) e -= s.Vt(n, k + 1) * b(k);
        s.resid(n) = e;
        s.eta(n) = (s.has_offset ? p.offset(n) : 0.0) + s.V(n, 0) - e;
    }
    s.beta = b;
    auto evaluate = [&]() {
        for (index_t n = 0; n < N; ++n) s.mu(n) = std::exp(s.eta(n));
        return poisson_deviance(p.y, s.mu, p.weights);
    };
    double d = evaluate();
    halving = 0;
    while (s.iter > 1 && (!std::isfinite(d) || (d - s.dev_old) / (0.1 + std::abs(d)) > opt.tol) &&
           halving < opt.max_halving) {
        s.eta = 0.5 * (s.eta + s.eta_old);
        s.beta = 0.5 * (s.beta + s.beta_old);
        d = evaluate();
        ++halving;
    }
    return d;
}

/// The IRLS loop: working outcome, projection (tolerance tightened as the deviance converges),
/// update; stops when the relative deviance change is below opt.tol at the final projection
/// tolerance, at a non-finite deviance, or after opt.max_iter iterations.
template <class Dep = void>
inline void ppml_iterate(const detail::dependent_t<hdfe_problem, Dep>& p, const ppml_options& opt,
                         detail::dependent_t<fe_projector, Dep>& proj, detail::dependent_t<ppml_irls, Dep>& s,
                         detail::dependent_t<hdfe_result, Dep>& res, const char* func) {
    const bool fixest_vcov = opt.vcov_at == vcov_convention::fixest;
    // first step at the loose tolerance (as fixest and ppmlhdfe); collinearity is decided at
    // inner_collinear, to which the first projection is continued only when a regressor looks close
    // to collinear (within-share below 1e4 times collinear_tol)
    const double inner_collinear = std::max(opt.inner_tol, std::min(opt.inner_tol_start, 1e-7));
    double inner = std::max(opt.inner_tol, opt.inner_tol_start);
    for (s.iter = 1; s.iter <= opt.max_iter; ++s.iter) {
        for (index_t n = 0; n < s.N; ++n) {
            s.w(n) = s.weighted ? s.mu(n) * p.weights(n) : s.mu(n);
            s.V(n, 0) = s.eta(n) - (s.has_offset ? p.offset(n) : 0.0) + (p.y(n) - s.mu(n)) / s.mu(n);
        }
        proj.set_weights(s.w.data());
        projection_options popt;
        popt.tol = inner;
        popt.max_iter = opt.inner_max_iter;
        solver_info pinfo = proj.partial_out(s.V, s.alpha, s.Vt, popt);
        if (s.iter == 1) ppml_drop_collinear(p, opt, proj, popt, inner_collinear, pinfo, s, res);
        if (!pinfo.converged) s.message = pinfo.message;
        int halving = 0;
        const double d = ppml_update(p, opt, s, halving, func);
        if (!std::isfinite(d)) {
            s.message = "ppml: the deviance is not finite after " + std::to_string(halving) +
                        " step-halvings at iteration " + std::to_string(s.iter);
            break;
        }
        s.dev = d;
        const double crit = std::abs(s.dev - s.dev_old) / (0.1 + std::abs(s.dev));
        s.dev_old = s.dev;
        res.info.residual = crit;
        if (fixest_vcov && s.vcov_iter == 0 && crit < opt.tol && halving == 0) {
            s.vcov_iter = s.iter; // fixest stops here
            if (!(inner <= opt.inner_tol)) {
                s.w_vcov = s.w;
                s.r_vcov = s.w.cwiseProduct(s.resid);
                s.alpha_x_vcov = s.alpha.bottomRows(s.kept());
            }
        }
        if (crit < opt.tol && halving == 0 && inner <= opt.inner_tol) {
            s.converged = true;
            break;
        }
        // tighten the projection tolerance as the deviance converges
        if (s.iter == 1) inner = std::max(opt.inner_tol, opt.inner_tol_start);
        inner = std::max(opt.inner_tol, std::min(inner, 1e-2 * crit));
        if (crit < opt.tol) inner = opt.inner_tol;
    }
    if (s.iter > opt.max_iter) s.iter = opt.max_iter;
}

/// Deviance, log-likelihood and their null-model values (a constant mean), pseudo R².
template <class Dep = void>
inline void ppml_fit_statistics(const detail::dependent_t<hdfe_problem, Dep>& p,
                                const detail::dependent_t<ppml_irls, Dep>& s,
                                detail::dependent_t<hdfe_result, Dep>& res) {
    using real = detail::dependent_t<double, Dep>;
    res.deviance = s.dev;
    res.loglik = poisson_loglik(p.y, s.mu, p.weights);
    double sy = 0, sw = 0;
    for (index_t n = 0; n < s.N; ++n) {
        const double wn = s.weighted ? p.weights(n) : 1.0;
        sy += wn * p.y(n);
        sw += wn;
    }
    const vector_x<real> mu0 = vector_x<real>::Constant(s.N, sy / sw);
    res.null_deviance = poisson_deviance(p.y, mu0, p.weights);
    res.null_loglik = poisson_loglik(p.y, mu0, p.weights);
    res.pseudo_r2 = 1 - res.loglik / res.null_loglik;
}

/// The variance (vcov_convention): weights w, X~ partialled out under them, score factors r —
/// at the converged estimate, or at the step where fixest stops.
template <class Dep = void>
inline void ppml_variance(const detail::dependent_t<hdfe_problem, Dep>& p, const ppml_options& opt,
                          const vcov_spec& spec, detail::dependent_t<fe_projector, Dep>& proj,
                          detail::dependent_t<ppml_irls, Dep>& s, detail::dependent_t<hdfe_result, Dep>& res) {
    using real = detail::dependent_t<double, Dep>;
    const index_t N = s.N, Kc = s.kept();
    vector_x<real> r(N);
    if (opt.vcov_at != vcov_convention::fixest) {
        // at the converged estimate
        for (index_t n = 0; n < N; ++n) {
            s.w(n) = s.weighted ? s.mu(n) * p.weights(n) : s.mu(n);
            r(n) = (s.weighted ? p.weights(n) : 1.0) * (p.y(n) - s.mu(n));
        }
        s.alpha_x_vcov = s.alpha.bottomRows(Kc);
        s.vcov_iter = s.iter;
    } else if (s.w_vcov.size() > 0) {
        s.w.swap(s.w_vcov); // fixest stopped at an earlier step than ours
        r.swap(s.r_vcov);
    } else {
        // fixest stops at our last step (or, without convergence, uses the last step too)
        r = s.w.cwiseProduct(s.resid);
        if (s.vcov_iter == 0) s.vcov_iter = s.iter;
    }
    if (s.alpha_x_vcov.rows() > 0) {
        // X~ under these weights, to the final projection tolerance (warm start: that step's)
        proj.set_weights(s.w.data());
        projection_options popt;
        popt.tol = opt.inner_tol;
        popt.max_iter = opt.inner_max_iter;
        auto xt = s.Vt.rightCols(Kc);
        const solver_info xinfo = proj.partial_out(s.V.rightCols(Kc), s.alpha_x_vcov, xt, popt);
        if (!xinfo.converged) res.notes.push_back("variance: " + xinfo.message);
    }
    res.vcov_iteration = s.vcov_iter;
    const matrix_x<real> Xt = s.Vt.rightCols(Kc);
    vcov_inputs in;
    in.Xt = &Xt;
    in.w = s.w.data();
    in.r = r.data();
    in.fe = &p.fe;
    in.clusters = &p.clusters;
    res.vcov = compute_vcov(in, spec, opt.ssc, res.dof_k, res.cluster_sizes);
    res.se = res.vcov.diagonal().cwiseMax(0.0).cwiseSqrt();
    res.vcov_type = spec.to_string();
}

} // namespace detail

/// PPML with high-dimensional fixed effects on arrays. `p` is taken by value (it is subset).
/// `spec` selects the variance (default: cluster by p.clusters[0] when given, else iid).
/// @throws domain_error (negative or non-finite outcome, all-zero outcome), dimension_error
///   (sizes differ), numerical_error (singular system), convergence_error only with
///   opt.throw_on_nonconvergence (otherwise `converged` is false and `info.message` says why).
template <class Dep = void> hdfe_result ppml(hdfe_problem p, const ppml_options& opt = {}, vcov_spec spec = {}) {
    const auto t0 = std::chrono::steady_clock::now();
    const char* func = "ppml";
    hdfe_result res;
    res.model = "ppml";
    const index_t N0 = p.nobs();
    res.nobs_total = N0 + res.dropped.missing;
    detail::normalise_problem(p, func);
    if (p.offset.size()) detail::check_finite(p.offset, func, "offset");
    detail::resolve_vcov(p, spec, func);
    if (p.fe.dims() > 1) {
        // observations ordered by the largest fixed effect: sequential access in the projection
        index_t qmax = 0;
        for (index_t q = 1; q < p.fe.dims(); ++q)
            if (p.fe.sizes[static_cast<std::size_t>(q)] > p.fe.sizes[static_cast<std::size_t>(qmax)]) qmax = q;
        detail::sort_problem(p, qmax);
    }
    detail::prepare_sample(p, true, opt, res.dropped, res.notes, func, &res.separated_rows, &res.singleton_rows);

    fe_projector proj(p.fe);
    detail::ppml_irls s(p);
    detail::ppml_iterate(p, opt, proj, s, res, func);
    res.iterations = s.iter;
    res.converged = s.converged;
    res.info.converged = s.converged;
    res.info.iterations = s.iter;
    if (!s.converged) {
        if (s.message.empty())
            s.message = "ppml: no convergence in " + std::to_string(opt.max_iter) +
                        " iterations (relative deviance change " + detail::to_string_full(res.info.residual) +
                        ", tolerance " + detail::to_string_full(opt.tol) + ")";
        res.info.message = s.message;
        if (opt.throw_on_nonconvergence) throw convergence_error(s.message, s.iter, res.info.residual);
    }
    // results
    for (index_t k = 0; k < s.kept(); ++k)
        res.names.push_back(p.names[static_cast<std::size_t>(s.cols[static_cast<std::size_t>(k)])]);
    res.coef = s.beta;
    res.nobs = s.N;
    res.nobs_total = s.N + res.dropped.total();
    res.rows = p.rows;
    detail::ppml_fit_statistics(p, s, res);
    res.fitted = s.mu;
    res.fe_names = p.fe.names;
    for (auto g : p.fe.sizes) res.fe_sizes.push_back(g);
    detail::ppml_variance(p, opt, spec, proj, s, res);
    if (opt.compute_fixed_effects && p.fe.dims() > 0) detail::recover_fixed_effects(p, proj, s.alpha, s.beta, res);
    res.compute_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

/// PPML on raw arrays: outcome y (N), regressors X (N x K, add a column of ones for an
/// intercept when there are no fixed effects), fixed effects as integer code vectors (any
/// non-negative integers), optional names.
template <class Dep = void>
hdfe_result ppml(const detail::dependent_t<Eigen::Ref<const vector_x<double>>, Dep>& y,
                 const detail::dependent_t<Eigen::Ref<const matrix_x<double>>, Dep>& X,
                 const std::vector<std::vector<std::int32_t>>& fe_codes, const ppml_options& opt = {},
                 const std::vector<std::string>& names = {}, vcov_spec spec = {}) {
    hdfe_problem p;
    p.y = y;
    p.X = X;
    p.names = names;
    p.fe.codes = fe_codes;
    return ppml(std::move(p), opt, std::move(spec));
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE hdfe_result ppml<>(hdfe_problem, const ppml_options&, vcov_spec);
UNBUNDLE_EXTERN_TEMPLATE hdfe_result ppml<>(const Eigen::Ref<const vector_x<double>>&,
                                            const Eigen::Ref<const matrix_x<double>>&,
                                            const std::vector<std::vector<std::int32_t>>&, const ppml_options&,
                                            const std::vector<std::string>&, vcov_spec);
} // namespace unbundle
#endif
