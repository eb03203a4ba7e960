#pragma once
/// @file mrio/decompose.hpp
/// Decompositions of gross exports into value-added terms, on a value_chain (balanced table):
///  - Koopman, Wang & Wei (2014, AER) 9 terms by exporting country (kww), from solves only;
///  - Wang, Wei & Zhu (2013, NBER w19677) 16 terms by exporting region-sector x importer (wwz);
///  - Borin & Mancini (2019, WB WP 8804; 2023 ESR) source- and sink-based, exporter perspective,
///    by exporting region-sector x direct importer (borin_mancini).
/// Term names and formulas follow R decompr 6.8 (kww, wwz) and exvatools 0.9 (bm_src, bm_snk);
/// docs/mrio.md maps them. Every row's terms add up to its gross exports (tests check it).
///
/// Results are held at their finest level (rows: exporting regions or region-sectors; columns:
/// importers or one total) and aggregated by export_decomposition::aggregate().

#include "../config.hpp"
#include "value_chain.hpp"

#include <Eigen/LU>

#include <string>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // bodies depend on _OPENMP and EIGEN_USE_BLAS/LAPACKE (config.hpp)

/// Which decomposition.
enum class decomposition_method { kww, wwz, bm_source, bm_sink };

inline const char* to_string(decomposition_method m) noexcept {
    switch (m) {
    case decomposition_method::kww:
        return "kww";
    case decomposition_method::wwz:
        return "wwz";
    case decomposition_method::bm_source:
        return "bm";
    case decomposition_method::bm_sink:
        return "bm_sink";
    }
    return "?";
}

/// Borin–Mancini accounting perspective (which border crossings count as double counting).
///  - exporter: value added crossing the exporting country's border more than once (exvatools'
///    default "country" perspective), split afterwards by exporting sector and direct importer;
///  - bilateral: value added crossing the s→r link more than once (exvatools `partner = r`):
///    each (s, r) flow is decomposed with its own extraction A^{(sr)} = A with block A_sr removed.
enum class bm_perspective { exporter, bilateral };

inline const char* to_string(bm_perspective p) noexcept {
    return p == bm_perspective::bilateral ? "bilateral" : "exporter";
}

/// A decomposition of gross exports. Each term (and aggregate) is a matrix: rows are exporting
/// regions (G) or region-sectors (n, region-major), columns importers (G; own region 0) or one
/// column of totals. gross_exports has the same shape; Σ_k terms[k] = gross_exports entry by entry.
template <class Scalar = double> struct export_decomposition {
    decomposition_method method = decomposition_method::kww;
    output_convention convention = output_convention::balanced; ///< always balanced (x = Z1 + Y1)
    std::vector<std::string> term_names;
    std::vector<std::string> aggregate_names; ///< overlapping sums (Borin–Mancini DC, FC, DVA, GVC, ...)
    bool by_sector = false;                   ///< rows are region-sectors (else regions)
    bool by_partner = false;                  ///< columns are importers (else one total column)
    /// Borin–Mancini only: exporter or bilateral perspective. With bilateral, summing rows over
    /// importers (aggregate(.., false)) gives Σ_r of bilateral terms: DC, FC and gross exports equal
    /// the exporter-perspective totals, the DVA/DDC and FVA/FDC splits do not (B&M 2019, §4).
    bm_perspective perspective = bm_perspective::exporter;
    index_t num_regions = 0, num_sectors = 0;
    matrix_x<Scalar> gross_exports;
    std::vector<matrix_x<Scalar>> terms;
    std::vector<matrix_x<Scalar>> aggregates;

    /// The same decomposition at a coarser level: rows by region instead of region-sector,
    /// and/or one total column instead of importers.
    /// @throws usage_error when asked for a finer level than the decomposition holds.
    export_decomposition aggregate(bool sectors, bool partners) const {
        if ((sectors && !by_sector) || (partners && !by_partner))
            throw usage_error(std::string("export_decomposition::aggregate: ") + to_string(method) + " is computed " +
                              (by_sector ? "by region-sector" : "by exporting region") +
                              (by_partner ? " and importer" : " (no importer detail)") + "; cannot give " +
                              (sectors ? "sector rows" : "region rows") + (partners ? " by importer" : ""));
        export_decomposition out = *this;
        auto fold = [&](const matrix_x<Scalar>& m) {
            matrix_x<Scalar> r = m;
            if (by_sector && !sectors) {
                matrix_x<Scalar> g(num_regions, r.cols());
                for (index_t s = 0; s < num_regions; ++s)
                    g.row(s) = r.middleRows(s * num_sectors, num_sectors).colwise().sum();
                r = std::move(g);
            }
            if (by_partner && !partners) {
                matrix_x<Scalar> c = r.rowwise().sum();
                r = std::move(c);
            }
            return r;
        };
        out.gross_exports = fold(gross_exports);
        for (auto& t : out.terms) t = fold(t);
        for (auto& t : out.aggregates) t = fold(t);
        out.by_sector = sectors;
        out.by_partner = partners;
        return out;
    }

    /// Row/column sums of the terms minus gross exports: max |Σ terms − E| (adding-up residual).
    double max_adding_up_error() const {
        if (terms.empty()) return 0;
        matrix_x<Scalar> s = terms[0];
        for (std::size_t k = 1; k < terms.size(); ++k) s += terms[k];
        return static_cast<double>((s - gross_exports).cwiseAbs().maxCoeff());
    }

    /// Index of a term by name; key_error when absent.
    std::size_t term_index(const std::string& name) const {
        for (std::size_t k = 0; k < term_names.size(); ++k)
            if (term_names[k] == name) return k;
        throw key_error(std::string("export_decomposition: no term '") + name + "' in " + to_string(method));
    }
};

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN

/// An empty decomposition: `terms` zero matrices of rows x cols (rows n when by_sector, else G;
/// cols G when by_partner, else 1). Shared setup of kww, wwz and borin_mancini.
template <class Scalar>
export_decomposition<Scalar> new_decomposition(decomposition_method m, const std::vector<std::string>& names,
                                               bool by_sector, bool by_partner, index_t G, index_t N) {
    export_decomposition<Scalar> d;
    d.method = m;
    d.term_names = names;
    d.by_sector = by_sector;
    d.by_partner = by_partner;
    d.num_regions = G;
    d.num_sectors = N;
    d.terms.assign(d.term_names.size(), matrix_x<Scalar>::Zero(by_sector ? G * N : G, by_partner ? G : 1));
    return d;
}

/// The global inverse B = L of a value chain: its own when formed, else formed here into `store`
/// (the value chain is not changed: call vc.ensure_inverse() once, or build it with
/// explicit_inverse, when several decompositions will be run).
template <class Scalar> const matrix_x<Scalar>& global_inverse(const value_chain<Scalar>& vc, matrix_x<Scalar>& store) {
    const leontief<Scalar>& L = vc.leontief_factor();
    if (L.has_inverse()) return L.inverse();
    store = L.solve(matrix_x<Scalar>::Identity(vc.n(), vc.n()));
    return store;
}

UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// Koopman–Wang–Wei (2014) 9 terms of each region's gross exports (G x 1 each): DVA_FIN DVA_INT
/// DVA_INTrex RDV_FIN RDV_INT DDC FVA_FIN FVA_INT FDC (decompr's names and definitions; FDC in
/// closed form, not as a residual). Solves only: O(n²G) after the factorisation.
template <class Scalar> export_decomposition<Scalar> kww(const value_chain<Scalar>& vc) {
    using mat = matrix_x<Scalar>;
    using vec = vector_x<Scalar>;
    const index_t G = vc.num_regions(), N = vc.num_sectors();
    auto d = detail::new_decomposition<Scalar>(
        decomposition_method::kww,
        {"DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC", "FVA_FIN", "FVA_INT", "FDC"}, false, false, G,
        N);
    d.gross_exports.resize(G, 1);
    const mat &VL = vc.VL(), &A = vc.A(), &Ld = vc.Ld(), &Y = vc.Y();
    const vec &ef = vc.final_exports(), &yd = vc.domestic_final(), &E = vc.E();
    // u = Ld ydom, q = Ld E (blockwise); Au, Aq
    vec u(vc.n()), q(vc.n());
    for (index_t r = 0; r < G; ++r) {
        u.segment(r * N, N) = Ld.middleCols(r * N, N) * yd.segment(r * N, N);
        q.segment(r * N, N) = Ld.middleCols(r * N, N) * E.segment(r * N, N);
    }
    mat uq(vc.n(), 2);
    uq.col(0) = u;
    uq.col(1) = q;
    const mat Auq = A * uq;
    const mat vLYm = vc.v().asDiagonal() * vc.LY();
    for (index_t s = 0; s < G; ++s) {
        const index_t o = s * N;
        const auto VLss = VL.row(s).segment(o, N);
        const Scalar T1 = VLss.dot(ef.segment(o, N).transpose());
        const Scalar T2 = VL.row(s).dot(yd.transpose()) - VLss.dot(yd.segment(o, N).transpose());
        const Scalar vax = vLYm.middleRows(o, N).sum() - vLYm.col(s).segment(o, N).sum();
        const Scalar T3 = vax - T1 - T2;
        const Scalar T4 = VL.row(s).dot(Y.col(s).transpose()) - VLss.dot(Y.col(s).segment(o, N).transpose());
        // w = Σ_{r≠s} v_s L_sr A_rs
        const row_vector_x<Scalar> w = VL.row(s) * A.middleCols(o, N) - VLss * A.block(o, o, N, N);
        const row_vector_x<Scalar> wL = w * Ld.middleCols(o, N);
        const Scalar T5 = wL.dot(yd.segment(o, N).transpose());
        const Scalar T6 = wL.dot(E.segment(o, N).transpose());
        const row_vector_x<Scalar> f = vc.foreign_content().segment(o, N).transpose();
        const Scalar T7 = f.dot(ef.segment(o, N).transpose());
        const vec au = Auq.col(0).segment(o, N) - A.block(o, o, N, N) * u.segment(o, N);
        const vec aq = Auq.col(1).segment(o, N) - A.block(o, o, N, N) * q.segment(o, N);
        const Scalar T8 = f.dot(au.transpose());
        const Scalar T9 = f.dot(aq.transpose());
        const Scalar T[9] = {T1, T2, T3, T4, T5, T6, T7, T8, T9};
        for (int k = 0; k < 9; ++k) d.terms[static_cast<std::size_t>(k)](s, 0) = T[k];
        d.gross_exports(s, 0) = E.segment(o, N).sum();
    }
    return d;
}

/// Wang–Wei–Zhu (2013) 16 terms by exporting region-sector x importer (n x G each), decompr's
/// names and definitions (its wwz(), Table A2/E1 of the paper): DVA_FIN DVA_INT DVA_INTrexI1
/// DVA_INTrexF DVA_INTrexI2 RDV_INT RDV_FIN RDV_FIN2 OVA_FIN MVA_FIN OVA_INT MVA_INT DDC_FIN
/// DDC_INT ODC MDC. Needs the diagonal blocks L_rr of the global inverse: uses the value chain's when
/// formed (explicit_inverse or ensure_inverse()), else forms a copy for this call.
template <class Scalar> export_decomposition<Scalar> wwz(const value_chain<Scalar>& vc) {
    using mat = matrix_x<Scalar>;
    using vec = vector_x<Scalar>;
    const index_t G = vc.num_regions(), N = vc.num_sectors(), n = vc.n();
    mat store;
    const mat& B = detail::global_inverse(vc, store);
    const mat &A = vc.A(), &Y = vc.Y(), &VL = vc.VL(), &Ld = vc.Ld();
    const vec &ef = vc.final_exports(), &E = vc.E(), &x = vc.x();
    auto d = detail::new_decomposition<Scalar>(decomposition_method::wwz,
                                               {"DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2",
                                                "RDV_INT", "RDV_FIN", "RDV_FIN2", "OVA_FIN", "MVA_FIN", "OVA_INT",
                                                "MVA_INT", "DDC_FIN", "DDC_INT", "ODC", "MDC"},
                                               true, true, G, N);
    d.gross_exports = vc.E_sr();

    // P(r, s) = B_rs Y_ss ; Q(r, s) = B_rs ef_s ; LYm(r, s) = Σ_{t≠s} B_rt Y_ts
    mat P(n, G), Q(n, G);
    for (index_t s = 0; s < G; ++s) {
        P.col(s).noalias() = B.middleCols(s * N, N) * Y.block(s * N, s, N, 1);
        Q.col(s).noalias() = B.middleCols(s * N, N) * ef.segment(s * N, N);
    }
    // L·Ym with Ym = Y less the own-region blocks: LY − P (no n x n x G product)
    const mat LYm = vc.LY() - P;
    const vec Lydom = P.rowwise().sum();
    const vec Lef = Q.rowwise().sum();
    // BrrY(r) = B_rr Y_r• (N x G), stacked n x G; Brr_ef = B_rr ef_r
    mat BrrY(n, G);
    vec Brr_ef(n);
    vec LdY(n), LdE(n);
    for (index_t r = 0; r < G; ++r) {
        BrrY.middleRows(r * N, N).noalias() = B.block(r * N, r * N, N, N) * Y.middleRows(r * N, N);
        Brr_ef.segment(r * N, N) = BrrY.middleRows(r * N, N).rowwise().sum() - BrrY.block(r * N, r, N, 1);
        LdY.segment(r * N, N).noalias() = Ld.middleCols(r * N, N) * Y.block(r * N, r, N, 1);
        LdE.segment(r * N, N).noalias() = Ld.middleCols(r * N, N) * E.segment(r * N, N);
    }
    const vec& vLd = vc.vLd();
    const vec& vBd = vc.vBd();
    const vec& fc = vc.foreign_content();
    mat C(N, 11), K(N, 11);
    for (index_t s = 0; s < G; ++s) {
        const index_t o = s * N;
        for (index_t r = 0; r < G; ++r) {
            if (r == s) continue;
            const index_t p = r * N;
            C.col(0) = BrrY.col(r).segment(p, N);                                             // B_rr Y_rr
            C.col(1) = Lydom.segment(p, N) - P.col(r).segment(p, N) - P.col(s).segment(p, N); // Σ_{t∉{s,r}} B_rt Y_tt
            C.col(2) = Brr_ef.segment(p, N) - BrrY.col(s).segment(p, N); // B_rr Σ_{t∉{s,r}} Y_rt
            C.col(3) = Lef.segment(p, N) - Brr_ef.segment(p, N) - Q.col(s).segment(p, N) - LYm.col(s).segment(p, N) +
                       BrrY.col(s).segment(p, N);                            // Σ_{t∉{s,r}} B_rt Σ_{u∉{s,t}} Y_tu
            C.col(4) = P.col(s).segment(p, N);                               // B_rs Y_ss
            C.col(5) = BrrY.col(s).segment(p, N);                            // B_rr Y_rs
            C.col(6) = LYm.col(s).segment(p, N) - BrrY.col(s).segment(p, N); // Σ_{t∉{s,r}} B_rt Y_ts
            C.col(7) = Q.col(s).segment(p, N);                               // B_rs ef_s
            C.col(8) = x.segment(p, N);                                      // x_r
            C.col(9) = LdY.segment(p, N);                                    // Ld_r Y_rr
            C.col(10) = LdE.segment(p, N);                                   // Ld_r E_r
            K.noalias() = A.block(o, p, N, N) * C;
            const auto ysr = Y.col(r).segment(o, N).array();
            const auto vr = VL.row(r).segment(o, N).transpose().array(); // v_r B_rs
            const auto other = fc.segment(o, N).array() - vr;            // Σ_{t∉{s,r}} v_t B_ts
            const auto vl = vLd.segment(o, N).array();
            d.terms[0].block(o, r, N, 1) = ysr * vBd.segment(o, N).array();
            for (int k = 0; k < 7; ++k)
                d.terms[static_cast<std::size_t>(1 + k)].block(o, r, N, 1) = vl * K.col(k).array();
            d.terms[8].block(o, r, N, 1) = ysr * other;
            d.terms[9].block(o, r, N, 1) = ysr * vr;
            d.terms[10].block(o, r, N, 1) = K.col(9).array() * other;
            d.terms[11].block(o, r, N, 1) = K.col(9).array() * vr;
            d.terms[12].block(o, r, N, 1) = vl * K.col(7).array();
            d.terms[13].block(o, r, N, 1) = (vBd.segment(o, N).array() - vl) * K.col(8).array();
            d.terms[14].block(o, r, N, 1) = K.col(10).array() * other;
            d.terms[15].block(o, r, N, 1) = K.col(10).array() * vr;
        }
    }
    return d;
}

/// Borin–Mancini accounting basis: where value added is counted along its path.
///  - source (exvatools bm_src): the first time it crosses the perimeter;
///  - sink (exvatools bm_snk): the last time.
enum class bm_basis { source, sink };

inline const char* to_string(bm_basis b) noexcept { return b == bm_basis::sink ? "sink" : "source"; }

UNBUNDLE_CONFIG_END
namespace detail {
UNBUNDLE_CONFIG_BEGIN

/// What every Borin–Mancini variant shares: the table, B, and the demands seen through the local
/// inverses, LdY = Ld_r Y_r• and LdH = Ld_r H_r• with H = A_m (L Y) (A less its diagonal blocks).
template <class Scalar> struct bm_context {
    using mat = matrix_x<Scalar>;
    using vec = vector_x<Scalar>;
    const value_chain<Scalar>& vc;
    const mat &B, &A, &Y, &Ld, &LY, &Esr; // Esr: bilateral gross exports
    const vec &vBd, &fc;                  // v_s B_ss and foreign content Σ_{t≠s} v_t B_ts
    index_t G, N;
    mat LdY, LdH;
    vec LdYsum, LdHsum;

    bm_context(const value_chain<Scalar>& v, const mat& inverse)
        : vc(v), B(inverse), A(v.A()), Y(v.Y()), Ld(v.Ld()), LY(v.LY()), Esr(v.E_sr()), vBd(v.vBd()),
          fc(v.foreign_content()), G(v.num_regions()), N(v.num_sectors()) {
        const index_t n = vc.n();
        // H(r, l) = Σ_{j≠r} A_rj (LY)_jl; A·L = L − I, so A·(LY) = LY − Y (no n x n x G product)
        mat H = LY - Y;
        LdY.resize(n, G);
        LdH.resize(n, G);
        for (index_t r = 0; r < G; ++r) {
            H.middleRows(r * N, N).noalias() -= A.block(r * N, r * N, N, N) * LY.middleRows(r * N, N);
            LdY.middleRows(r * N, N).noalias() = Ld.middleCols(r * N, N) * Y.middleRows(r * N, N);
            LdH.middleRows(r * N, N).noalias() = Ld.middleCols(r * N, N) * H.middleRows(r * N, N);
        }
        LdYsum = LdY.rowwise().sum();
        LdHsum = LdH.rowwise().sum();
    }

    /// Columns 0..4 of the demands on importer r of exports s→r (column 5 zeroed, the sink
    /// correction's place): Ld_r Y_rr, Ld_r Σ_{j∉{r,s}} Y_rj, Ld_r Y_rs, Ld_r Σ_{l≠s} H_rl, Ld_r H_rs.
    void pair_demands(index_t s, index_t r, mat& C) const {
        const index_t p = r * N;
        C.col(0) = LdY.col(r).segment(p, N);
        C.col(1) = LdYsum.segment(p, N) - LdY.col(r).segment(p, N) - LdY.col(s).segment(p, N);
        C.col(2) = LdY.col(s).segment(p, N);
        C.col(3) = LdHsum.segment(p, N) - LdH.col(s).segment(p, N);
        C.col(4) = LdH.col(s).segment(p, N);
        C.col(5).setZero();
    }
};

/// Writes the six terms of exports s→r into column r of rows of exporter s.
template <class Scalar, class T0, class T1, class T2, class T3, class T4, class T5>
void bm_put(export_decomposition<Scalar>& d, index_t s, index_t r, index_t N, const T0& davax, const T1& rex,
            const T2& ref, const T3& ddc, const T4& fva, const T5& fdc) {
    const index_t o = s * N;
    d.terms[0].block(o, r, N, 1) = davax;
    d.terms[1].block(o, r, N, 1) = rex;
    d.terms[2].block(o, r, N, 1) = ref;
    d.terms[3].block(o, r, N, 1) = ddc;
    d.terms[4].block(o, r, N, 1) = fva;
    d.terms[5].block(o, r, N, 1) = fdc;
}

/// Exporter perspective (perimeter: s's border; A^x = A without s's export rows). Extraction
/// inverse from the global one: B^x_ss = Ld_s, B^x_ts = B_ts B_ss⁻¹ Ld_s.
template <class Scalar>
void bm_exporter(const bm_context<Scalar>& cx, bm_basis basis, export_decomposition<Scalar>& d) {
    using mat = matrix_x<Scalar>;
    using vec = vector_x<Scalar>;
    const index_t G = cx.G, N = cx.N;
    const bool sink = basis == bm_basis::sink;
    const mat &A = cx.A, &Y = cx.Y, &Ld = cx.Ld, &LY = cx.LY;
    const vec &vBd = cx.vBd, &fc = cx.fc;
    mat C(N, 6), K(N, 6), Bc(N, 3), kk(N, 3);
    vec fx(N), cf(N);
    for (index_t s = 0; s < G; ++s) {
        const index_t o = s * N;
        const Eigen::PartialPivLU<mat> Bss(cx.B.block(o, o, N, N));
        // source FVA coefficient fx = (Σ_{t≠s} v_t B_ts) B_ss⁻¹ Ld_s
        const vec fy = Bss.transpose().solve(vec(fc.segment(o, N)));
        fx.noalias() = Ld.middleCols(o, N).transpose() * fy;
        if (sink) { // corrections through the extraction inverse, all of the form B_rs · (N-vector)
            const vec LYs_not = LY.middleRows(o, N).rowwise().sum() - LY.col(s).segment(o, N);
            const vec ds1 = Ld.middleCols(o, N) * Y.col(s).segment(o, N) - LY.col(s).segment(o, N);
            kk.col(0) = Bss.solve(ds1);                                                // k1 (column s)
            kk.col(1) = Bss.solve(vec(-LYs_not));                                      // k2 (columns ≠ s)
            kk.col(2) = Bss.solve(vec(Ld.middleCols(o, N) * cx.vc.E().segment(o, N))); // g = B_ss⁻¹ Ld_s E_s
        }
        cf = sink ? vec(vBd.segment(o, N)) : vec(cx.vc.vLd().segment(o, N));
        const auto c = cf.array();
        const auto f = fc.segment(o, N).array();
        for (index_t r = 0; r < G; ++r) {
            if (r == s) continue;
            cx.pair_demands(s, r, C);
            if (sink) {
                Bc.noalias() = cx.B.block(r * N, o, N, N) * kk; // B_rs [k1 k2 g]
                C.col(4) += Bc.col(0);
                C.col(3) += Bc.col(1);
                C.col(5) = Bc.col(2);
            }
            K.noalias() = A.block(o, r * N, N, N) * C;
            const auto ysr = Y.col(r).segment(o, N).array();
            const auto esr = cx.Esr.col(r).segment(o, N).array();
            const auto davax = c * (ysr + K.col(0).array());
            const auto rex = c * (K.col(1).array() + K.col(3).array());
            const auto ref = c * (K.col(2).array() + K.col(4).array());
            if (!sink) {
                bm_put(d, s, r, N, davax, rex, ref, (vBd.segment(o, N).array() - c) * esr, fx.array() * esr,
                       (f - fx.array()) * esr);
            } else {
                const auto fdc = f * K.col(5).array();
                bm_put(d, s, r, N, davax, rex, ref, c * K.col(5).array(), f * esr - fdc, fdc); // FVA = FC − FDC
            }
        }
    }
}

/// Bilateral perspective (perimeter: the s→r link; A^x = A without the block A_sr, one
/// extraction per pair). With M = A_sr B_rs, B^x_{·s} = B_{·s} (I + M)⁻¹ (Woodbury).
template <class Scalar>
void bm_bilateral(const bm_context<Scalar>& cx, bm_basis basis, export_decomposition<Scalar>& d) {
    using mat = matrix_x<Scalar>;
    const index_t G = cx.G, N = cx.N;
    const mat I = mat::Identity(N, N);
    mat C(N, 6), K(N, 6), M(N, N), cf2(N, 2), rhs2(N, 2);
    for (index_t s = 0; s < G; ++s) {
        const index_t o = s * N;
        const auto vb = cx.vBd.segment(o, N).array();
        const auto f = cx.fc.segment(o, N).array();
        for (index_t r = 0; r < G; ++r) {
            if (r == s) continue;
            const index_t p = r * N;
            const auto Asr = cx.A.block(o, p, N, N);
            const auto ysr = cx.Y.col(r).segment(o, N).array();
            const auto esr = cx.Esr.col(r).segment(o, N);
            cx.pair_demands(s, r, C);
            K.noalias() = Asr * C;
            M.noalias() = Asr * cx.B.block(p, o, N, N);
            const Eigen::PartialPivLU<mat> IM(I + M);
            if (!(static_cast<double>(IM.rcond()) > leontief_options{}.rcond_tol))
                throw numerical_error("borin_mancini (bilateral): I + A_sr B_rs is singular for exporter " +
                                      cx.vc.regions()[s] + " and importer " + cx.vc.regions()[r] +
                                      " (reciprocal condition number " + detail::to_string_full(IM.rcond()) + ")");
            if (basis == bm_basis::source) {
                // c = v_s B^x_ss = (v_s B_ss)(I + M)⁻¹, fx = Σ_{t≠s} v_t B^x_ts = fc_s (I + M)⁻¹
                rhs2.col(0) = cx.vBd.segment(o, N);
                rhs2.col(1) = cx.fc.segment(o, N);
                cf2 = IM.transpose().solve(rhs2);
                const auto c = cf2.col(0).array();
                const auto fx = cf2.col(1).array();
                bm_put(d, s, r, N, c * (ysr + K.col(0).array()), c * (K.col(1).array() + K.col(3).array()),
                       c * (K.col(2).array() + K.col(4).array()), (vb - c) * esr.array(), fx * esr.array(),
                       (f - fx) * esr.array());
            } else {
                // Sink: x = B^x (Y without Y_sr)·1 + B^x_{·s} E_sr. The part of E_sr that feeds later
                // s→r exports is A_sr B^x_rs E_sr = M (I + M)⁻¹ E_sr = E_sr − g, g = (I + M)⁻¹ E_sr.
                // Reflected: A_sr x^{(y)}_{r,s} = (I + M)⁻¹ A_sr (LY)_{r,s} (column s is unchanged).
                rhs2.col(0) = esr;
                rhs2.col(1) = K.col(2) + K.col(4); // A_sr Ld_r (Y_rs + H_rs) = A_sr (LY)_rs
                cf2 = IM.solve(rhs2);
                const auto g = cf2.col(0).array();
                const auto davax = vb * (ysr + K.col(0).array());
                const auto ref = vb * cf2.col(1).array();
                bm_put(d, s, r, N, davax, vb * g - davax - ref, ref, vb * (esr.array() - g), f * g,
                       f * (esr.array() - g));
            }
        }
    }
}

UNBUNDLE_CONFIG_END
} // namespace detail
UNBUNDLE_CONFIG_BEGIN

/// Borin–Mancini (2019/2023) decomposition by exporting region-sector x direct importer (n x G
/// each). Terms DAVAX REX REF DDC FVA FDC; aggregates DC FC DVA GVC GVCB GVCF.
///  - `bm_basis::source` (exvatools bm_src): value added counted the first time it crosses the
///    perimeter: DVA uses v_s B^x_ss and FVA Σ_{t≠s} v_t B^x_ts, with B^x the extraction inverse
///    (I − A^x)⁻¹;
///  - `bm_basis::sink` (exvatools bm_snk): counted the last time: DVA uses v_s B_ss and the
///    double counting is the part of the exports that feeds later exports across the perimeter.
/// Perspective (perimeter): `exporter` (default; A^x = A without s's export rows, exvatools'
/// country perspective, then split by direct importer) or `bilateral` (A^x = A without the block
/// A_sr, one extraction per pair; exvatools bm_src with `partner = r`; the sink-based bilateral
/// follows the same sink logic on that extraction, which exvatools does not implement).
/// Extraction inverses are never formed: their blocks come from the global ones —
/// exporter: B^x_ss = Ld_s, B^x_ts = B_ts B_ss⁻¹ Ld_s; bilateral (rank-N update, Woodbury):
/// B^x_{·s} = B_{·s} (I + A_sr B_rs)⁻¹ — so only N x N solves per exporter or pair.
/// Needs the global inverse: uses the value chain's when formed (explicit_inverse or
/// ensure_inverse()), else forms a copy for this call. Cost after it: O(n²G) (exporter), plus
/// O(G²N³) for the bilateral pairs.
template <class Scalar>
export_decomposition<Scalar> borin_mancini(const value_chain<Scalar>& vc, bm_basis basis = bm_basis::source,
                                           bm_perspective perspective = bm_perspective::exporter) {
    auto d = detail::new_decomposition<Scalar>(
        basis == bm_basis::sink ? decomposition_method::bm_sink : decomposition_method::bm_source,
        {"DAVAX", "REX", "REF", "DDC", "FVA", "FDC"}, true, true, vc.num_regions(), vc.num_sectors());
    d.aggregate_names = {"DC", "FC", "DVA", "GVC", "GVCB", "GVCF"};
    d.perspective = perspective;
    d.gross_exports = vc.E_sr();
    matrix_x<Scalar> store;
    const detail::bm_context<Scalar> cx(vc, detail::global_inverse(vc, store));
    if (perspective == bm_perspective::bilateral)
        detail::bm_bilateral(cx, basis, d);
    else
        detail::bm_exporter(cx, basis, d);
    const auto& T = d.terms;
    d.aggregates = {T[0] + T[1] + T[2] + T[3], T[4] + T[5],        T[0] + T[1] + T[2],
                    d.gross_exports - T[0],    T[3] + T[4] + T[5], T[1] + T[2]};
    return d;
}

/// Runs one decomposition by method (perspective: Borin–Mancini only; kww/wwz reject bilateral).
template <class Scalar>
export_decomposition<Scalar> decompose(const value_chain<Scalar>& vc, decomposition_method m,
                                       bm_perspective perspective = bm_perspective::exporter) {
    if (perspective == bm_perspective::bilateral && (m == decomposition_method::kww || m == decomposition_method::wwz))
        throw usage_error(std::string("decompose: the bilateral perspective is a Borin-Mancini option; ") +
                          to_string(m) + " has none");
    switch (m) {
    case decomposition_method::kww:
        return kww(vc);
    case decomposition_method::wwz:
        return wwz(vc);
    case decomposition_method::bm_source:
        return borin_mancini(vc, bm_basis::source, perspective);
    case decomposition_method::bm_sink:
        return borin_mancini(vc, bm_basis::sink, perspective);
    }
    throw usage_error("decompose: unknown method");
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE export_decomposition<double> kww<double>(const value_chain<double>&);
UNBUNDLE_EXTERN_TEMPLATE export_decomposition<double> wwz<double>(const value_chain<double>&);
UNBUNDLE_EXTERN_TEMPLATE export_decomposition<double> borin_mancini<double>(const value_chain<double>&, bm_basis,
                                                                            bm_perspective);
UNBUNDLE_EXTERN_TEMPLATE export_decomposition<double> decompose<double>(const value_chain<double>&,
                                                                        decomposition_method, bm_perspective);
} // namespace unbundle
#endif
