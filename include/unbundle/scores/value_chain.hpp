#pragma once
/// @file scores/value_chain.hpp
/// Value-chain scores of every economy of a multi-regional input-output table, through the
/// input-output module (`mrio/value_added.hpp`, `mrio/accounts.hpp`), for one table or a panel of
/// yearly tables (WIOD 1995–2011 in one call), and their use as composite-index indicators.
///
/// Definitions (s an economy, E_s its gross exports Σ_{r≠s} E_sr in the balanced convention
/// x = Z·1 + Y·1, KWW = Koopman, Wang & Wei 2014, AER):
/// - gvc_backward_s = VS_s / E_s: foreign value added in s's gross exports (Hummels, Ishii & Yi
///   2001; KWW terms 7–9), VS_s = Σ_{t≠s} v_t L_ts E_s;
/// - gvc_forward_s = DVA_INTrex_s / E_s: s's domestic value added in intermediates that the direct
///   importer re-exports to third countries (KWW term 3; "IV" of Koopman, Powers, Wang & Wei 2010,
///   NBER w16426), computed as VAX_s − (DVA in final exports) − (DVA in intermediates absorbed by
///   the direct importer);
/// - gvc_participation_s = gvc_backward_s + gvc_forward_s (Koopman et al. 2010);
/// - gvc_position_s = ln(1 + gvc_forward_s) − ln(1 + gvc_backward_s) (Koopman et al. 2010):
///   positive when s supplies more value added to others' exports than it uses from others in its
///   own (upstream), negative when downstream;
/// - upstreamness_s = Σ_{i∈s} x_i U_i / Σ_{i∈s} x_i, the output-weighted mean of the sectors'
///   upstreamness U = x̂⁻¹ L x (Antràs, Chor, Fally & Hillberry 2012), on the table's own x
///   (published where given), as `unbundle mrio` reports it.
/// These are the values of `value_added_in_trade` and `upstreamness` (and of `unbundle mrio`),
/// labelled by economy.
///
/// Treatments (never NaN): an economy without exports has backward, forward and participation 0
/// and position 0; an economy with zero output has upstreamness 1 (the value of each of its
/// zero-output sectors). A table that is not productive is a `numerical_error` (in a panel: with
/// the year in front).

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "../error.hpp"
#include "../mrio/accounts.hpp"
#include "../mrio/leontief.hpp"
#include "../mrio/value_added.hpp"
#include "../mrio/value_chain.hpp"

#include <algorithm>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace unbundle {

/// Options of `value_chain_scores_of`.
struct value_chain_scores_options {
    value_chain_options chain{}; ///< the value_chain (balanced convention) behind the GVC measures
    leontief_options leontief{}; ///< the factorisation on the table's own x behind upstreamness
};

/// Value-chain scores of every economy of one table (see the file comment), labelled.
template <class Scalar = double> struct value_chain_scores {
    economy_index economies;            ///< the table's regions, in table order
    vector_x<Scalar> exports;           ///< gross exports E_s (balanced convention)
    vector_x<Scalar> gvc_backward;      ///< VS_s / E_s
    vector_x<Scalar> gvc_forward;       ///< DVA_INTrex_s / E_s
    vector_x<Scalar> gvc_participation; ///< backward + forward
    vector_x<Scalar> gvc_position;      ///< ln(1 + forward) − ln(1 + backward)
    vector_x<Scalar> upstreamness;      ///< output-weighted mean of x̂⁻¹ L x (table's own x)
    std::vector<std::string> notes;     ///< what the user should know about the table
};

/// Value-chain scores of one year of a panel.
template <class Scalar = double> struct value_chain_year {
    int year = 0;
    value_chain_scores<Scalar> scores;
};

/// An indicator table for `composite_index`: rows economies, columns indicators.
template <class Scalar = double> struct indicator_table {
    std::vector<std::string> economies;
    std::vector<std::string> indicators;
    matrix_x<Scalar> values; ///< economies x indicators
};

/// The names `value_chain_indicators` accepts, in the order of `value_chain_scores`.
template <class D = void> inline const std::vector<std::string>& value_chain_indicator_names() {
    static const std::vector<std::string> names{"exports",           "gvc_backward", "gvc_forward",
                                                "gvc_participation", "gvc_position", "upstreamness"};
    return names;
}

/// One score by its name (see `value_chain_indicator_names`). @throws key_error on another name.
template <class Scalar>
const vector_x<Scalar>& value_chain_score(const value_chain_scores<Scalar>& s, const std::string& name) {
    if (name == "exports") return s.exports;
    if (name == "gvc_backward") return s.gvc_backward;
    if (name == "gvc_forward") return s.gvc_forward;
    if (name == "gvc_participation") return s.gvc_participation;
    if (name == "gvc_position") return s.gvc_position;
    if (name == "upstreamness") return s.upstreamness;
    std::string known;
    for (const auto& k : value_chain_indicator_names()) known += (known.empty() ? "" : ", ") + k;
    throw key_error("value_chain_score: unknown value-chain score '" + name + "' (known: " + known + ")");
}

/// The scores named in `names` as the indicator table of `composite_index` (rows economies).
/// The default, backward and forward participation, are both oriented "higher = more integrated"
/// (as `composite_index` requires); participation is their sum and adds no information to a PCA.
/// Position and upstreamness say where, not how much, an economy takes part: name them only for
/// an index of upstream location. @throws key_error (unknown name), usage_error (no names).
template <class Scalar>
indicator_table<Scalar> value_chain_indicators(const value_chain_scores<Scalar>& s,
                                               const std::vector<std::string>& names = {"gvc_backward",
                                                                                        "gvc_forward"}) {
    if (names.empty()) throw usage_error("value_chain_indicators: no indicator named");
    indicator_table<Scalar> t;
    t.economies = s.economies.codes();
    t.indicators = names;
    t.values.resize(s.economies.size(), static_cast<index_t>(names.size()));
    for (std::size_t k = 0; k < names.size(); ++k)
        t.values.col(static_cast<index_t>(k)) = value_chain_score(s, names[k]);
    return t;
}

namespace detail {

/// Runs `f()` and puts "year Y: " in front of the message of a library error it throws.
template <class F> auto with_year(int year, F&& f) -> decltype(f()) {
    return with_context("year " + std::to_string(year) + ": ", std::forward<F>(f));
}

} // namespace detail

UNBUNDLE_CONFIG_BEGIN // bodies depend on _OPENMP and EIGEN_USE_BLAS/LAPACKE (config.hpp)

/// Value-chain scores of every economy of one table: one `value_chain` (balanced convention, one
/// LU and 2G + 2G solves) for the GVC measures, and, for a table with published x, one more LU on
/// its own x for upstreamness (a balanced table reuses the first).
/// @throws numerical_error when the table is not productive; errors of the table's checks.
template <class Scalar>
value_chain_scores<Scalar> value_chain_scores_of(const mrio<Scalar>& t, const value_chain_scores_options& opt = {}) {
    const index_t G = t.num_regions(), N = t.num_sectors();
    value_chain<Scalar> vc(t, opt.chain);
    const value_added_trade<Scalar> va = value_added_in_trade(vc);
    value_chain_scores<Scalar> s;
    s.economies = t.regions();
    s.exports = va.exports;
    s.gvc_backward = va.gvc_backward;
    s.gvc_forward = va.gvc_forward;
    s.gvc_participation = va.gvc_participation;
    s.gvc_position = va.gvc_position;
    s.notes = vc.notes();
    vector_x<Scalar> u;
    if (t.convention() == output_convention::balanced) {
        u = upstreamness(vc.leontief_factor(), t.x());
    } else {
        const leontief<Scalar> L(t, opt.leontief);
        u = upstreamness(L, t.x());
    }
    s.upstreamness.resize(G);
    for (index_t r = 0; r < G; ++r) {
        const auto x = t.x().segment(r * N, N);
        const Scalar out = x.sum();
        s.upstreamness(r) = out != Scalar(0) ? x.dot(u.segment(r * N, N)) / out : Scalar(1);
    }
    return s;
}

/// Value-chain scores of every (year, table) in one call, in the given order.
/// @throws as `value_chain_scores_of`, with "year Y: " in front of the message.
template <class Scalar>
std::vector<value_chain_year<Scalar>> value_chain_panel_of(const std::vector<std::pair<int, mrio<Scalar>>>& tables,
                                                           const value_chain_scores_options& opt = {}) {
    std::vector<value_chain_year<Scalar>> out;
    out.reserve(tables.size());
    for (const auto& yt : tables) { // (a lambda may not capture a structured binding in C++17)
        const mrio<Scalar>& t = yt.second;
        out.push_back({yt.first, detail::with_year(yt.first, [&] { return value_chain_scores_of(t, opt); })});
    }
    return out;
}

/// Value-chain scores of every year in `years` in one call, each table obtained from
/// `load(year)` (a function returning an `mrio<Scalar>`, e.g. one that reads DIR/YYYY), one at a
/// time: memory holds one table, not the panel. `scores/value_chain_files.hpp` reads a directory
/// of YYYY folders this way.
/// @throws what `load` throws and as `value_chain_scores_of`, with "year Y: " in front.
template <class Load, class Table = std::decay_t<std::invoke_result_t<Load&, int>>,
          class Scalar = typename Table::vector_type::Scalar>
std::vector<value_chain_year<Scalar>> value_chain_panel_of(const std::vector<int>& years, Load&& load,
                                                           const value_chain_scores_options& opt = {}) {
    static_assert(std::is_same_v<Table, mrio<Scalar>>, "value_chain_panel_of: load(year) must return an mrio table");
    std::vector<value_chain_year<Scalar>> out;
    out.reserve(years.size());
    for (const int year : years)
        out.push_back({year, detail::with_year(year, [&] {
                           const Table t = load(year);
                           return value_chain_scores_of(t, opt);
                       })});
    return out;
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE indicator_table<double> value_chain_indicators<double>(const value_chain_scores<double>&,
                                                                                const std::vector<std::string>&);
UNBUNDLE_EXTERN_TEMPLATE value_chain_scores<double> value_chain_scores_of<double>(const mrio<double>&,
                                                                                  const value_chain_scores_options&);
UNBUNDLE_EXTERN_TEMPLATE std::vector<value_chain_year<double>>
value_chain_panel_of<double>(const std::vector<std::pair<int, mrio<double>>>&, const value_chain_scores_options&);
} // namespace unbundle
#endif
