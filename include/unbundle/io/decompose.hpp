#pragma once
/// @file io/decompose.hpp
/// Decompositions of gross exports into value-added terms, on a value_chain (balanced table):
///  - Koopman, Wang & Wei (2014, AER) 9 terms by exporting country (kww), from solves only;
///  - Wang, Wei & Zhu (2013, NBER w19677) 16 terms by exporting region-sector x importer (wwz);
///  - Borin & Mancini (2019, WB WP 8804; 2023 ESR) source- and sink-based, exporter perspective,
///    by exporting region-sector x direct importer (borin_mancini).
/// Term names and formulas follow R decompr 6.8 (kww, wwz) and exvatools 0.9 (bm_src, bm_snk);
/// docs/io.md maps them. Every row's terms add up to its gross exports (tests check it).
///
/// Results are held at their finest level (rows: exporting regions or region-sectors; columns:
/// importers or one total) and aggregated by export_decomposition::aggregate().

#include "value_chain.hpp"

#include <Eigen/LU>

#include <string>
#include <vector>

namespace unbundle {

/// Which decomposition.
enum class decomposition_method { kww, wwz, bm_source, bm_sink };

inline const char* to_string(decomposition_method m) noexcept {
    switch (m) {
    case decomposition_method::kww: return "kww";
    case decomposition_method::wwz: return "wwz";
    case decomposition_method::bm_source: return "bm";
    case decomposition_method::bm_sink: return "bm_sink";
    }
    return "?";
}

/// A decomposition of gross exports. Each term (and aggregate) is a matrix: rows are exporting
/// regions (G) or region-sectors (n, region-major), columns importers (G; own region 0) or one
/// column of totals. gross_exports has the same shape; Σ_k terms[k] = gross_exports entry by entry.
template <class Scalar = double> struct export_decomposition {
    decomposition_method method = decomposition_method::kww;
    output_convention convention = output_convention::balanced; ///< always balanced (x = Z1 + Y1)
    std::vector<std::string> term_names;
    std::vector<std::string> aggregate_names; ///< overlapping sums (Borin–Mancini DC, FC, DVA, GVC, ...)
    bool by_sector = false;  ///< rows are region-sectors (else regions)
    bool by_partner = false; ///< columns are importers (else one total column)
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
                for (index_t s = 0; s < num_regions; ++s) g.row(s) = r.middleRows(s * num_sectors, num_sectors).colwise().sum();
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

/// Koopman–Wang–Wei (2014) 9 terms of each region's gross exports (G x 1 each): DVA_FIN DVA_INT
/// DVA_INTrex RDV_FIN RDV_INT DDC FVA_FIN FVA_INT FDC (decompr's names and definitions; FDC in
/// closed form, not as a residual). Solves only: O(n²G) after the factorisation.
template <class Scalar> export_decomposition<Scalar> kww(const value_chain<Scalar>& vc) {
    using mat = matrix_x<Scalar>;
    using vec = vector_x<Scalar>;
    const index_t G = vc.num_regions(), N = vc.num_sectors();
    export_decomposition<Scalar> d;
    d.method = decomposition_method::kww;
    d.term_names = {"DVA_FIN", "DVA_INT", "DVA_INTrex", "RDV_FIN", "RDV_INT", "DDC", "FVA_FIN", "FVA_INT", "FDC"};
    d.num_regions = G;
    d.num_sectors = N;
    d.terms.assign(9, mat::Zero(G, 1));
    d.gross_exports.resize(G, 1);
    const mat& VL = vc.VL();
    const mat& A = vc.A();
    const mat& Ld = vc.Ld();
    const auto& ef = vc.final_exports();
    const auto& yd = vc.domestic_final();
    const auto& E = vc.E();
    const mat& Y = vc.Y();
    const vec vLY = (vc.v().asDiagonal() * vc.LY()).colwise().sum().transpose(); // unused aggregate helper
    (void)vLY;
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
/// DDC_INT ODC MDC. Needs the diagonal blocks L_rr of the global inverse: forms L explicitly once.
template <class Scalar> export_decomposition<Scalar> wwz(value_chain<Scalar>& vc) {
    using mat = matrix_x<Scalar>;
    using vec = vector_x<Scalar>;
    const index_t G = vc.num_regions(), N = vc.num_sectors(), n = vc.n();
    const mat& B = vc.ensure_inverse();
    const mat& A = vc.A();
    const mat& Y = vc.Y();
    const mat& VL = vc.VL();
    const mat& Ld = vc.Ld();
    const vec& ef = vc.final_exports();
    const vec& E = vc.E();
    const vec& x = vc.x();
    export_decomposition<Scalar> d;
    d.method = decomposition_method::wwz;
    d.term_names = {"DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT", "RDV_FIN", "RDV_FIN2",
                    "OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT", "DDC_FIN", "DDC_INT", "ODC", "MDC"};
    d.by_sector = true;
    d.by_partner = true;
    d.num_regions = G;
    d.num_sectors = N;
    d.gross_exports = vc.E_sr();
    d.terms.assign(16, mat::Zero(n, G));

    // P(r, s) = B_rs Y_ss ; Q(r, s) = B_rs ef_s ; LYm(r, s) = Σ_{t≠s} B_rt Y_ts
    mat P(n, G), Q(n, G);
    for (index_t s = 0; s < G; ++s) {
        P.col(s).noalias() = B.middleCols(s * N, N) * Y.block(s * N, s, N, 1);
        Q.col(s).noalias() = B.middleCols(s * N, N) * ef.segment(s * N, N);
    }
    mat Ym = Y;
    for (index_t s = 0; s < G; ++s) Ym.block(s * N, s, N, 1).setZero();
    mat LYm(n, G);
    LYm.noalias() = B * Ym;
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
            C.col(0) = BrrY.col(r).segment(p, N);                                                  // B_rr Y_rr
            C.col(1) = Lydom.segment(p, N) - P.col(r).segment(p, N) - P.col(s).segment(p, N);         // Σ_{t∉{s,r}} B_rt Y_tt
            C.col(2) = Brr_ef.segment(p, N) - BrrY.col(s).segment(p, N);                           // B_rr Σ_{t∉{s,r}} Y_rt
            C.col(3) = Lef.segment(p, N) - Brr_ef.segment(p, N) - Q.col(s).segment(p, N) - LYm.col(s).segment(p, N) +
                       BrrY.col(s).segment(p, N);                                                  // Σ_{t∉{s,r}} B_rt Σ_{u∉{s,t}} Y_tu
            C.col(4) = P.col(s).segment(p, N);                                                     // B_rs Y_ss
            C.col(5) = BrrY.col(s).segment(p, N);                                                  // B_rr Y_rs
            C.col(6) = LYm.col(s).segment(p, N) - BrrY.col(s).segment(p, N);                          // Σ_{t∉{s,r}} B_rt Y_ts
            C.col(7) = Q.col(s).segment(p, N);                                                     // B_rs ef_s
            C.col(8) = x.segment(p, N);                                                         // x_r
            C.col(9) = LdY.segment(p, N);                                                       // Ld_r Y_rr
            C.col(10) = LdE.segment(p, N);                                                      // Ld_r E_r
            K.noalias() = A.block(o, p, N, N) * C;
            const auto ysr = Y.col(r).segment(o, N).array();
            const auto vr = VL.row(r).segment(o, N).transpose().array(); // v_r B_rs
            const auto other = fc.segment(o, N).array() - vr;        // Σ_{t∉{s,r}} v_t B_ts
            const auto vl = vLd.segment(o, N).array();
            d.terms[0].block(o, r, N, 1) = ysr * vBd.segment(o, N).array();
            for (int k = 0; k < 7; ++k) d.terms[static_cast<std::size_t>(1 + k)].block(o, r, N, 1) = vl * K.col(k).array();
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

/// Borin–Mancini (2019/2023) decomposition, exporter perspective, by exporting region-sector x
/// direct importer (n x G each). Terms DAVAX REX REF DDC FVA FDC; aggregates DC FC DVA GVC GVCB GVCF.
///  - source-based (`sink = false`, exvatools bm_src): value added counted the first time it leaves
///    its origin: DVA uses the local inverse v_s Ld_s; FVA uses the extraction inverse
///    B^{(s)} = (I − A with s's export rows removed)⁻¹, whose blocks are B^{(s)}_ss = Ld_s and
///    B^{(s)}_ts = B_ts B_ss⁻¹ Ld_s, so only N x N solves with the global blocks are needed.
///  - sink-based (`sink = true`, exvatools bm_snk): counted the last time it leaves: DVA uses
///    v_s B_ss, and the double counting arises in the exports the extraction world would not make.
/// Needs blocks of the global inverse: forms L explicitly once.
template <class Scalar> export_decomposition<Scalar> borin_mancini(value_chain<Scalar>& vc, bool sink = false) {
    using mat = matrix_x<Scalar>;
    using vec = vector_x<Scalar>;
    const index_t G = vc.num_regions(), N = vc.num_sectors(), n = vc.n();
    const mat& B = vc.ensure_inverse();
    const mat& A = vc.A();
    const mat& Y = vc.Y();
    const mat& Ld = vc.Ld();
    const mat& LY = vc.LY();
    const mat& Esr = vc.E_sr();
    const vec& E = vc.E();
    const vec& vLd = vc.vLd();
    const vec& vBd = vc.vBd();
    const vec& fc = vc.foreign_content();
    export_decomposition<Scalar> d;
    d.method = sink ? decomposition_method::bm_sink : decomposition_method::bm_source;
    d.term_names = {"DAVAX", "REX", "REF", "DDC", "FVA", "FDC"};
    d.aggregate_names = {"DC", "FC", "DVA", "GVC", "GVCB", "GVCF"};
    d.by_sector = true;
    d.by_partner = true;
    d.num_regions = G;
    d.num_sectors = N;
    d.gross_exports = Esr;
    d.terms.assign(6, mat::Zero(n, G));

    // H = Am (L Y): H(r, l) = Σ_{j≠r} A_rj (LY)_jl ; then Ld_r H_r• and Ld_r Y_r•
    mat H(n, G);
    H.noalias() = A * LY;
    mat LdY(n, G), LdH(n, G);
    for (index_t r = 0; r < G; ++r) {
        H.middleRows(r * N, N).noalias() -= A.block(r * N, r * N, N, N) * LY.middleRows(r * N, N);
        LdY.middleRows(r * N, N).noalias() = Ld.middleCols(r * N, N) * Y.middleRows(r * N, N);
        LdH.middleRows(r * N, N).noalias() = Ld.middleCols(r * N, N) * H.middleRows(r * N, N);
    }
    const vec LdYsum = LdY.rowwise().sum();
    const vec LdHsum = LdH.rowwise().sum();
    mat C(N, 6), K(N, 6), Bc(N, 3);
    for (index_t s = 0; s < G; ++s) {
        const index_t o = s * N;
        const Eigen::PartialPivLU<mat> Bss(B.block(o, o, N, N));
        // source FVA coefficient fx = (Σ_{t≠s} v_t B_ts) B_ss⁻¹ Ld_s
        vec fy = Bss.transpose().solve(vec(fc.segment(o, N)));
        const vec fx = Ld.middleCols(o, N).transpose() * fy;
        // sink: corrections through the extraction inverse, all of the form B_rs · (N-vector)
        mat kk(N, 3);
        if (sink) {
            vec LYs_not = LY.middleRows(o, N).rowwise().sum() - LY.col(s).segment(o, N);
            vec ds1 = Ld.middleCols(o, N) * Y.col(s).segment(o, N) - LY.col(s).segment(o, N);
            kk.col(0) = Bss.solve(ds1);                             // k1 (column s)
            kk.col(1) = Bss.solve(vec(-LYs_not));                   // k2 (columns ≠ s)
            kk.col(2) = Bss.solve(vec(Ld.middleCols(o, N) * E.segment(o, N))); // g = B_ss⁻¹ Ld_s E_s
        }
        const vec coef = sink ? vec(vBd.segment(o, N)) : vec(vLd.segment(o, N));
        for (index_t r = 0; r < G; ++r) {
            if (r == s) continue;
            const index_t p = r * N;
            C.col(0) = LdY.col(r).segment(p, N);                                        // Ld_r Y_rr
            C.col(1) = LdYsum.segment(p, N) - LdY.col(r).segment(p, N) - LdY.col(s).segment(p, N); // Ld_r Σ_{j∉{r,s}} Y_rj
            C.col(2) = LdY.col(s).segment(p, N);                                        // Ld_r Y_rs
            C.col(3) = LdHsum.segment(p, N) - LdH.col(s).segment(p, N);                 // Ld_r Σ_{l≠s} H_rl
            C.col(4) = LdH.col(s).segment(p, N);                                        // Ld_r H_rs
            C.col(5).setZero();
            if (sink) {
                Bc.noalias() = B.block(p, o, N, N) * kk;                             // B_rs [k1 k2 g]
                C.col(4) += Bc.col(0);
                C.col(3) += Bc.col(1);
                C.col(5) = Bc.col(2);
            }
            K.noalias() = A.block(o, p, N, N) * C;
            const auto cf = coef.array();
            const auto ysr = Y.col(r).segment(o, N).array();
            const auto esr = Esr.col(r).segment(o, N).array();
            d.terms[0].block(o, r, N, 1) = cf * (ysr + K.col(0).array());              // DAVAX
            d.terms[1].block(o, r, N, 1) = cf * (K.col(1).array() + K.col(3).array()); // REX
            d.terms[2].block(o, r, N, 1) = cf * (K.col(2).array() + K.col(4).array()); // REF
            if (!sink) {
                d.terms[3].block(o, r, N, 1) = (vBd.segment(o, N).array() - cf) * esr;  // DDC
                d.terms[4].block(o, r, N, 1) = fx.array() * esr;                      // FVA
                d.terms[5].block(o, r, N, 1) = (fc.segment(o, N).array() - fx.array()) * esr; // FDC
            } else {
                d.terms[3].block(o, r, N, 1) = cf * K.col(5).array();                 // DDC
                const auto fdc = fc.segment(o, N).array() * K.col(5).array();
                d.terms[5].block(o, r, N, 1) = fdc;                                   // FDC
                d.terms[4].block(o, r, N, 1) = fc.segment(o, N).array() * esr - fdc;  // FVA = FC − FDC
            }
        }
    }
    const auto& T = d.terms;
    d.aggregates = {T[0] + T[1] + T[2] + T[3], T[4] + T[5], T[0] + T[1] + T[2],
                    d.gross_exports - T[0], T[3] + T[4] + T[5], T[1] + T[2]};
    return d;
}

/// Runs one decomposition by method.
template <class Scalar> export_decomposition<Scalar> decompose(value_chain<Scalar>& vc, decomposition_method m) {
    switch (m) {
    case decomposition_method::kww: return kww(vc);
    case decomposition_method::wwz: return wwz(vc);
    case decomposition_method::bm_source: return borin_mancini(vc, false);
    case decomposition_method::bm_sink: return borin_mancini(vc, true);
    }
    throw usage_error("decompose: unknown method");
}

} // namespace unbundle
