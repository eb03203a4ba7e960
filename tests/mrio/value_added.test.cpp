// Tests of mrio/value_added.hpp: VAX, vertical specialisation and GVC participation of the
// hand-built 2-region table in closed form (float and double), and the accounting identities on
// the generated demo world (Σ_r VAX_sr = GDP_s, VAX = KWW 1–3, sector levels add up).
#include <doctest/doctest.h>

#include "mrio/two_region.hpp"
#include "support/approx.hpp"

#include <unbundle/data/demo_world.hpp>
#include <unbundle/mrio/decompose.hpp>
#include <unbundle/mrio/value_added.hpp>

#include <algorithm>
#include <cmath>

TEST_CASE_TEMPLATE("io: value added in trade of the 2-region table equals its closed form", Scalar, float, double) {
    const double tol = sizeof(Scalar) == sizeof(float) ? 2e-6 : 1e-14;
    const auto t = unbundle::test::two_region_table<Scalar>();
    const unbundle::value_chain<Scalar> vc(t);
    const auto va = unbundle::value_added_in_trade(vc);
    // VAX_sr = v_s (L Y)_sr: [0.6·50, 0.6·19; 0.7·36, 0.7·102] / 0.69
    unbundle::matrix_x<Scalar> vax(2, 2);
    vax << 30, Scalar(11.4), Scalar(25.2), Scalar(71.4);
    vax /= Scalar(0.69);
    CHECK(unbundle::test::max_rel_diff(va.vax, vax) <= tol);
    // relative to the larger of |want| and the size of the table's exports (so that zeros are
    // compared at the precision of the quantities they are differences of)
    auto near = [&](Scalar got, double want) {
        return std::abs(static_cast<double>(got) - want) <= tol * std::max(50.0, std::abs(want));
    };
    CHECK(near(va.exports(0), 30));
    CHECK(near(va.exports(1), 50));
    CHECK(near(va.vax_exports(0), 11.4 / 0.69));
    CHECK(near(va.vax_ratio(1), 25.2 / 0.69 / 50));
    // VS_1 = v_2 L_21 E_1 = 0.7·0.3/0.69·30, VS_2 = v_1 L_12 E_2 = 0.6·0.1/0.69·50
    CHECK(near(va.vertical_specialisation(0), 6.3 / 0.69));
    CHECK(near(va.vertical_specialisation(1), 3.0 / 0.69));
    // two regions: no third country, nothing is re-exported (KWW term 3 = 0), forward = 0
    CHECK(near(va.reexported_dva(0), 0));
    CHECK(near(va.gvc_forward(1), 0));
    CHECK(near(va.gvc_backward(0), 6.3 / 0.69 / 30));
    CHECK(near(va.gvc_participation(1), 3.0 / 0.69 / 50));
    CHECK(near(va.gvc_position(0), -std::log(1 + 6.3 / 0.69 / 30)));
    // sector level (one sector per region) equals the country level
    CHECK(near(va.sector_vs(1), 3.0 / 0.69));
    CHECK(near(va.sector_vax(0), 11.4 / 0.69));
    CHECK(near(va.sector_exports(1), 50));
}

TEST_CASE("io: value added in trade of the generated demo world satisfies the accounting identities") {
    unbundle::demo_world_options o;
    o.regions = 5;
    const auto w = unbundle::make_demo_world(o);
    const unbundle::value_chain<double> vc(w);
    const auto va = unbundle::value_added_in_trade(vc);
    const auto k = unbundle::kww(vc);
    const unbundle::index_t G = w.num_regions(), N = w.num_sectors();
    for (unbundle::index_t s = 0; s < G; ++s) {
        CAPTURE(s);
        // all value added is absorbed somewhere: Σ_r VAX_sr = GDP_s
        CHECK(unbundle::test::rel_diff(va.vax.row(s).sum(), vc.va().segment(s * N, N).sum()) < 1e-12);
        // VAX = KWW 1–3, VS = KWW 7–9, DVA_INTrex = KWW 3
        CHECK(unbundle::test::rel_diff(va.vax_exports(s), k.terms[0](s, 0) + k.terms[1](s, 0) + k.terms[2](s, 0)) <
              1e-12);
        CHECK(unbundle::test::rel_diff(va.vertical_specialisation(s),
                                       k.terms[6](s, 0) + k.terms[7](s, 0) + k.terms[8](s, 0)) < 1e-12);
        CHECK(unbundle::test::rel_diff(va.reexported_dva(s), k.terms[2](s, 0)) < 1e-12);
        CHECK(va.reexported_dva(s) > 0); // five regions: some value added travels through a third
        // sector levels add up to the country level
        CHECK(unbundle::test::rel_diff(va.sector_vs.segment(s * N, N).sum(), va.vertical_specialisation(s)) < 1e-12);
        CHECK(unbundle::test::rel_diff(va.sector_reexported_dva.segment(s * N, N).sum(), va.reexported_dva(s)) < 1e-12);
        CHECK(unbundle::test::rel_diff(va.sector_vax.segment(s * N, N).sum(), va.vax_exports(s)) < 1e-12);
        CHECK(unbundle::test::rel_diff(va.gvc_participation(s), va.gvc_backward(s) + va.gvc_forward(s)) < 1e-15);
        CHECK(va.vax_ratio(s) > 0);
    }
    // without the sector-level forward view: the same numbers, sector_reexported_dva left empty
    unbundle::value_added_options no;
    no.sector_forward = false;
    const auto lean = unbundle::value_added_in_trade(vc, no);
    CHECK(lean.sector_reexported_dva.size() == 0);
    CHECK(va.sector_reexported_dva.size() == w.n());
    CHECK(lean.vax == va.vax);
    CHECK(lean.reexported_dva == va.reexported_dva);
    CHECK(lean.gvc_position == va.gvc_position);
    CHECK(lean.sector_vax == va.sector_vax);
    CHECK(lean.sector_vs == va.sector_vs);
}
