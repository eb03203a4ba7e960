#include <doctest/doctest.h>

#include "support/approx.hpp"
#include "support/tempdir.hpp"

#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/data/mrio_writer.hpp>

TEST_CASE("data: the demo world is balanced, productive and deterministic") {
    const auto w = unbundle::make_demo_world();
    CHECK(w.n() == 30);
    CHECK(w.num_regions() == 6);
    CHECK(w.sectors().kind(0) == unbundle::sector_kind::goods);
    CHECK(w.sectors().kind(4) == unbundle::sector_kind::services);
    // balanced: x = Z1 + Y1 to rounding; identity Σ va = Σ Y
    const auto r = w.report();
    CHECK(r.max_abs_row_residual < 1e-9 * r.total_output);
    CHECK(r.total_value_added == doctest::Approx(r.total_final_demand).epsilon(1e-12));
    // productive: every column of A sums to 1 − β < 1, every value added positive
    const unbundle::matrix_d A = w.Z() * w.x().cwiseInverse().asDiagonal();
    CHECK(unbundle::test::max_coeff(A.colwise().sum()) < 0.66);
    CHECK(w.va().minCoeff() > 0);
    CHECK(r.negative_entries() == 0);
    // deterministic: same seed, same table; another seed, another table
    const auto w2 = unbundle::make_demo_world();
    CHECK(unbundle::test::max_rel_diff(w.Z(), w2.Z()) == 0.0);
    unbundle::demo_world_options o;
    o.seed = 7;
    CHECK(unbundle::test::max_rel_diff(unbundle::make_demo_world(o).Z(), w.Z()) > 1e-3);
    o.regions = 0;
    CHECK_THROWS_AS(unbundle::make_demo_world(o), unbundle::domain_error);
}

TEST_CASE("data: write_mrio then read_mrio gives back the same table exactly") {
    unbundle::demo_world_options o;
    o.regions = 4;
    const auto w = unbundle::make_demo_world(o);
    unbundle::test::temp_dir d;
    unbundle::write_mrio(w, d.path().string());
    const auto back = unbundle::read_mrio(d.path().string());
    CHECK(back.labels() == w.labels());
    CHECK(unbundle::test::max_rel_diff(back.Z(), w.Z()) == 0.0);
    CHECK(unbundle::test::max_rel_diff(back.Y(), w.Y()) == 0.0);
    CHECK(unbundle::test::max_rel_diff(back.x(), w.x()) == 0.0);
    CHECK(unbundle::test::max_rel_diff(back.va(), w.va()) == 0.0);
    CHECK(back.sectors().kind(4) == unbundle::sector_kind::services);
}
