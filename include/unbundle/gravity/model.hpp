#pragma once
/// @file gravity/model.hpp
/// The estimation problem shared by `ppml` and `feols` (outcome, regressors, fixed effects as
/// integer codes, weights, offset, cluster variables) and the result type both estimators
/// return. Its construction from a `data_frame` and a formula is in gravity/frame.hpp.

#include "../detail/check.hpp"
#include "../error.hpp"
#include "../fwd.hpp"
#include "fixed_effects.hpp"
#include "formula.hpp"

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace unbundle {

/// Kinds of variance estimators.
enum class vcov_kind { iid, hetero, cluster };

/// Which variance to report. `cluster` lists one variable (one-way) or two (two-way); each may be
/// an interaction `a^b`. An empty spec with `kind_set == false` means the default: clustered by
/// the first fixed effect when there are fixed effects (as fixest), iid otherwise.
struct vcov_spec {
    vcov_kind kind = vcov_kind::iid;
    std::vector<std::string> cluster;
    bool kind_set = false;

    static vcov_spec iid() { return {vcov_kind::iid, {}, true}; }
    static vcov_spec hetero() { return {vcov_kind::hetero, {}, true}; }
    template <class D = void> static vcov_spec clustered(std::vector<std::string> vars) {
        return {vcov_kind::cluster, std::move(vars), true};
    }

    /// Parses `iid`, `hetero` (also `robust`, `HC1`), `cluster:VAR` or `cluster:VAR1+VAR2`.
    /// @throws usage_error on anything else.
    template <class D = void> static vcov_spec parse(std::string_view s) {
        if (s == "iid" || s == "standard") return iid();
        if (s == "hetero" || s == "robust" || s == "HC1" || s == "hc1") return hetero();
        const std::string_view pre = "cluster:";
        if (s.substr(0, pre.size()) == pre) {
            std::vector<std::string> vars;
            std::string_view rest = s.substr(pre.size());
            while (!rest.empty()) {
                const auto k = rest.find('+');
                std::string v(rest.substr(0, k));
                while (!v.empty() && v.front() == ' ') v.erase(v.begin());
                while (!v.empty() && v.back() == ' ') v.pop_back();
                if (v.empty()) break;
                vars.push_back(v);
                if (k == std::string_view::npos) break;
                rest.remove_prefix(k + 1);
            }
            if (vars.empty() || vars.size() > 2)
                throw usage_error("vcov '" + std::string(s) +
                                  "': cluster: needs one or two variables (VAR or VAR1+VAR2)");
            for (const auto& v : vars)
                if (v.empty()) throw usage_error("vcov '" + std::string(s) + "': empty cluster variable");
            return clustered(std::move(vars));
        }
        throw usage_error("vcov '" + std::string(s) + "': expected iid, hetero or cluster:VAR[+VAR]");
    }
    /// "iid", "hetero", "cluster:pair", "cluster:exporter+importer".
    template <class D = void> std::string to_string() const {
        if (kind == vcov_kind::iid) return "iid";
        if (kind == vcov_kind::hetero) return "hetero";
        std::string s = "cluster:";
        for (std::size_t k = 0; k < cluster.size(); ++k) s += (k ? "+" : "") + cluster[k];
        return s;
    }
};

/// Small-sample corrections of the variance (fixest's `ssc()` defaults).
struct ssc_options {
    bool adj = true; ///< multiply by (n - 1) / (n - K)
    /// multiply by G / (G - 1) (G = smallest number of clusters when two-way), and the
    /// heteroskedasticity-robust variance by n / (n - 1) (fixest's HC1)
    bool cluster_adj = true;
    /// Count the fixed effects in K by the exact rank of their dummies rather than fixest's
    /// sum_q G_q - (Q - 1). (The exact rank is computed by union–find for two dimensions and
    /// numerically, by a rank-revealing factorisation of D'D, for three or more.)
    bool exact_fe_rank = false;
};

/// Where PPML evaluates the ingredients of its variance: the IRLS weights w, the regressors
/// partialled out under them (X~) and the scores. (feols has one step: both are the same.)
enum class vcov_convention {
    /// As R fixest (`feglm.fit`): the ingredients of the IRLS step at which fixest's criterion
    /// |dev - dev_old| / (0.1 + |dev|) < tol first holds: the weights w = w_obs mu of the
    /// iterate before that step (lagged), X~ partialled out under them, and scores
    /// X~_n w_n e_n with e the step's working residual. The estimates themselves are those of
    /// the fully converged IRLS. Reproduces fixest's standard errors (default).
    fixest,
    /// At the converged estimate: w = w_obs mu, X~ under these weights, scores X~_n w_obs,n (y_n - mu_n).
    exact
};

/// The estimation problem on arrays. Rows are observations.
struct hdfe_problem {
    vector_x<double> y;                              ///< outcome (N)
    matrix_x<double> X;                              ///< regressors (N x K), intercept included when wanted
    std::vector<std::string> names;                  ///< K coefficient names
    fixed_effects fe;                                ///< Q dimensions of codes over the N rows
    vector_x<double> weights;                        ///< observation weights (empty = 1)
    vector_x<double> offset;                         ///< offset of the linear predictor (empty = 0)
    std::vector<std::vector<std::int32_t>> clusters; ///< cluster codes for the variance
    std::vector<std::string> cluster_names;
    std::vector<index_t> rows; ///< original row of each observation (0-based)
    std::string outcome_name = "y";

    index_t nobs() const noexcept { return y.size(); }
};

/// Observations dropped before estimation, by cause.
struct drop_counts {
    index_t missing = 0;        ///< a missing value in a used column (or zero weight)
    index_t separated_fe = 0;   ///< in a fixed-effect group whose outcomes are all zero (PPML)
    index_t separated_relu = 0; ///< separated by regressors and fixed effects together (PPML; ReLU method)
    index_t singletons = 0;     ///< alone in a fixed-effect group (dropped iteratively)
    index_t separated() const noexcept { return separated_fe + separated_relu; }
    index_t total() const noexcept { return missing + separated_fe + separated_relu + singletons; }
};

/// Result of `ppml` and `feols`.
struct hdfe_result {
    std::string model;                   ///< "ppml" or "feols"
    std::string formula;                 ///< formula text (empty for the array interface)
    std::vector<std::string> names;      ///< coefficient names (collinear ones removed)
    vector_x<double> coef;               ///< estimates
    vector_x<double> se;                 ///< standard errors (sqrt of diag(vcov))
    matrix_x<double> vcov;               ///< variance matrix of coef
    std::string vcov_type;               ///< "iid", "hetero", "cluster:VAR[+VAR]"
    index_t dof_k = 0;                   ///< K in the (n-1)/(n-K) correction
    std::vector<index_t> cluster_sizes;  ///< number of clusters of each clustering variable
    std::vector<std::string> collinear;  ///< regressors dropped because of collinearity
    index_t nobs = 0;                    ///< observations used
    index_t nobs_total = 0;              ///< observations given
    drop_counts dropped;                 ///< dropped observations by cause
    std::vector<index_t> rows;           ///< original (0-based) row of each observation used
    std::vector<index_t> separated_rows; ///< original rows dropped as separated (fe or ReLU), sorted
    std::vector<index_t> singleton_rows; ///< original rows dropped as singletons, sorted
    int iterations = 0;                  ///< IRLS iterations (1 for feols)
    int vcov_iteration = 0;              ///< IRLS step whose weights and X~ the variance uses (see vcov_convention)
    bool converged = false;
    solver_info info;         ///< convergence diagnostics
    double deviance = 0;      ///< PPML: 2 sum w (y log(y/mu) - (y - mu)); feols: weighted SSR
    double null_deviance = 0; ///< of the intercept-only model
    double loglik = 0;        ///< PPML: Poisson log-likelihood; feols: Gaussian
    double null_loglik = 0;
    double pseudo_r2 = 0;              ///< PPML: 1 - loglik / null_loglik (McFadden, as fixest); feols: R²
    double r2_within = 0;              ///< feols: within R²
    vector_x<double> fitted;           ///< fitted mean mu (PPML) or fitted values (feols), per used observation
    std::vector<std::string> fe_names; ///< fixed-effect dimensions
    std::vector<index_t> fe_sizes;     ///< levels used per dimension
    /// Estimated fixed effects per dimension (normalisation: every dimension after the first has
    /// its first level at 0; the first absorbs the constant). Empty if not computed.
    std::vector<vector_x<double>> fe_coef;
    std::vector<std::vector<std::string>> fe_levels; ///< level names of fe_coef (may be empty)
    std::vector<std::string> notes;                  ///< human-readable notes (dropped variables, observations)
    double compute_seconds = 0;

    /// Index of a coefficient by name; key_error listing the names otherwise.
    template <class D = void> index_t index(std::string_view name) const {
        for (std::size_t k = 0; k < names.size(); ++k)
            if (names[k] == name) return static_cast<index_t>(k);
        std::string msg = model + ": no coefficient '" + std::string(name) + "'; coefficients are:";
        for (const auto& n : names) msg += " " + n;
        if (!collinear.empty()) {
            msg += " (dropped as collinear:";
            for (const auto& n : collinear) msg += " " + n;
            msg += ")";
        }
        throw key_error(msg);
    }
    template <class D = void> double coefficient(std::string_view name) const { return coef(index(name)); }
    template <class D = void> double std_error(std::string_view name) const { return se(index(name)); }
    /// Estimated fixed effect of a level, by dimension and level name.
    template <class D = void> double fixed_effect(std::string_view dim, std::string_view level) const {
        for (std::size_t q = 0; q < fe_names.size(); ++q) {
            if (fe_names[q] != dim) continue;
            if (fe_coef.size() <= q) throw key_error(model + ": fixed effects were not computed");
            const auto& lv = fe_levels[q];
            for (std::size_t g = 0; g < lv.size(); ++g)
                if (lv[g] == level) return fe_coef[q](static_cast<index_t>(g));
            throw key_error(model + ": fixed effect '" + std::string(dim) + "' has no level '" + std::string(level) +
                            "'");
        }
        throw key_error(model + ": no fixed-effect dimension '" + std::string(dim) + "'");
    }
};

namespace detail {

template <class D = void> inline std::vector<std::string> split_interaction(const std::string& s) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const auto k = s.find('^', start);
        std::string p = s.substr(start, k == std::string::npos ? std::string::npos : k - start);
        while (!p.empty() && p.front() == ' ') p.erase(p.begin());
        while (!p.empty() && p.back() == ' ') p.pop_back();
        parts.push_back(p);
        if (k == std::string::npos) break;
        start = k + 1;
    }
    return parts;
}

/// Keeps the rows with keep[n] != 0: subsets every array and re-densifies codes (levels that
/// lose all their rows disappear; level names follow).
template <class Dep = void>
inline void subset_problem(detail::dependent_t<hdfe_problem, Dep>& p, const std::vector<char>& keep) {
    using real = detail::dependent_t<double, Dep>;
    const index_t N = p.nobs();
    index_t M = 0;
    for (index_t n = 0; n < N; ++n) M += keep[static_cast<std::size_t>(n)] ? 1 : 0;
    if (M == N) return;
    std::vector<index_t> idx;
    idx.reserve(static_cast<std::size_t>(M));
    for (index_t n = 0; n < N; ++n)
        if (keep[static_cast<std::size_t>(n)]) idx.push_back(n);
    auto sub_vec = [&](vector_x<real>& v) {
        if (v.size() == 0) return;
        vector_x<real> o(M);
        for (index_t m = 0; m < M; ++m) o(m) = v(idx[static_cast<std::size_t>(m)]);
        v.swap(o);
    };
    sub_vec(p.y);
    sub_vec(p.weights);
    sub_vec(p.offset);
    {
        matrix_x<real> o(M, p.X.cols());
        for (index_t k = 0; k < p.X.cols(); ++k)
            for (index_t m = 0; m < M; ++m) o(m, k) = p.X(idx[static_cast<std::size_t>(m)], k);
        p.X.swap(o);
    }
    auto sub_codes = [&](std::vector<std::int32_t>& c, std::vector<std::string>* levels) {
        std::vector<std::int32_t> o(static_cast<std::size_t>(M));
        for (index_t m = 0; m < M; ++m)
            o[static_cast<std::size_t>(m)] = c[static_cast<std::size_t>(idx[static_cast<std::size_t>(m)])];
        // re-densify, carrying level names
        std::int32_t maxc = -1;
        for (auto v : o) maxc = std::max(maxc, v);
        std::vector<std::int32_t> map(static_cast<std::size_t>(maxc + 1), -1);
        std::int32_t g = 0;
        std::vector<std::string> newlv;
        for (auto& v : o) {
            auto& mm = map[static_cast<std::size_t>(v)];
            if (mm < 0) {
                mm = g++;
                if (levels && !levels->empty()) newlv.push_back((*levels)[static_cast<std::size_t>(v)]);
            }
            v = mm;
        }
        if (levels && !levels->empty()) *levels = std::move(newlv);
        c.swap(o);
        return g;
    };
    if (p.fe.levels.size() < p.fe.codes.size()) p.fe.levels.resize(p.fe.codes.size());
    for (std::size_t q = 0; q < p.fe.codes.size(); ++q) p.fe.sizes[q] = sub_codes(p.fe.codes[q], &p.fe.levels[q]);
    for (auto& c : p.clusters) sub_codes(c, nullptr);
    std::vector<index_t> rows(static_cast<std::size_t>(M));
    for (index_t m = 0; m < M; ++m)
        rows[static_cast<std::size_t>(m)] = p.rows[static_cast<std::size_t>(idx[static_cast<std::size_t>(m)])];
    p.rows.swap(rows);
}

/// Reorders the observations by the codes of fixed-effect dimension q (stable counting sort),
/// so that the projection reads and writes that dimension's coefficients sequentially. All
/// arrays follow; `rows` keeps the original row of each observation.
template <class Dep = void> inline void sort_problem(detail::dependent_t<hdfe_problem, Dep>& p, index_t q) {
    using real = detail::dependent_t<double, Dep>;
    const index_t N = p.nobs();
    const auto& key = p.fe.codes[static_cast<std::size_t>(q)];
    const auto G = static_cast<std::size_t>(p.fe.sizes[static_cast<std::size_t>(q)]);
    bool sorted = true;
    for (index_t n = 1; n < N && sorted; ++n)
        sorted = key[static_cast<std::size_t>(n - 1)] <= key[static_cast<std::size_t>(n)];
    if (sorted) return;
    std::vector<index_t> start(G + 1, 0);
    for (auto c : key) ++start[static_cast<std::size_t>(c) + 1];
    for (std::size_t g = 0; g < G; ++g) start[g + 1] += start[g];
    std::vector<index_t> perm(static_cast<std::size_t>(N)); // perm[new] = old
    for (index_t n = 0; n < N; ++n)
        perm[static_cast<std::size_t>(start[static_cast<std::size_t>(key[static_cast<std::size_t>(n)])]++)] = n;
    auto permute_vec = [&](vector_x<real>& v) {
        if (v.size() == 0) return;
        vector_x<real> o(N);
        for (index_t m = 0; m < N; ++m) o(m) = v(perm[static_cast<std::size_t>(m)]);
        v.swap(o);
    };
    permute_vec(p.y);
    permute_vec(p.weights);
    permute_vec(p.offset);
    for (index_t k = 0; k < p.X.cols(); ++k) {
        vector_x<real> c = p.X.col(k);
        permute_vec(c);
        p.X.col(k) = c;
    }
    auto permute_codes = [&](std::vector<std::int32_t>& c) {
        std::vector<std::int32_t> o(c.size());
        for (index_t m = 0; m < N; ++m)
            o[static_cast<std::size_t>(m)] = c[static_cast<std::size_t>(perm[static_cast<std::size_t>(m)])];
        c.swap(o);
    };
    for (auto& c : p.fe.codes) permute_codes(c);
    for (auto& c : p.clusters) permute_codes(c);
    std::vector<index_t> rows(static_cast<std::size_t>(N));
    for (index_t m = 0; m < N; ++m)
        rows[static_cast<std::size_t>(m)] = p.rows[static_cast<std::size_t>(perm[static_cast<std::size_t>(m)])];
    p.rows.swap(rows);
}

} // namespace detail

/// Options shared by the data_frame front ends: which columns give weights and offset, the variance.
struct frame_options {
    std::string weights; ///< column of observation weights (empty: none)
    std::string offset;  ///< column added to the linear predictor (empty: none)
    vcov_spec vcov;      ///< variance (default: cluster by the first fixed effect, iid without)
};

} // namespace unbundle
