// Tests of scores/value_chain.hpp: value-chain scores by economy against closed forms (the
// hand-built 2-region table), against the definitions computed with an explicit Leontief inverse
// (a 3-region table with re-exports), the identities (participation = backward + forward, the sign
// of the position), agreement with mrio/value_added.hpp and mrio/accounts.hpp (what `unbundle
// mrio` prints) on the generated demo world and on WIOD 2011, panels in one call, the composite's
// indicator table, and the treatments of an economy without trade or without output.
#include <doctest/doctest.h>

#include "mrio/two_region.hpp"
#include "support/approx.hpp"

#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/mrio/accounts.hpp>
#include <unbundle/scores/composite.hpp>
#include <unbundle/scores/value_chain.hpp>

#include <Eigen/LU>

#include <cmath>
#include <utility>
#include <vector>

namespace {

/// Σ_{i∈r} x_i U_i / Σ_{i∈r} x_i from accounts(): what `unbundle mrio` prints as upstreamness.
unbundle::vector_d mrio_upstreamness(const unbundle::mrio<double>& t) {
    const auto acc = unbundle::accounts(t);
    const unbundle::index_t G = t.num_regions(), N = t.num_sectors();
    unbundle::vector_d u(G);
    for (unbundle::index_t r = 0; r < G; ++r)
        u(r) = acc.x.segment(r * N, N).dot(acc.upstreamness.segment(r * N, N)) / acc.x.segment(r * N, N).sum();
    return u;
}

/// A 3-region, 1-sector table (so that value added travels through a third country).
unbundle::mrio<double> three_region_table() {
    unbundle::matrix_d Z(3, 3), Y(3, 3);
    Z << 20, 10, 5, 8, 30, 12, 6, 9, 40;
    Y << 50, 7, 3, 5, 60, 10, 4, 6, 70;
    return unbundle::mrio<double>(unbundle::economy_index{"AAA", "BBB", "CCC"}, unbundle::sector_index{"s"}, Z, Y);
}

} // namespace

TEST_CASE_TEMPLATE("scores: value-chain scores of the 2-region table equal their closed forms", Scalar, float, double) {
    const double tol = sizeof(Scalar) == sizeof(float) ? 2e-6 : 1e-14;
    const auto t = unbundle::test::two_region_table<Scalar>();
    const auto s = unbundle::value_chain_scores_of(t);
    REQUIRE(s.economies.size() == 2);
    CHECK(s.economies[0] == "AAA");
    CHECK(s.economies[1] == "BBB");
    auto near = [&](Scalar got, double want) {
        return std::abs(static_cast<double>(got) - want) <= tol * std::max(1.0, std::abs(want));
    };
    // two_region.hpp: L = [0.8 0.1; 0.3 0.9] / 0.69, v = (0.6, 0.7), E = (30, 50)
    CHECK(near(s.exports(0), 30));
    CHECK(near(s.exports(1), 50));
    // backward: VS_A / E_A = v_B L_BA = 0.7·0.3/0.69, VS_B / E_B = v_A L_AB = 0.6·0.1/0.69
    CHECK(near(s.gvc_backward(0), 0.21 / 0.69));
    CHECK(near(s.gvc_backward(1), 0.06 / 0.69));
    // two regions: no third country, so nothing is re-exported: forward 0
    CHECK(near(s.gvc_forward(0), 0));
    CHECK(near(s.gvc_forward(1), 0));
    CHECK(near(s.gvc_participation(0), 0.21 / 0.69));
    CHECK(near(s.gvc_position(0), -std::log(1 + 0.21 / 0.69)));
    CHECK(near(s.gvc_position(1), -std::log(1 + 0.06 / 0.69)));
    // upstreamness U = x̂⁻¹ L x: L x = (100, 210) / 0.69 with x = (100, 200)
    CHECK(near(s.upstreamness(0), 1.0 / 0.69));
    CHECK(near(s.upstreamness(1), 1.05 / 0.69));
}

TEST_CASE("scores: upstreamness uses the table's own x and the GVC shares the balanced one") {
    // the 2-region table with a published x = (100, 250): A = [0.1 0.08; 0.3 0.16], det(I − A) =
    // 0.732, L = [0.84 0.08; 0.3 0.9] / 0.732, L x = (104, 255) / 0.732
    const auto b = unbundle::test::two_region_table<double>();
    const unbundle::mrio<double> t(b.regions(), b.sectors(), b.Z(), b.Y(),
                                   unbundle::vector_d((unbundle::vector_d(2) << 100, 250).finished()));
    REQUIRE(t.convention() == unbundle::output_convention::published);
    const auto s = unbundle::value_chain_scores_of(t);
    CHECK(s.upstreamness(0) == doctest::Approx(1.04 / 0.732).epsilon(1e-14));
    CHECK(s.upstreamness(1) == doctest::Approx(1.02 / 0.732).epsilon(1e-14));
    CHECK(s.gvc_backward(0) == doctest::Approx(0.21 / 0.69).epsilon(1e-14)); // unchanged: balanced x
    CHECK(unbundle::test::max_rel_diff(s.upstreamness, mrio_upstreamness(t)) < 1e-14);
}

TEST_CASE("scores: value-chain scores of a 3-region table match the definitions with an explicit inverse") {
    const auto t = three_region_table();
    const auto s = unbundle::value_chain_scores_of(t);
    // the definitions (KWW 2014; Koopman et al. 2010), one sector per region, B = (I − A)⁻¹
    const unbundle::matrix_d& Z = t.Z();
    const unbundle::matrix_d& Y = t.Y();
    const unbundle::vector_d x = Z.rowwise().sum() + Y.rowwise().sum();
    const unbundle::matrix_d A = Z * x.cwiseInverse().asDiagonal();
    const unbundle::matrix_d B = (unbundle::matrix_d::Identity(3, 3) - A).inverse();
    const unbundle::vector_d v = (x - Z.colwise().sum().transpose()).cwiseQuotient(x);
    for (int c = 0; c < 3; ++c) {
        CAPTURE(c);
        double E = 0, vs = 0, iv = 0;
        for (int r = 0; r < 3; ++r)
            if (r != c) {
                E += Z(c, r) + Y(c, r);
                vs += v(r) * B(r, c); // foreign value added per unit of c's exports
                for (int k = 0; k < 3; ++k)
                    if (k != c && k != r) iv += v(c) * B(c, k) * Y(k, r); // c's VA via k into r's final demand
            }
        const double back = vs, fwd = iv / E;
        CHECK(s.exports(c) == doctest::Approx(E).epsilon(1e-14));
        CHECK(s.gvc_backward(c) == doctest::Approx(back).epsilon(1e-13));
        CHECK(s.gvc_forward(c) == doctest::Approx(fwd).epsilon(1e-13));
        CHECK(s.gvc_forward(c) > 0.01); // a third country re-exports
        CHECK(s.gvc_position(c) == doctest::Approx(std::log1p(fwd) - std::log1p(back)).epsilon(1e-13));
        const unbundle::vector_d Lx = B * x;
        CHECK(s.upstreamness(c) == doctest::Approx(Lx(c) / x(c)).epsilon(1e-13));
    }
}

TEST_CASE("scores: value-chain identities and agreement with value_added_in_trade on the demo world") {
    unbundle::demo_world_options o;
    o.regions = 8;
    const auto w = unbundle::make_demo_world(o);
    const auto s = unbundle::value_chain_scores_of(w);
    const unbundle::value_chain<double> vc(w);
    const auto va = unbundle::value_added_in_trade(vc);
    REQUIRE(s.economies.size() == 8);
    CHECK(s.economies.codes() == w.regions().codes());
    // the same numbers as the input-output module (what `unbundle mrio` prints)
    CHECK(unbundle::test::max_rel_diff(s.gvc_backward, va.gvc_backward) == 0.0);
    CHECK(unbundle::test::max_rel_diff(s.gvc_forward, va.gvc_forward) == 0.0);
    CHECK(unbundle::test::max_rel_diff(s.gvc_position, va.gvc_position) == 0.0);
    CHECK(unbundle::test::max_rel_diff(s.upstreamness, mrio_upstreamness(w)) < 1e-13);
    int upstream = 0, downstream = 0;
    for (unbundle::index_t c = 0; c < 8; ++c) {
        CAPTURE(c);
        CHECK(s.gvc_participation(c) == doctest::Approx(s.gvc_backward(c) + s.gvc_forward(c)).epsilon(1e-15));
        CHECK(s.gvc_backward(c) > 0);
        CHECK(s.gvc_forward(c) > 0);
        CHECK(s.gvc_participation(c) < 1);
        // the sign of the position is the sign of forward − backward
        CHECK((s.gvc_position(c) > 0) == (s.gvc_forward(c) > s.gvc_backward(c)));
        CHECK(s.upstreamness(c) >= 1.0);
        (s.gvc_position(c) > 0 ? upstream : downstream) += 1;
    }
    MESSAGE("upstream economies " << upstream << ", downstream " << downstream);
}

TEST_CASE("scores: an economy without trade and an economy without output (treatments, no NaN)") {
    // AAA, BBB trade; CCC produces and consumes at home only; DDD has no output at all
    unbundle::matrix_d Z = unbundle::matrix_d::Zero(4, 4), Y = unbundle::matrix_d::Zero(4, 4);
    Z.topLeftCorner(2, 2) << 10, 20, 30, 40;
    Y.topLeftCorner(2, 2) << 60, 10, 20, 110;
    Z(2, 2) = 15;
    Y(2, 2) = 50;
    const unbundle::mrio<double> t(unbundle::economy_index{"AAA", "BBB", "CCC", "DDD"}, unbundle::sector_index{"s"}, Z,
                                   Y);
    const auto s = unbundle::value_chain_scores_of(t);
    for (unbundle::index_t c = 2; c < 4; ++c) {
        CAPTURE(c);
        CHECK(s.exports(c) == 0.0);
        CHECK(s.gvc_backward(c) == 0.0);
        CHECK(s.gvc_forward(c) == 0.0);
        CHECK(s.gvc_participation(c) == 0.0);
        CHECK(s.gvc_position(c) == 0.0);
    }
    CHECK(s.upstreamness(2) == doctest::Approx(65.0 / 50.0).epsilon(1e-14)); // x = 65, L = 1/(1 − 15/65): U = 65/50
    CHECK(s.upstreamness(3) == 1.0);                                         // no output: 1
    CHECK(s.gvc_backward(0) == doctest::Approx(0.21 / 0.69).epsilon(1e-14)); // the others as in the 2-region table
    CHECK(s.upstreamness(1) == doctest::Approx(1.05 / 0.69).epsilon(1e-14));
}

TEST_CASE("scores: value-chain panels in one call, from (year, table) pairs or a loader") {
    unbundle::demo_world_options o;
    o.regions = 4;
    const auto w1 = unbundle::make_demo_world(o);
    o.seed = 7;
    const auto w2 = unbundle::make_demo_world(o);
    const std::vector<std::pair<int, unbundle::mrio<double>>> tables{{2000, w1}, {2001, w2}};
    const auto p = unbundle::value_chain_panel_of(tables);
    REQUIRE(p.size() == 2);
    CHECK(p[0].year == 2000);
    CHECK(p[1].year == 2001);
    CHECK(unbundle::test::max_rel_diff(p[1].scores.gvc_participation,
                                       unbundle::value_chain_scores_of(w2).gvc_participation) == 0.0);
    CHECK(unbundle::test::max_rel_diff(p[0].scores.gvc_participation, p[1].scores.gvc_participation) >
          1e-6); // two worlds
    int loads = 0;
    const auto q = unbundle::value_chain_panel_of(std::vector<int>{2001, 2000}, [&](int y) {
        ++loads;
        return y == 2000 ? w1 : w2;
    });
    CHECK(loads == 2);
    REQUIRE(q.size() == 2);
    CHECK(q[0].year == 2001);
    CHECK(unbundle::test::max_rel_diff(q[0].scores.gvc_position, p[1].scores.gvc_position) == 0.0);
    CHECK(unbundle::test::max_rel_diff(q[1].scores.upstreamness, p[0].scores.upstreamness) == 0.0);
    // an error names the year: a published x below the intermediate sales makes A unproductive
    const auto b = unbundle::test::two_region_table<double>();
    const unbundle::mrio<double> bad(b.regions(), b.sectors(), b.Z(), b.Y(),
                                     unbundle::vector_d((unbundle::vector_d(2) << 20, 40).finished()));
    const std::vector<std::pair<int, unbundle::mrio<double>>> with_bad{{2000, w1}, {2001, bad}};
    CHECK_THROWS_WITH_AS(unbundle::value_chain_panel_of(with_bad), doctest::Contains("year 2001: "),
                         unbundle::numerical_error);
    CHECK_THROWS_WITH_AS(unbundle::value_chain_panel_of(
                             std::vector<int>{1999},
                             [](int) -> unbundle::mrio<double> { throw unbundle::file_error("t/1999: no Z.csv"); }),
                         doctest::Contains("year 1999: t/1999: no Z.csv"), unbundle::file_error);
}

TEST_CASE("scores: value-chain scores as the indicators of a composite index") {
    unbundle::demo_world_options o;
    o.regions = 6;
    const auto s = unbundle::value_chain_scores_of(unbundle::make_demo_world(o));
    const auto ind = unbundle::value_chain_indicators(s);
    CHECK(ind.indicators == std::vector<std::string>{"gvc_backward", "gvc_forward"});
    CHECK(ind.economies == s.economies.codes());
    REQUIRE(ind.values.rows() == 6);
    CHECK(ind.values.col(0) == s.gvc_backward);
    CHECK(ind.values.col(1) == s.gvc_forward);
    const auto c = unbundle::composite_index(ind.values, ind.indicators, ind.economies);
    CHECK(c.weights.sum() == doctest::Approx(1.0).epsilon(1e-14));
    CHECK(c.index.minCoeff() >= 0.0);
    CHECK(c.index.maxCoeff() <= 1.0);
    const auto all = unbundle::value_chain_indicators(s, unbundle::value_chain_indicator_names());
    CHECK(all.values.cols() == 6);
    CHECK(all.values.col(5) == s.upstreamness);
    CHECK_THROWS_WITH_AS(unbundle::value_chain_indicators(s, {"gvc_participaton"}),
                         doctest::Contains("'gvc_participaton'"), unbundle::key_error);
    CHECK_THROWS_AS(unbundle::value_chain_indicators(s, {}), unbundle::usage_error);
}

TEST_CASE("scores: value-chain scores of WIOD 2011 agree with the input-output module" *
          doctest::skip(!unbundle::test::has_data("wiod2013/2011"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "wiod2013/2011");
    const auto t = unbundle::read_mrio(dir.string());
    const auto s = unbundle::value_chain_scores_of(t);
    REQUIRE(s.economies.size() == 41);
    const unbundle::value_chain<double> vc(t);
    const auto va = unbundle::value_added_in_trade(vc);
    // the functions behind `unbundle mrio`: the same numbers
    CHECK(unbundle::test::max_rel_diff(s.gvc_backward, va.gvc_backward) == 0.0);
    CHECK(unbundle::test::max_rel_diff(s.gvc_forward, va.gvc_forward) == 0.0);
    CHECK(unbundle::test::max_rel_diff(s.gvc_participation, va.gvc_participation) == 0.0);
    CHECK(unbundle::test::max_rel_diff(s.gvc_position, va.gvc_position) == 0.0);
    CHECK(unbundle::test::max_rel_diff(s.upstreamness, mrio_upstreamness(t)) < 1e-12);
    // the identities, economy by economy
    for (unbundle::index_t c = 0; c < 41; ++c) {
        CAPTURE(s.economies[c]);
        CHECK(s.gvc_participation(c) == doctest::Approx(s.gvc_backward(c) + s.gvc_forward(c)).epsilon(1e-15));
        CHECK((s.gvc_position(c) > 0) == (s.gvc_forward(c) > s.gvc_backward(c)));
        CHECK(s.gvc_backward(c) > 0);
        CHECK(s.gvc_backward(c) < 1);
        CHECK(s.upstreamness(c) >= 1.0);
    }
    const auto& e = s.economies;
    MESSAGE("CHN participation " << s.gvc_participation(*e.find("CHN")) << ", position "
                                 << s.gvc_position(*e.find("CHN")) << "; RUS position "
                                 << s.gvc_position(*e.find("RUS")));
    // a commodity exporter sits upstream of an assembler
    CHECK(s.gvc_position(*e.find("RUS")) > 0);
    CHECK(s.gvc_position(*e.find("RUS")) > s.gvc_position(*e.find("CHN")));
}
