#pragma once
/// @file gravity/frame.hpp
/// The data-frame front end of the estimators (an adapter: data/ to gravity/): the estimation
/// problem of a formula on a `data_frame` (read by `read_csv`), and `ppml` and `feols` of a
/// formula over a frame.

#include "../config.hpp"
#include "../data/csv.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"
#include "feols.hpp"
#include "model.hpp"
#include "ppml.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace unbundle {

namespace detail {

/// Codes of a (possibly interacted, "a^b") variable of a data_frame; level names joined by "_".
template <class Dep = void>
inline std::vector<std::int32_t> frame_codes(const data_frame& df, const std::vector<std::string>& parts,
                                             std::vector<std::string>* level_names) {
    std::vector<std::string> lv0;
    std::vector<std::int32_t> codes = df[parts[0]].factorize(level_names ? &lv0 : nullptr);
    std::vector<std::vector<std::string>> lvs;
    if (level_names) lvs.push_back(lv0);
    std::int32_t size = 0;
    for (auto c : codes) size = std::max(size, c + 1);
    for (std::size_t k = 1; k < parts.size(); ++k) {
        std::vector<std::string> lvk;
        const std::vector<std::int32_t> b = df[parts[k]].factorize(level_names ? &lvk : nullptr);
        std::int32_t sb = 0;
        for (auto c : b) sb = std::max(sb, c + 1);
        std::vector<std::int32_t> combined = interact_codes(codes, b, sb);
        if (level_names) {
            // name each new level after the first row that has it
            std::int32_t g = 0;
            for (auto c : combined) g = std::max(g, c + 1);
            std::vector<std::string> names(static_cast<std::size_t>(g));
            std::vector<char> done(static_cast<std::size_t>(g), 0);
            for (std::size_t n = 0; n < combined.size(); ++n) {
                const auto c = combined[n];
                if (c < 0 || done[static_cast<std::size_t>(c)]) continue;
                done[static_cast<std::size_t>(c)] = 1;
                names[static_cast<std::size_t>(c)] =
                    lv0[static_cast<std::size_t>(codes[n])] + "_" + lvk[static_cast<std::size_t>(b[n])];
            }
            lv0 = std::move(names);
        }
        codes = std::move(combined);
        size = 0;
        for (auto c : codes) size = std::max(size, c + 1);
    }
    if (level_names) *level_names = std::move(lv0);
    return codes;
}

} // namespace detail

namespace detail {

/// The columns a formula uses in a data_frame, and which rows have all of them (`keep`).
struct frame_columns {
    const std::vector<double>* y = nullptr;
    std::vector<const std::vector<double>*> xs; ///< regressors, in formula order
    const std::vector<double>* w = nullptr;     ///< weights (none: null)
    const std::vector<double>* offset = nullptr;
    std::vector<std::vector<std::string>> fe_levels; ///< level names of each fixed effect's codes
    std::vector<char> keep;
};

/// Looks up the outcome, regressors, fixed effects, weights, offset and cluster variables of `f`
/// in `df` (names and codes into `p`), marks rows with a missing value, and resolves the variance.
template <class Dep = void>
inline frame_columns frame_select(const data_frame& df, const formula& f, const frame_options& opt,
                                  detail::dependent_t<hdfe_problem, Dep>& p, vcov_spec& vs) {
    const index_t N = df.rows();
    frame_columns c;
    c.keep.assign(static_cast<std::size_t>(N), 1);
    auto mark_missing = [&](const column& col) {
        if (col.missing_count() == 0) return;
        for (index_t n = 0; n < N; ++n)
            if (col.missing(n)) c.keep[static_cast<std::size_t>(n)] = 0;
    };
    auto mark_codes = [&](const std::vector<std::int32_t>& codes) {
        for (index_t n = 0; n < N; ++n)
            if (codes[static_cast<std::size_t>(n)] < 0) c.keep[static_cast<std::size_t>(n)] = 0;
    };
    auto numeric = [&](const std::string& name) {
        const std::vector<double>* v = &df[name].values();
        mark_missing(df[name]);
        return v;
    };
    p.outcome_name = f.outcome;
    c.y = numeric(f.outcome);
    for (const auto& t : f.regressors) {
        c.xs.push_back(numeric(t.column));
        p.names.push_back(t.label());
    }
    for (std::size_t q = 0; q < f.fixed_effects.size(); ++q) {
        std::vector<std::string> lv;
        std::vector<std::int32_t> codes = frame_codes(df, f.fixed_effects[q], &lv);
        mark_codes(codes);
        p.fe.codes.push_back(std::move(codes));
        p.fe.names.push_back(f.fixed_effect_name(q));
        c.fe_levels.push_back(std::move(lv));
    }
    if (!opt.weights.empty()) c.w = numeric(opt.weights);
    if (!opt.offset.empty()) c.offset = numeric(opt.offset);
    vs = opt.vcov;
    if (!vs.kind_set) {
        if (!f.fixed_effects.empty())
            vs = vcov_spec::clustered({f.fixed_effect_name(0)});
        else
            vs = vcov_spec::iid();
        vs.kind_set = false;
    }
    if (vs.kind == vcov_kind::cluster) {
        for (const auto& cv : vs.cluster) {
            std::vector<std::int32_t> codes = frame_codes(df, split_interaction(cv), nullptr);
            mark_codes(codes);
            p.clusters.push_back(std::move(codes));
            p.cluster_names.push_back(cv);
        }
    }
    return c;
}

/// Value checks on the rows kept (log of a non-positive value, a negative or non-finite weight);
/// a zero weight drops the row.
template <class Dep = void>
inline void frame_check_values(const data_frame& df, const formula& f, const frame_options& opt, frame_columns& c,
                               const char* func) {
    auto src = [&](index_t row) {
        return (df.source().empty() ? std::string("data") : df.source()) + " (data row " + std::to_string(row + 1) +
               ")";
    };
    for (index_t n = 0; n < df.rows(); ++n) {
        const auto k = static_cast<std::size_t>(n);
        if (!c.keep[k]) continue;
        for (std::size_t j = 0; j < f.regressors.size(); ++j) {
            if (f.regressors[j].fn == formula_term::transform::log && !((*c.xs[j])[k] > 0))
                throw domain_error(std::string(func) + ": log(" + f.regressors[j].column +
                                   ") needs positive values but '" + f.regressors[j].column + "' is " +
                                   to_string_full((*c.xs[j])[k]) + " at " + src(n));
        }
        if (c.w) {
            const double w = (*c.w)[k];
            if (!(w >= 0) || !std::isfinite(w))
                throw domain_error(std::string(func) + ": weight '" + opt.weights +
                                   "' must be finite and non-negative but is " + to_string_full(w) + " at " + src(n));
            if (w == 0) c.keep[k] = 0;
        }
    }
}

/// Copies the M rows kept into p's outcome, design (intercept first, logs taken), weights, offset.
template <class Dep = void>
inline void frame_fill(const formula& f, const frame_columns& c, index_t M, detail::dependent_t<hdfe_problem, Dep>& p) {
    p.y.resize(M);
    const index_t K = static_cast<index_t>(f.regressors.size()) + (f.intercept ? 1 : 0);
    p.X.resize(M, K);
    if (c.w) p.weights.resize(M);
    if (c.offset) p.offset.resize(M);
    p.rows.resize(static_cast<std::size_t>(M));
    index_t m = 0;
    for (index_t n = 0; n < static_cast<index_t>(c.keep.size()); ++n) {
        const auto k = static_cast<std::size_t>(n);
        if (!c.keep[k]) continue;
        p.y(m) = (*c.y)[k];
        index_t col = 0;
        if (f.intercept) p.X(m, col++) = 1.0;
        for (std::size_t j = 0; j < f.regressors.size(); ++j) {
            const double v = (*c.xs[j])[k];
            p.X(m, col++) = f.regressors[j].fn == formula_term::transform::log ? std::log(v) : v;
        }
        if (c.w) p.weights(m) = (*c.w)[k];
        if (c.offset) p.offset(m) = (*c.offset)[k];
        p.rows[static_cast<std::size_t>(m)] = n;
        ++m;
    }
    if (f.intercept) p.names.insert(p.names.begin(), "(Intercept)");
}

/// Subsets the fixed-effect and cluster codes to the M rows kept and renumbers them 0..G−1 (level
/// names follow).
template <class Dep = void>
inline void frame_compact_codes(const frame_columns& c, index_t M, detail::dependent_t<hdfe_problem, Dep>& p) {
    const auto N = static_cast<index_t>(c.keep.size());
    auto compact = [&](std::vector<std::int32_t>& codes) {
        std::vector<std::int32_t> o(static_cast<std::size_t>(M));
        index_t mm = 0;
        for (index_t n = 0; n < N; ++n)
            if (c.keep[static_cast<std::size_t>(n)])
                o[static_cast<std::size_t>(mm++)] = codes[static_cast<std::size_t>(n)];
        codes.swap(o);
    };
    for (std::size_t q = 0; q < p.fe.codes.size(); ++q) {
        compact(p.fe.codes[q]);
        const std::vector<std::int32_t> orig = p.fe.codes[q];
        std::vector<std::int32_t> first;
        const std::int32_t g = densify_codes(p.fe.codes[q], &first);
        p.fe.sizes.push_back(g);
        std::vector<std::string> lv(static_cast<std::size_t>(g));
        const auto& names = c.fe_levels[q];
        for (std::int32_t j = 0; j < g; ++j) {
            const auto oc =
                static_cast<std::size_t>(orig[static_cast<std::size_t>(first[static_cast<std::size_t>(j)])]);
            if (oc < names.size()) lv[static_cast<std::size_t>(j)] = names[oc];
        }
        p.fe.levels.push_back(std::move(lv));
    }
    for (auto& codes : p.clusters) {
        compact(codes);
        densify_codes(codes);
    }
}

} // namespace detail

/// Builds the estimation problem of a formula on a data_frame. Rows with a missing value in a
/// used column (or a zero weight) are dropped and counted in `missing`.
/// @throws key_error (unknown column, listing the columns), parse_error (text in a numeric
///   column: file, line, column), domain_error (log of a non-positive value, negative or
///   non-finite weight; naming the row), usage_error (bad formula or vcov).
template <class Dep = void>
hdfe_problem build_problem(const data_frame& df, const formula& f, const frame_options& opt, const char* func,
                           index_t* missing_out, vcov_spec* vcov_out) {
    hdfe_problem p;
    vcov_spec vs;
    detail::frame_columns c = detail::frame_select(df, f, opt, p, vs);
    detail::frame_check_values(df, f, opt, c, func);
    index_t M = 0;
    for (auto k : c.keep) M += k ? 1 : 0;
    if (missing_out) *missing_out = df.rows() - M;
    if (vcov_out) *vcov_out = vs;
    if (M == 0) throw domain_error(std::string(func) + ": no observation without missing values in " + df.source());
    detail::frame_fill(f, c, M, p);
    detail::frame_compact_codes(c, M, p);
    return p;
}

namespace detail {

/// The data_frame front end shared by ppml and feols: parses the formula, builds the problem,
/// calls `fit(problem, vcov)` and records the rows dropped for missing values and the formula.
template <class Fit>
hdfe_result fit_formula(const data_frame& df, std::string_view formula_text, const ppml_options& opt, const char* func,
                        Fit&& fit) {
    const formula f = parse_formula(formula_text);
    index_t missing = 0;
    vcov_spec spec;
    hdfe_problem p = build_problem(df, f, opt.frame, func, &missing, &spec);
    hdfe_result r = fit(std::move(p), spec);
    r.dropped.missing = missing;
    r.nobs_total = r.nobs + r.dropped.total();
    r.formula = std::string(formula_text);
    if (missing) r.notes.insert(r.notes.begin(), std::to_string(missing) + " observations dropped for missing values");
    return r;
}

} // namespace detail

/// PPML of a formula over a data_frame (read_csv), e.g.
/// `ppml(df, "trade ~ eu_enlargement + other_fta | exporter^year + importer^year + exporter^importer")`.
/// Options' `frame` selects weights, offset and the variance (`cluster:VAR` names columns or
/// interactions of the frame).
/// @throws usage_error (formula), key_error (unknown column), parse_error (text in a numeric
///   column), domain_error (bad values), numerical_error.
template <class Dep = void>
hdfe_result ppml(const data_frame& df, std::string_view formula_text, const ppml_options& opt = {}) {
    return detail::fit_formula(df, formula_text, opt, "ppml",
                               [&](hdfe_problem&& p, const vcov_spec& spec) { return ppml(std::move(p), opt, spec); });
}

/// feols of a formula over a data_frame: `feols(df, "log_trade ~ rta | exporter^year + importer^year")`.
template <class Dep = void>
hdfe_result feols(const data_frame& df, std::string_view formula_text, const ppml_options& opt = {}) {
    return detail::fit_formula(df, formula_text, opt, "feols",
                               [&](hdfe_problem&& p, const vcov_spec& spec) { return feols(std::move(p), opt, spec); });
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE hdfe_problem build_problem<>(const data_frame&, const formula&, const frame_options&,
                                                      const char*, index_t*, vcov_spec*);
UNBUNDLE_EXTERN_TEMPLATE hdfe_result ppml<>(const data_frame&, std::string_view, const ppml_options&);
UNBUNDLE_EXTERN_TEMPLATE hdfe_result feols<>(const data_frame&, std::string_view, const ppml_options&);
} // namespace unbundle
#endif
