#pragma once
/// @file gravity/frame.hpp
/// The data-frame front end of the estimators (an adapter: data/ to gravity/): the estimation
/// problem of a formula on a `data_frame` (read by `read_csv`), and `ppml` and `feols` of a
/// formula over a frame.

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
                names[static_cast<std::size_t>(c)] = lv0[static_cast<std::size_t>(codes[n])] + "_" +
                                                     lvk[static_cast<std::size_t>(b[n])];
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

/// Builds the estimation problem of a formula on a data_frame. Rows with a missing value in a
/// used column (or a zero weight) are dropped and counted in `missing`.
/// @throws key_error (unknown column, listing the columns), parse_error (text in a numeric
///   column: file, line, column), domain_error (log of a non-positive value, negative or
///   non-finite weight; naming the row), usage_error (bad formula or vcov).
template <class = void>
inline hdfe_problem build_problem(const data_frame& df, const formula& f, const frame_options& opt,
                                  const char* func, index_t* missing_out, vcov_spec* vcov_out) {
    hdfe_problem p;
    const index_t N = df.rows();
    std::vector<char> keep(static_cast<std::size_t>(N), 1);
    auto src = [&](index_t row) {
        return (df.source().empty() ? std::string("data") : df.source()) + " (data row " + std::to_string(row + 1) + ")";
    };
    auto numeric = [&](const std::string& name) -> const std::vector<double>& {
        const column& c = df[name];
        return c.values();
    };
    auto mark_missing = [&](const column& c) {
        if (c.missing_count() == 0) return;
        for (index_t n = 0; n < N; ++n)
            if (c.missing(n)) keep[static_cast<std::size_t>(n)] = 0;
    };
    // outcome
    p.outcome_name = f.outcome;
    const std::vector<double>& yv = numeric(f.outcome);
    mark_missing(df[f.outcome]);
    // regressors
    std::vector<const std::vector<double>*> xs;
    for (const auto& t : f.regressors) {
        xs.push_back(&numeric(t.column));
        mark_missing(df[t.column]);
        p.names.push_back(t.label());
    }
    // fixed effects
    std::vector<std::vector<std::string>> fe_levels;
    for (std::size_t q = 0; q < f.fixed_effects.size(); ++q) {
        std::vector<std::string> lv;
        std::vector<std::int32_t> c = detail::frame_codes(df, f.fixed_effects[q], &lv);
        for (index_t n = 0; n < N; ++n)
            if (c[static_cast<std::size_t>(n)] < 0) keep[static_cast<std::size_t>(n)] = 0;
        p.fe.codes.push_back(std::move(c));
        p.fe.names.push_back(f.fixed_effect_name(q));
        fe_levels.push_back(std::move(lv));
    }
    // weights, offset
    const std::vector<double>* wv = nullptr;
    const std::vector<double>* ov = nullptr;
    if (!opt.weights.empty()) {
        wv = &numeric(opt.weights);
        mark_missing(df[opt.weights]);
    }
    if (!opt.offset.empty()) {
        ov = &numeric(opt.offset);
        mark_missing(df[opt.offset]);
    }
    // variance
    vcov_spec vs = opt.vcov;
    if (!vs.kind_set) {
        if (!f.fixed_effects.empty())
            vs = vcov_spec::clustered({f.fixed_effect_name(0)});
        else
            vs = vcov_spec::iid();
        vs.kind_set = false;
    }
    if (vs.kind == vcov_kind::cluster) {
        for (const auto& cv : vs.cluster) {
            std::vector<std::int32_t> c = detail::frame_codes(df, detail::split_interaction(cv), nullptr);
            for (index_t n = 0; n < N; ++n)
                if (c[static_cast<std::size_t>(n)] < 0) keep[static_cast<std::size_t>(n)] = 0;
            p.clusters.push_back(std::move(c));
            p.cluster_names.push_back(cv);
        }
    }
    // value checks on the rows kept
    for (index_t n = 0; n < N; ++n) {
        const auto k = static_cast<std::size_t>(n);
        if (!keep[k]) continue;
        for (std::size_t j = 0; j < f.regressors.size(); ++j) {
            if (f.regressors[j].fn == formula_term::transform::log && !((*xs[j])[k] > 0))
                throw domain_error(std::string(func) + ": log(" + f.regressors[j].column +
                                   ") needs positive values but '" + f.regressors[j].column + "' is " +
                                   detail::to_string_full((*xs[j])[k]) + " at " + src(n));
        }
        if (wv) {
            const double w = (*wv)[k];
            if (!(w >= 0) || !std::isfinite(w))
                throw domain_error(std::string(func) + ": weight '" + opt.weights + "' must be finite and non-negative but is " +
                                   detail::to_string_full(w) + " at " + src(n));
            if (w == 0) keep[k] = 0;
        }
    }
    index_t M = 0;
    for (auto k : keep) M += k ? 1 : 0;
    if (missing_out) *missing_out = N - M;
    if (vcov_out) *vcov_out = vs;
    if (M == 0) throw domain_error(std::string(func) + ": no observation without missing values in " + df.source());
    p.y.resize(M);
    const index_t K = static_cast<index_t>(f.regressors.size()) + (f.intercept ? 1 : 0);
    p.X.resize(M, K);
    if (wv) p.weights.resize(M);
    if (ov) p.offset.resize(M);
    p.rows.resize(static_cast<std::size_t>(M));
    index_t m = 0;
    for (index_t n = 0; n < N; ++n) {
        const auto k = static_cast<std::size_t>(n);
        if (!keep[k]) continue;
        p.y(m) = yv[k];
        index_t col = 0;
        if (f.intercept) p.X(m, col++) = 1.0;
        for (std::size_t j = 0; j < f.regressors.size(); ++j) {
            const double v = (*xs[j])[k];
            p.X(m, col++) = f.regressors[j].fn == formula_term::transform::log ? std::log(v) : v;
        }
        if (wv) p.weights(m) = (*wv)[k];
        if (ov) p.offset(m) = (*ov)[k];
        p.rows[static_cast<std::size_t>(m)] = n;
        ++m;
    }
    if (f.intercept) p.names.insert(p.names.begin(), "(Intercept)");
    // subset codes to kept rows and densify
    auto compact = [&](std::vector<std::int32_t>& c) {
        std::vector<std::int32_t> o(static_cast<std::size_t>(M));
        index_t mm = 0;
        for (index_t n = 0; n < N; ++n)
            if (keep[static_cast<std::size_t>(n)]) o[static_cast<std::size_t>(mm++)] = c[static_cast<std::size_t>(n)];
        c.swap(o);
    };
    for (std::size_t q = 0; q < p.fe.codes.size(); ++q) {
        compact(p.fe.codes[q]);
        const std::vector<std::int32_t> orig = p.fe.codes[q];
        std::vector<std::int32_t> first;
        const std::int32_t g = detail::densify_codes(p.fe.codes[q], &first);
        p.fe.sizes.push_back(g);
        std::vector<std::string> lv(static_cast<std::size_t>(g));
        const auto& names = fe_levels[q];
        for (std::int32_t j = 0; j < g; ++j) {
            const auto oc = static_cast<std::size_t>(orig[static_cast<std::size_t>(first[static_cast<std::size_t>(j)])]);
            if (oc < names.size()) lv[static_cast<std::size_t>(j)] = names[oc];
        }
        p.fe.levels.push_back(std::move(lv));
    }
    for (auto& c : p.clusters) {
        compact(c);
        detail::densify_codes(c);
    }
    return p;
}

/// PPML of a formula over a data_frame (read_csv), e.g.
/// `ppml(df, "trade ~ eu_enlargement + other_fta | exporter^year + importer^year + exporter^importer")`.
/// Options' `frame` selects weights, offset and the variance (`cluster:VAR` names columns or
/// interactions of the frame).
/// @throws usage_error (formula), key_error (unknown column), parse_error (text in a numeric
///   column), domain_error (bad values), numerical_error.
template <class = void>
inline hdfe_result ppml(const data_frame& df, std::string_view formula_text, const ppml_options& opt = {}) {
    const formula f = parse_formula(formula_text);
    index_t missing = 0;
    vcov_spec spec;
    hdfe_problem p = build_problem(df, f, opt.frame, "ppml", &missing, &spec);
    hdfe_result r = [&] {
        drop_counts pre;
        pre.missing = missing;
        (void)pre;
        return ppml(std::move(p), opt, spec);
    }();
    r.dropped.missing = missing;
    r.nobs_total = r.nobs + r.dropped.total();
    r.formula = std::string(formula_text);
    if (missing) r.notes.insert(r.notes.begin(), std::to_string(missing) + " observations dropped for missing values");
    return r;
}

/// feols of a formula over a data_frame: `feols(df, "log_trade ~ rta | exporter^year + importer^year")`.
template <class = void>
inline hdfe_result feols(const data_frame& df, std::string_view formula_text, const ppml_options& opt = {}) {
    const formula f = parse_formula(formula_text);
    index_t missing = 0;
    vcov_spec spec;
    hdfe_problem p = build_problem(df, f, opt.frame, "feols", &missing, &spec);
    hdfe_result r = feols(std::move(p), opt, spec);
    r.dropped.missing = missing;
    r.nobs_total = r.nobs + r.dropped.total();
    r.formula = std::string(formula_text);
    if (missing) r.notes.insert(r.notes.begin(), std::to_string(missing) + " observations dropped for missing values");
    return r;
}

} // namespace unbundle
