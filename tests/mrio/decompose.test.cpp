// Tests of mrio/decompose.hpp and mrio/value_added.hpp on decompr's leather table against the
// outputs of R decompr 6.8.0 and exvatools 0.9.0 (shared/data/leather/reference_*.csv).
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/mrio/decompose.hpp>
#include <unbundle/mrio/value_added.hpp>

#include <cmath>
#include <string>

namespace {

double rel(double a, double b) { return unbundle::test::rel_diff(a, b, 1e-300); }

// Row of a labeled reference matrix by row label (the region name).
double ref_at(const unbundle::labeled_matrix& m, const std::string& row, const std::string& col) {
    for (std::size_t i = 0; i < m.row_labels.size(); ++i)
        if (m.row_labels[i] == row)
            for (std::size_t j = 0; j < m.col_labels.size(); ++j)
                if (m.col_labels[j] == col)
                    return m.values(static_cast<unbundle::index_t>(i), static_cast<unbundle::index_t>(j));
    FAIL("reference has no entry " << row << " / " << col);
    return 0;
}

} // namespace

TEST_CASE("io: KWW terms of the leather table equal decompr's to 1e-10" *
          doctest::skip(!unbundle::test::has_data("leather"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "leather");
    const auto t = unbundle::read_mrio(dir.string());
    const auto ref = unbundle::read_labeled_matrix((dir / "reference_kww_decompr.csv").string());
    unbundle::value_chain<double> vc(t);
    const auto d = unbundle::kww(vc);
    REQUIRE(d.term_names.size() == 9);
    double worst = 0;
    for (unbundle::index_t s = 0; s < t.num_regions(); ++s)
        for (std::size_t k = 0; k < d.term_names.size(); ++k) {
            const double r = ref_at(ref, t.regions()[s], d.term_names[k]);
            worst = unbundle::test::worse(worst, rel(d.terms[k](s, 0), r));
        }
    MESSAGE("max relative difference to decompr's kww(): " << worst);
    CHECK(worst <= 1e-10);
    CHECK(d.max_adding_up_error() < 1e-12 * d.gross_exports.maxCoeff());
    CHECK_THROWS_AS(d.aggregate(true, false), unbundle::usage_error);
    CHECK_THROWS_AS(d.term_index("nope"), unbundle::key_error);
}

TEST_CASE("io: country totals of the leather table equal reference_country_level.csv to 1e-10" *
          doctest::skip(!unbundle::test::has_data("leather"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "leather");
    const auto t = unbundle::read_mrio(dir.string());
    const auto ref = unbundle::read_labeled_matrix((dir / "reference_country_level.csv").string());
    unbundle::value_chain<double> vc(t);
    const auto kw = unbundle::kww(vc);
    const auto ww = unbundle::wwz(vc).aggregate(false, false);
    const auto src = unbundle::borin_mancini(vc, unbundle::bm_basis::source).aggregate(false, false);
    const auto snk = unbundle::borin_mancini(vc, unbundle::bm_basis::sink).aggregate(false, false);
    auto term = [](const unbundle::export_decomposition<double>& d, const char* name, unbundle::index_t s) {
        return d.terms[d.term_index(name)](s, 0);
    };
    auto agg = [](const unbundle::export_decomposition<double>& d, const char* name, unbundle::index_t s) {
        for (std::size_t k = 0; k < d.aggregate_names.size(); ++k)
            if (d.aggregate_names[k] == name) return d.aggregates[k](s, 0);
        return std::nan("");
    };
    double worst = 0;
    for (unbundle::index_t s = 0; s < t.num_regions(); ++s) {
        const std::string c = t.regions()[s];
        auto check = [&](const char* col, double mine) {
            const double r = ref_at(ref, c, col);
            const double e = rel(mine, r);
            if (e > 1e-10) MESSAGE(c << " " << std::string(col) << ": " << mine << " vs " << r);
            worst = unbundle::test::worse(worst, e);
        };
        check("EXGR_decompr", kw.gross_exports(s, 0));
        double dc_wwz = 0, fc_wwz = 0;
        for (const char* nm : {"DVA_FIN", "DVA_INT", "DVA_INTrexI1", "DVA_INTrexF", "DVA_INTrexI2", "RDV_INT",
                               "RDV_FIN", "RDV_FIN2", "DDC_FIN", "DDC_INT"})
            dc_wwz += term(ww, nm, s);
        for (const char* nm : {"OVA_FIN", "MVA_FIN", "OVA_INT", "MVA_INT", "ODC", "MDC"}) fc_wwz += term(ww, nm, s);
        check("DC_wwz_decompr", dc_wwz);
        check("FC_wwz_decompr", fc_wwz);
        check("DC_bm_src", agg(src, "DC", s));
        check("FC_bm_src", agg(src, "FC", s));
        check("DVA_bm_src", agg(src, "DVA", s));
        check("DDC_bm_src", term(src, "DDC", s));
        check("FVA_bm_src", term(src, "FVA", s));
        check("FDC_bm_src", term(src, "FDC", s));
        check("GVCB_bm_src", agg(src, "GVCB", s));
        check("GVCF_bm_src", agg(src, "GVCF", s));
        check("DC_bm_snk", agg(snk, "DC", s));
        check("DVA_bm_snk", agg(snk, "DVA", s));
        check("DDC_bm_snk", term(snk, "DDC", s));
        check("FVA_bm_snk", term(snk, "FVA", s));
        // decompr's KWW "DVA" is value added exported and absorbed abroad (terms 1–3)
        double dva_kww = 0;
        for (const char* nm : {"DVA_FIN", "DVA_INT", "DVA_INTrex"}) dva_kww += term(kw, nm, s);
        check("DVA_kww_decompr", dva_kww);
        check("DDC_kww_decompr", term(kw, "DDC", s));
        check("FDC_kww_decompr", term(kw, "FDC", s));
    }
    MESSAGE("max relative difference to the country-level references: " << worst);
    CHECK(worst <= 1e-10);
}

TEST_CASE("io: WWZ and Borin-Mancini terms add up to gross exports row by row on leather" *
          doctest::skip(!unbundle::test::has_data("leather"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "leather");
    const auto t = unbundle::read_mrio(dir.string());
    unbundle::value_chain_options o;
    o.explicit_inverse = true; // the explicit-inverse path
    unbundle::value_chain<double> vc(t, o);
    const double scale = vc.E_sr().maxCoeff();
    for (auto m : {unbundle::decomposition_method::wwz, unbundle::decomposition_method::bm_source,
                   unbundle::decomposition_method::bm_sink, unbundle::decomposition_method::kww}) {
        const std::string method_name = unbundle::to_string(m);
        CAPTURE(method_name);
        const auto d = unbundle::decompose(vc, m);
        CHECK(d.max_adding_up_error() <= 1e-13 * scale);
        if (d.by_sector) {
            CHECK(d.terms[0].rows() == t.n());
            CHECK(d.terms[0].cols() == t.num_regions());
            // every level adds up
            CHECK(d.aggregate(true, false).max_adding_up_error() <= 1e-13 * scale);
            CHECK(d.aggregate(false, true).max_adding_up_error() <= 1e-13 * scale);
            // own-region cells are empty
            CHECK(d.terms[1].block(0, 0, t.num_sectors(), 1).isZero());
        }
    }
    // GVC = GVCB + GVCF and DC + FC = E for Borin–Mancini
    const auto bm = unbundle::borin_mancini(vc, unbundle::bm_basis::source);
    CHECK(unbundle::test::max_rel_diff(bm.aggregates[3], bm.aggregates[4] + bm.aggregates[5]) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(bm.aggregates[0] + bm.aggregates[1], bm.gross_exports) < 1e-13);
}

TEST_CASE("io: VAX equals KWW terms 1-3 and vertical specialisation KWW terms 7-9 on leather" *
          doctest::skip(!unbundle::test::has_data("leather"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "leather");
    const auto t = unbundle::read_mrio(dir.string());
    unbundle::value_chain<double> vc(t);
    const auto k = unbundle::kww(vc);
    const auto va = unbundle::value_added_in_trade(vc);
    for (unbundle::index_t s = 0; s < t.num_regions(); ++s) {
        CHECK(rel(va.vax_exports(s), k.terms[0](s, 0) + k.terms[1](s, 0) + k.terms[2](s, 0)) < 1e-12);
        CHECK(rel(va.vertical_specialisation(s), k.terms[6](s, 0) + k.terms[7](s, 0) + k.terms[8](s, 0)) < 1e-12);
        CHECK(rel(va.reexported_dva(s), k.terms[2](s, 0)) < 1e-12);
        CHECK(rel(va.gvc_participation(s), va.gvc_backward(s) + va.gvc_forward(s)) < 1e-15);
        // sector level adds up to country level
        CHECK(rel(va.sector_reexported_dva.segment(s * t.num_sectors(), t.num_sectors()).sum(), va.reexported_dva(s)) <
              1e-12);
        CHECK(rel(va.sector_vs.segment(s * t.num_sectors(), t.num_sectors()).sum(), va.vertical_specialisation(s)) <
              1e-12);
    }
    // VAX by destination: all value added is absorbed somewhere (Σ_r VAX_sr = GDP_s)
    for (unbundle::index_t s = 0; s < t.num_regions(); ++s)
        CHECK(rel(va.vax.row(s).sum(), vc.va().segment(s * t.num_sectors(), t.num_sectors()).sum()) < 1e-12);
}

TEST_CASE_TEMPLATE("io: decompositions in single precision stay close to double" *
                       doctest::skip(!unbundle::test::has_data("leather")),
                   Scalar, float) {
    UNBUNDLE_REQUIRE_DATA(dir, "leather");
    const auto t = unbundle::read_mrio(dir.string());
    const auto tf = t.cast<Scalar>();
    unbundle::value_chain<Scalar> vcf(tf);
    unbundle::value_chain<double> vcd(t);
    const auto kf = unbundle::kww(vcf);
    const auto kd = unbundle::kww(vcd);
    for (std::size_t k = 0; k < kd.terms.size(); ++k)
        CHECK(unbundle::test::max_rel_diff(kf.terms[k].template cast<double>(), kd.terms[k]) < 1e-4);
    const auto bf = unbundle::borin_mancini(vcf, unbundle::bm_basis::source).aggregate(false, false);
    const auto bd = unbundle::borin_mancini(vcd, unbundle::bm_basis::source).aggregate(false, false);
    for (std::size_t k = 0; k < bd.terms.size(); ++k)
        CHECK(unbundle::test::max_rel_diff(bf.terms[k].template cast<double>(), bd.terms[k]) < 1e-4);
}

namespace {

// The bilateral extraction inverse B^x = (I − A^x)⁻¹ with A^x = A without the block A_sr, formed
// explicitly as exvatools' get_xmatrix(partner = r) does (n is 9 here).
unbundle::matrix_d bilateral_extraction_inverse(const unbundle::matrix_d& A, unbundle::index_t s, unbundle::index_t r,
                                                unbundle::index_t N) {
    unbundle::matrix_d Ax = A;
    Ax.block(s * N, r * N, N, N).setZero();
    const unbundle::index_t n = A.rows();
    return Eigen::PartialPivLU<unbundle::matrix_d>(unbundle::matrix_d::Identity(n, n) - Ax)
        .solve(unbundle::matrix_d::Identity(n, n));
}

} // namespace

TEST_CASE("io: Borin-Mancini bilateral perspective equals the explicit bilateral extraction on leather" *
          doctest::skip(!unbundle::test::has_data("leather"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "leather");
    const auto t = unbundle::read_mrio(dir.string());
    unbundle::value_chain<double> vc(t);
    const auto src = unbundle::borin_mancini(vc, unbundle::bm_basis::source, unbundle::bm_perspective::bilateral);
    const auto snk = unbundle::borin_mancini(vc, unbundle::bm_basis::sink, unbundle::bm_perspective::bilateral);
    CHECK(src.perspective == unbundle::bm_perspective::bilateral);
    const unbundle::index_t G = t.num_regions(), N = t.num_sectors(), n = t.n();
    const unbundle::matrix_d& A = vc.A();
    const unbundle::matrix_d& B = vc.ensure_inverse();
    const unbundle::matrix_d& Y = vc.Y();
    const unbundle::vector_d v = vc.v();
    const unbundle::matrix_d BY = B * Y;
    const double scale = vc.E_sr().maxCoeff();
    double worst = 0;
    auto cmp = [&](const unbundle::export_decomposition<double>& d, const char* term, unbundle::index_t i,
                   unbundle::index_t r, double want) {
        const double got = d.terms[d.term_index(term)](i, r);
        worst = unbundle::test::worse(worst, std::abs(got - want) / scale);
    };
    for (unbundle::index_t s = 0; s < G; ++s)
        for (unbundle::index_t r = 0; r < G; ++r) {
            if (r == s) continue;
            const unbundle::index_t o = s * N, p = r * N;
            const unbundle::matrix_d Bx = bilateral_extraction_inverse(A, s, r, N);
            const unbundle::vector_d e = vc.E_sr().col(r).segment(o, N);
            // v_s B^x_ss, Σ_{t≠s} v_t B^x_ts (exvatools Vs_Bxss, sum_Vt_Bxts) and v_s B_ss, Σ_{t≠s} v_t B_ts
            const unbundle::vector_d cx = (v.segment(o, N).transpose() * Bx.block(o, o, N, N)).transpose();
            const unbundle::vector_d c = (v.segment(o, N).transpose() * B.block(o, o, N, N)).transpose();
            const unbundle::vector_d fx = (v.transpose() * Bx.middleCols(o, N)).transpose() - cx;
            const unbundle::vector_d f = (v.transpose() * B.middleCols(o, N)).transpose() - c;
            // Reflected (exvatools REF1 + REF2): A_sr Ld_r (Y_rs + Σ_{j≠r} A_rj (B Y)_js) = A_sr (B Y)_rs
            const unbundle::vector_d ref_src = A.block(o, p, N, N) * BY.col(s).segment(p, N);
            // Sink: x = B^x (Y without Y_sr)·1 + B^x_{·s} E_sr
            unbundle::matrix_d Yx = Y;
            Yx.block(o, r, N, 1).setZero();
            const unbundle::vector_d dd = A.block(o, p, N, N) * (Bx.block(p, o, N, N) * e);
            const unbundle::vector_d ref_snk = A.block(o, p, N, N) * (Bx * Yx).col(s).segment(p, N);
            for (unbundle::index_t i = 0; i < N; ++i) {
                cmp(src, "DDC", o + i, r, (c(i) - cx(i)) * e(i));
                cmp(src, "FVA", o + i, r, fx(i) * e(i));
                cmp(src, "FDC", o + i, r, (f(i) - fx(i)) * e(i));
                cmp(src, "REF", o + i, r, cx(i) * ref_src(i));
                cmp(snk, "DDC", o + i, r, c(i) * dd(i));
                cmp(snk, "FDC", o + i, r, f(i) * dd(i));
                cmp(snk, "FVA", o + i, r, f(i) * (e(i) - dd(i)));
                cmp(snk, "REF", o + i, r, c(i) * ref_snk(i));
            }
        }
    MESSAGE("max |bilateral term − explicit extraction| / max E_sr: " << worst);
    CHECK(worst <= 1e-13);
    // every row adds up to its bilateral gross exports, and own-region cells are empty
    for (const auto* d : {&src, &snk}) {
        CHECK(d->max_adding_up_error() <= 1e-13 * scale);
        CHECK(d->terms[0].block(0, 0, N, 1).isZero());
        CHECK(d->terms.size() == 6);
        CHECK(d->terms[0].rows() == n);
    }
}

TEST_CASE("io: Borin-Mancini bilateral sums over importers keep DC and FC, move DVA into DDC (leather)" *
          doctest::skip(!unbundle::test::has_data("leather"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "leather");
    const auto t = unbundle::read_mrio(dir.string());
    const auto ref = unbundle::read_labeled_matrix((dir / "reference_country_level.csv").string());
    unbundle::value_chain<double> vc(t);
    for (bool sink : {false, true}) {
        CAPTURE(sink);
        const auto bil = unbundle::borin_mancini(vc, sink ? unbundle::bm_basis::sink : unbundle::bm_basis::source,
                                                 unbundle::bm_perspective::bilateral);
        const auto exp = unbundle::borin_mancini(vc, sink ? unbundle::bm_basis::sink : unbundle::bm_basis::source);
        const auto bc = bil.aggregate(false, false);
        const auto ec = exp.aggregate(false, false);
        for (unbundle::index_t s = 0; s < t.num_regions(); ++s) {
            const std::string c = t.regions()[s];
            // DC = v_s B_ss E_s and FC are perspective-free: equal to exvatools' country totals
            CHECK(rel(bc.aggregates[0](s, 0), ref_at(ref, c, sink ? "DC_bm_snk" : "DC_bm_src")) <= 1e-10);
            if (!sink) CHECK(rel(bc.aggregates[1](s, 0), ref_at(ref, c, "FC_bm_src")) <= 1e-10);
            CHECK(rel(bc.gross_exports(s, 0), ref_at(ref, c, "EXGR_decompr")) <= 1e-10);
        }
        // a narrower perimeter (one link instead of all of s's exports) counts less as double
        // counting: bilateral DVA ≥ exporter DVA and FVA ≥ FVA, cell by cell; DAVAX unchanged when sink
        const double scale = vc.E_sr().maxCoeff();
        const auto dva_b = bil.aggregates[2], dva_e = exp.aggregates[2];
        CHECK((dva_b - dva_e).minCoeff() >= -1e-13 * scale);
        CHECK((bil.terms[4] - exp.terms[4]).minCoeff() >= -1e-13 * scale);
        CHECK(unbundle::test::max_coeff(bil.terms[3] - exp.terms[3]) <= 1e-13 * scale);
        CHECK(unbundle::test::max_coeff(dva_b - dva_e) > 1e-3); // and strictly for some flows (3 regions)
        if (sink) CHECK(unbundle::test::max_rel_diff(bil.terms[0], exp.terms[0]) < 1e-14);
    }
}

TEST_CASE("io: with two regions the bilateral and exporter perspectives coincide" *
          doctest::skip(!unbundle::test::has_data("leather"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "leather");
    const auto t = unbundle::read_mrio(dir.string());
    // Argentina and Turkey only: drop Germany's rows and columns (the table stays productive)
    const unbundle::index_t N = t.num_sectors(), n2 = 2 * N;
    unbundle::matrix_d Z = t.Z().topLeftCorner(n2, n2);
    unbundle::matrix_d Y = t.Y().topLeftCorner(n2, 2);
    const unbundle::mrio<double> t2(unbundle::economy_index{t.regions()[0], t.regions()[1]}, t.sectors(), Z, Y);
    unbundle::value_chain<double> vc(t2);
    for (bool sink : {false, true}) {
        CAPTURE(sink);
        const auto bil = unbundle::borin_mancini(vc, sink ? unbundle::bm_basis::sink : unbundle::bm_basis::source,
                                                 unbundle::bm_perspective::bilateral);
        const auto exp = unbundle::borin_mancini(vc, sink ? unbundle::bm_basis::sink : unbundle::bm_basis::source);
        const double scale = vc.E_sr().maxCoeff();
        for (std::size_t k = 0; k < bil.terms.size(); ++k) {
            CAPTURE(bil.term_names[k]);
            CHECK(unbundle::test::max_abs(bil.terms[k] - exp.terms[k]) <= 1e-13 * scale);
        }
    }
    CHECK_THROWS_AS(unbundle::decompose(vc, unbundle::decomposition_method::kww, unbundle::bm_perspective::bilateral),
                    unbundle::usage_error);
}

// On the generated demo world (no shared data needed): every method adds up to gross exports at
// every level, KWW 1–3 is VAX, float stays close to double, and with two regions the bilateral
// and exporter perspectives of Borin–Mancini coincide.
TEST_CASE("io: every decomposition of the generated demo world adds up to gross exports") {
    unbundle::demo_world_options o;
    o.regions = 5;
    const auto t = unbundle::make_demo_world(o);
    unbundle::value_chain<double> vc(t);
    const double scale = unbundle::test::max_coeff(vc.E_sr());
    REQUIRE(scale > 0);
    for (auto m : {unbundle::decomposition_method::kww, unbundle::decomposition_method::wwz,
                   unbundle::decomposition_method::bm_source, unbundle::decomposition_method::bm_sink}) {
        const std::string method_name = unbundle::to_string(m);
        CAPTURE(method_name);
        const auto d = unbundle::decompose(vc, m);
        CHECK(d.max_adding_up_error() <= 1e-12 * scale);
        if (d.by_sector) {
            CHECK(d.aggregate(true, false).max_adding_up_error() <= 1e-12 * scale);
            CHECK(d.aggregate(false, true).max_adding_up_error() <= 1e-12 * scale);
        }
    }
    const auto k = unbundle::kww(vc);
    const auto va = unbundle::value_added_in_trade(vc);
    for (unbundle::index_t s = 0; s < t.num_regions(); ++s) {
        CHECK(rel(va.vax_exports(s), k.terms[0](s, 0) + k.terms[1](s, 0) + k.terms[2](s, 0)) < 1e-12);
        CHECK(rel(va.vertical_specialisation(s), k.terms[6](s, 0) + k.terms[7](s, 0) + k.terms[8](s, 0)) < 1e-12);
    }
    const auto bm = unbundle::decompose(vc, unbundle::decomposition_method::bm_source);
    CHECK(unbundle::test::max_rel_diff(bm.aggregates[0] + bm.aggregates[1], bm.gross_exports) < 1e-12);
}

TEST_CASE_TEMPLATE("io: KWW and Borin-Mancini of the demo world in single precision stay close to double", Scalar,
                   float) {
    const auto t = unbundle::make_demo_world();
    unbundle::value_chain<Scalar> vcf(t.cast<Scalar>());
    unbundle::value_chain<double> vcd(t);
    const auto kf = unbundle::kww(vcf);
    const auto kd = unbundle::kww(vcd);
    const double scale = unbundle::test::max_coeff(vcd.E_sr());
    for (std::size_t k = 0; k < kd.terms.size(); ++k)
        // float's own tolerance (test::default_tol<float>, 3.5e-4) relative to the largest export; measured 1.2e-5
        CHECK(unbundle::test::max_abs(unbundle::matrix_d(kf.terms[k].template cast<double>() - kd.terms[k])) <
              1e-4 * scale);
    const auto bf = unbundle::decompose(vcf, unbundle::decomposition_method::bm_source).aggregate(false, false);
    const auto bd = unbundle::decompose(vcd, unbundle::decomposition_method::bm_source).aggregate(false, false);
    for (std::size_t k = 0; k < bd.terms.size(); ++k)
        CHECK(unbundle::test::max_abs(unbundle::matrix_d(bf.terms[k].template cast<double>() - bd.terms[k])) <
              1e-5 * scale);
}

TEST_CASE("io: with two generated regions the bilateral and exporter perspectives coincide") {
    unbundle::demo_world_options o;
    o.regions = 2;
    unbundle::value_chain<double> vc(unbundle::make_demo_world(o));
    const double scale = unbundle::test::max_coeff(vc.E_sr());
    for (auto m : {unbundle::decomposition_method::bm_source, unbundle::decomposition_method::bm_sink}) {
        const auto bil = unbundle::decompose(vc, m, unbundle::bm_perspective::bilateral);
        const auto exp = unbundle::decompose(vc, m);
        for (std::size_t k = 0; k < bil.terms.size(); ++k) {
            CAPTURE(bil.term_names[k]);
            CHECK(unbundle::test::max_abs(bil.terms[k] - exp.terms[k]) <= 1e-13 * scale);
        }
    }
    CHECK_THROWS_AS(unbundle::decompose(vc, unbundle::decomposition_method::wwz, unbundle::bm_perspective::bilateral),
                    unbundle::usage_error);
}
