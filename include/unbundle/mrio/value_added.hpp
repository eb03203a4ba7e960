#pragma once
/// @file mrio/value_added.hpp
/// Value added in trade and GVC participation, from the solves of a value_chain (no explicit L):
///  - VAX (Johnson & Noguera 2012, JIE): VAX_sr = v_s Σ_t L_st Y_tr (G x G; the diagonal is value
///    added absorbed at home), VAX ratio_s = Σ_{r≠s} VAX_sr / E_s;
///  - vertical specialisation (Hummels, Ishii & Yi 2001, JIE): VS_s = Σ_{t≠s} v_t L_ts E_s
///    (foreign value added in gross exports, = KWW terms 7–9);
///  - GVC participation (Koopman, Powers, Wang & Wei 2010, NBER w16426; KWW 2014): backward =
///    VS_s / E_s (foreign content), forward = DVA_INTrex_s / E_s (domestic value added in
///    intermediates the direct importer re-exports to third countries, KWW term 3),
///    participation = backward + forward, position = ln(1 + forward) − ln(1 + backward).
/// Country-sector level: backward by exporting sector (foreign VA in the sector's exports, the
/// backward-linkage view), forward by sector of origin of the value added (forward-linkage view);
/// both add up to the country values.

#include "../config.hpp"
#include "value_chain.hpp"

#include <cmath>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // bodies depend on _OPENMP and EIGEN_USE_BLAS/LAPACKE (config.hpp)

/// Value added in trade and GVC participation of every region (and region-sector).
template <class Scalar = double> struct value_added_trade {
    matrix_x<Scalar> vax;                     ///< G x G, VAX_sr: value added of s absorbed in r (diagonal: at home)
    vector_x<Scalar> exports;                 ///< G, gross exports E_s
    vector_x<Scalar> vax_exports;             ///< G, Σ_{r≠s} VAX_sr (value-added exports)
    vector_x<Scalar> vax_ratio;               ///< G, vax_exports / exports
    vector_x<Scalar> vertical_specialisation; ///< G, VS_s (foreign value added in exports)
    vector_x<Scalar> reexported_dva;          ///< G, DVA_INTrex_s (KWW term 3)
    vector_x<Scalar> gvc_backward;            ///< G, VS / E
    vector_x<Scalar> gvc_forward;             ///< G, DVA_INTrex / E
    vector_x<Scalar> gvc_participation;       ///< G, backward + forward
    vector_x<Scalar> gvc_position;            ///< G, ln(1 + forward) − ln(1 + backward)
    vector_x<Scalar> sector_exports;          ///< n, gross exports of each region-sector
    vector_x<Scalar> sector_vs;               ///< n, foreign VA in the exports of each region-sector (backward)
    vector_x<Scalar> sector_reexported_dva;   ///< n, DVA_INTrex originating in each region-sector (forward)
    vector_x<Scalar> sector_vax;              ///< n, value added of each region-sector absorbed abroad
};

/// Options of value_added_in_trade.
struct value_added_options {
    /// Compute `sector_reexported_dva` (forward participation by sector of origin), which costs 2G
    /// solves more (L_ss Y_ss and L_ss ef_s); false leaves it empty. Every other field is computed
    /// either way, from the same numbers.
    bool sector_forward = true;
};

/// VAX, VS and GVC participation (see the file comment). Regions or sectors without exports get
/// ratios of 0. Cost: two extra sets of G solves (for L_ss Y_ss and L_ss ef_s at sector level),
/// none with `opt.sector_forward` false.
template <class Scalar>
value_added_trade<Scalar> value_added_in_trade(const value_chain<Scalar>& vc, const value_added_options& opt = {}) {
    const index_t G = vc.num_regions(), N = vc.num_sectors(), n = vc.n();
    value_added_trade<Scalar> out;
    const auto& v = vc.v();
    const matrix_x<Scalar>& LY = vc.LY();
    const matrix_x<Scalar>& VL = vc.VL();
    // VAX_sr = Σ_{i∈s} v_i LY(i, r)
    const matrix_x<Scalar> vLY = v.asDiagonal() * LY; // n x G
    out.vax.resize(G, G);
    for (index_t s = 0; s < G; ++s) out.vax.row(s) = vLY.middleRows(s * N, N).colwise().sum();
    out.exports.resize(G);
    out.vax_exports.resize(G);
    out.vertical_specialisation.resize(G);
    out.reexported_dva.resize(G);
    // L_ss Y_ss and L_ss ef_s per row (sector-level forward view): solves with block-diagonal right-hand sides
    matrix_x<Scalar> P;
    vector_x<Scalar> Lydom;
    if (opt.sector_forward) {
        matrix_x<Scalar> Yd = matrix_x<Scalar>::Zero(n, 2 * G);
        for (index_t s = 0; s < G; ++s) {
            Yd.col(s).segment(s * N, N) = vc.domestic_final().segment(s * N, N);
            Yd.col(G + s).segment(s * N, N) = vc.final_exports().segment(s * N, N);
        }
        P = vc.leontief_factor().solve(Yd);
        Lydom = P.leftCols(G).rowwise().sum();
        out.sector_reexported_dva.resize(n);
    }
    out.sector_exports = vc.E();
    out.sector_vs = vc.foreign_content().cwiseProduct(vc.E());
    out.sector_vax.resize(n);
    for (index_t s = 0; s < G; ++s) {
        for (index_t k = 0; k < N; ++k) {
            const index_t i = s * N + k;
            const Scalar vax_i = vLY.row(i).sum() - vLY(i, s);
            out.sector_vax(i) = vax_i;
            if (!opt.sector_forward) continue;
            const Scalar t1 = v(i) * P(i, G + s);          // v_i (L_ss ef_s)_i
            const Scalar t2 = v(i) * (Lydom(i) - P(i, s)); // v_i (Σ_{r≠s} L_sr Y_rr)_i
            out.sector_reexported_dva(i) = vax_i - t1 - t2;
        }
        out.exports(s) = vc.E().segment(s * N, N).sum();
        out.vax_exports(s) = out.vax.row(s).sum() - out.vax(s, s);
        out.vertical_specialisation(s) = out.sector_vs.segment(s * N, N).sum();
        // KWW term 3 at country level from VL (as in decompose.hpp): VAX − T1 − T2
        const Scalar t1 = VL.row(s).segment(s * N, N).dot(vc.final_exports().segment(s * N, N).transpose());
        const Scalar t2 = VL.row(s).dot(vc.domestic_final().transpose()) -
                          VL.row(s).segment(s * N, N).dot(vc.domestic_final().segment(s * N, N).transpose());
        out.reexported_dva(s) = out.vax_exports(s) - t1 - t2;
    }
    auto ratio = [](Scalar a, Scalar b) { return b == Scalar(0) ? Scalar(0) : a / b; };
    out.vax_ratio.resize(G);
    out.gvc_backward.resize(G);
    out.gvc_forward.resize(G);
    out.gvc_participation.resize(G);
    out.gvc_position.resize(G);
    for (index_t s = 0; s < G; ++s) {
        out.vax_ratio(s) = ratio(out.vax_exports(s), out.exports(s));
        out.gvc_backward(s) = ratio(out.vertical_specialisation(s), out.exports(s));
        out.gvc_forward(s) = ratio(out.reexported_dva(s), out.exports(s));
        out.gvc_participation(s) = out.gvc_backward(s) + out.gvc_forward(s);
        using std::log;
        out.gvc_position(s) = log(Scalar(1) + out.gvc_forward(s)) - log(Scalar(1) + out.gvc_backward(s));
    }
    return out;
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE value_added_trade<double> value_added_in_trade<double>(const value_chain<double>&,
                                                                                const value_added_options&);
} // namespace unbundle
#endif
