// Tests of scores/value_chain_files.hpp: a directory of yearly tables (DIR/YYYY) in one call, on
// generated tables written here, the errors that name the year, and WIOD 1995 and 2011.
#include <doctest/doctest.h>

#include "support/approx.hpp"
#include "support/tempdir.hpp"

#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_writer.hpp>
#include <unbundle/scores/value_chain_files.hpp>

#include <cmath>
#include <string>
#include <vector>

TEST_CASE("scores: value-chain scores of a directory of yearly tables in one call") {
    unbundle::test::temp_dir d;
    unbundle::demo_world_options o;
    o.regions = 4;
    const auto w1 = unbundle::make_demo_world(o);
    o.seed = 11;
    const auto w2 = unbundle::make_demo_world(o);
    unbundle::write_mrio(w1, (d.path() / "2000").string());
    unbundle::write_mrio(w2, (d.path() / "2002").string());
    d.write("notes/readme.txt", "not a year");
    CHECK(unbundle::table_years_in(d.path().string()) == std::vector<int>{2000, 2002});

    const auto all = unbundle::value_chain_panel_from_dir(d.path().string()); // every YYYY folder
    REQUIRE(all.size() == 2);
    CHECK(all[0].year == 2000);
    CHECK(all[1].year == 2002);
    // the same numbers as the tables in memory (the writer keeps full precision)
    const auto s1 = unbundle::value_chain_scores_of(w1), s2 = unbundle::value_chain_scores_of(w2);
    CHECK(all[0].scores.economies.codes() == s1.economies.codes());
    CHECK(unbundle::test::max_rel_diff(all[0].scores.gvc_participation, s1.gvc_participation) < 1e-13);
    CHECK(unbundle::test::max_rel_diff(all[1].scores.gvc_position, s2.gvc_position) < 1e-12);
    CHECK(unbundle::test::max_rel_diff(all[1].scores.upstreamness, s2.upstreamness) < 1e-13);
    CHECK_FALSE(all[0].scores.notes.empty()); // what the reader found (derived x, ...)

    const auto one = unbundle::value_chain_panel_from_dir(d.path().string(), {2002});
    REQUIRE(one.size() == 1);
    CHECK(one[0].year == 2002);

    CHECK_THROWS_WITH_AS(unbundle::value_chain_panel_from_dir(d.path().string(), {2000, 2001}),
                         doctest::Contains("no table directory for year 2001"), unbundle::file_error);
    unbundle::test::temp_dir empty;
    CHECK_THROWS_WITH_AS(unbundle::value_chain_panel_from_dir(empty.path().string()), doctest::Contains("no YYYY"),
                         unbundle::file_error);
    CHECK_THROWS_AS(unbundle::table_years_in((empty.path() / "absent").string()), unbundle::file_error);
    d.write("2003/Y.csv", "AAA\n1\n");
    CHECK_THROWS_WITH_AS(unbundle::value_chain_panel_from_dir(d.path().string(), {2003}),
                         doctest::Contains("year 2003: "), unbundle::file_error);
}

TEST_CASE("scores: GVC participation of WIOD 1995 and 2011 from the directory of years" *
          doctest::skip(!unbundle::test::has_data("wiod2013/2011") || !unbundle::test::has_data("wiod2013/1995"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "wiod2013");
    const auto p = unbundle::value_chain_panel_from_dir(dir.string(), {1995, 2011});
    REQUIRE(p.size() == 2);
    const auto& e = p[0].scores.economies;
    REQUIRE(e.size() == 41);
    CHECK(p[1].scores.economies.codes() == e.codes());
    const unbundle::index_t chn = *e.find("CHN");
    MESSAGE("CHN participation 1995 " << p[0].scores.gvc_participation(chn) << ", 2011 "
                                      << p[1].scores.gvc_participation(chn));
    // world trade fragmented between 1995 and 2011: the export-weighted mean of backward
    // participation (world foreign value added / world gross exports) rose
    auto world_backward = [](const unbundle::value_chain_scores<double>& s) {
        return s.gvc_backward.dot(s.exports) / s.exports.sum();
    };
    const double b95 = world_backward(p[0].scores), b11 = world_backward(p[1].scores);
    MESSAGE("world backward participation 1995 " << b95 << ", 2011 " << b11);
    CHECK(b11 > b95 + 0.02);
    for (const auto& y : p)
        for (unbundle::index_t c = 0; c < 41; ++c) {
            CHECK(std::isfinite(y.scores.gvc_position(c)));
            CHECK(y.scores.gvc_participation(c) ==
                  doctest::Approx(y.scores.gvc_backward(c) + y.scores.gvc_forward(c)).epsilon(1e-15));
        }
}
