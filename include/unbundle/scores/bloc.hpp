#pragma once
/// @file scores/bloc.hpp
/// Integration of a bloc (a set of economies, e.g. the EU): intra-bloc trade share and intensity.
///
/// With x_BB = Σ_{i,j ∈ B, i≠j} x_ij (intra-bloc trade), X_B = Σ_{i∈B} X_i (the members'
/// exports), M_B = Σ_{j∈B} M_j (their imports) and M_w world trade (off-diagonal flows):
///
///     intra_share = x_BB / X_B                      (share of members' exports sold to members)
///     intensity   = (x_BB / X_B) / (M_B / M_w)      (intra share relative to the bloc's weight in
///                                                    world imports; 1 = no bias towards members)
///
/// The intensity is the bloc version of the bilateral trade intensity index (Kojima 1964; the
/// regional trade intensity of ADB's ARIC database). A bloc of all economies has share 1 and
/// intensity 1. Change over a panel: scores/panel.hpp (`bloc_panel_of`).

#include "../config.hpp"
#include "../core/trade_matrix.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace unbundle {

/// Integration of a bloc in one trade matrix.
template <class Scalar = double> struct bloc_scores {
    std::vector<std::string> members;
    Scalar intra_trade = Scalar(0); ///< x_BB
    Scalar exports = Scalar(0);     ///< X_B (members' international exports, intra included)
    Scalar imports = Scalar(0);     ///< M_B
    Scalar world_trade = Scalar(0); ///< M_w
    Scalar intra_share = Scalar(0); ///< x_BB / X_B
    Scalar intensity = Scalar(0);   ///< (x_BB / X_B) / (M_B / M_w)
};

/// Intra-bloc share and intensity of `members` in `flows`.
/// @throws usage_error (empty bloc, a member listed twice), key_error (a member that is not an
///         economy of the flows, naming it), domain_error (a bloc without exports or imports).
template <class Scalar>
bloc_scores<Scalar> bloc_scores_of(const trade_matrix<Scalar>& flows, const std::vector<std::string>& members) {
    if (members.empty()) throw usage_error("bloc_scores: the bloc has no members");
    std::vector<index_t> idx;
    idx.reserve(members.size());
    for (const auto& m : members) {
        const auto k = flows.economies().find(m);
        if (!k)
            throw key_error("bloc_scores: bloc member '" + m + "' is not an economy of the flows (" +
                            std::to_string(flows.size()) + " economies)");
        if (std::find(idx.begin(), idx.end(), *k) != idx.end())
            throw usage_error("bloc_scores: bloc member '" + m + "' is listed twice");
        idx.push_back(*k);
    }
    const matrix_x<Scalar>& X = flows.flows();
    bloc_scores<Scalar> b;
    b.members = members;
    const vector_x<Scalar> ex = flows.exports(), im = flows.imports();
    b.world_trade = ex.sum();
    for (const index_t i : idx) {
        b.exports += ex(i);
        b.imports += im(i);
        for (const index_t j : idx)
            if (i != j) b.intra_trade += X(i, j);
    }
    if (!(b.exports > Scalar(0)) || !(b.imports > Scalar(0)))
        throw domain_error("bloc_scores: the bloc (" + members.front() + (members.size() > 1 ? ", ..." : "") +
                           ") has no international exports or imports");
    b.intra_share = b.intra_trade / b.exports;
    b.intensity = b.intra_share / (b.imports / b.world_trade);
    return b;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE bloc_scores<double> bloc_scores_of<double>(const trade_matrix<double>&,
                                                                    const std::vector<std::string>&);
} // namespace unbundle
#endif
