// Scenario runs on WIOD (skipped when the shared data are absent): calibrated on 1995, the
// 1995-2011 path solves; attribution adds up.
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/scenario/run.hpp>

#include "support/approx.hpp"

#include <doctest/doctest.h>

#include <cmath>

TEST_CASE("scenario/run: WIOD 1995, sectors aggregated by kind, the 1995-2011 Baldwin path with Shapley" *
          doctest::skip(!unbundle::test::has_data("wiod2013/1995"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "wiod2013/1995");
    unbundle::mrio_read_options ro;
    ro.use_published_x = false;
    const auto table = unbundle::read_mrio(dir.string(), ro);
    REQUIRE(table.num_sectors() == 35);
    CHECK(table.sectors().kind(0) == unbundle::sector_kind::goods);     // c1 agriculture (sectors.csv)
    CHECK(table.sectors().kind(34) == unbundle::sector_kind::services); // c35 private households
    unbundle::world_options<> o;
    o.aggregate_by_kind = true;
    unbundle::scenario<> s;
    s.world = unbundle::world_from_mrio(table, o);
    REQUIRE(s.world.num_sectors() == 2);
    s.paths = unbundle::baldwin_paths();
    s.first_year = 1995;
    s.last_year = 2011;
    s.step = 8;
    s.threads = 2;
    const auto r = unbundle::run_scenario(s);
    REQUIRE(r.years.size() == 3);
    const auto b = r.baseline.values();
    for (const auto& y : r.years) {
        CHECK(y.solver.converged);
        const auto v = y.indicators.values();
        for (std::size_t k = 0; k < 8; ++k)
            CHECK(std::abs(y.attribution[k][0] + y.attribution[k][1] + y.attribution[k][2] - (v[k] - b[k])) <
                  1e-12 * std::max(1.0, std::abs(b[k])));
    }
    // ICT era: ideas costs fall 1995-2011 (goods a little): value chains deepen, world welfare rises
    CHECK(r.last().indicators.gvc_participation > r.baseline.gvc_participation);
    CHECK(r.last().indicators.welfare_index > 1);
    CHECK(r.attribution("gvc_participation", 1995, 2011)[1] > 0);
}
