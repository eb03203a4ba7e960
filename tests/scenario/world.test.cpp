#include <unbundle/scenario/world.hpp>

#include <doctest/doctest.h>

#include <cmath>

TEST_CASE("scenario/world: the demo world is balanced, deterministic and documented") {
    const auto w = unbundle::make_scenario_demo_world();
    REQUIRE(w.num_economies() == 16);
    REQUIRE(w.num_sectors() == 4);
    CHECK(w.sectors().kind(1) == unbundle::sector_kind::goods);
    CHECK(w.sectors().kind(2) == unbundle::sector_kind::services);
    CHECK(w.economies()[0] == "AVA");
    CHECK(w.economy_names[0] == "Avalonia");
    CHECK(w.groups[0] == "North");
    CHECK(w.groups[15] == "South");
    REQUIRE(w.has_population());
    REQUIRE(w.costs.has_value());
    // balanced: x = Z·1 + Y·1 to rounding, relative to the table's scale
    const double scale = w.table.x().maxCoeff();
    CHECK(w.table.row_residuals().cwiseAbs().maxCoeff() < 1e-12 * scale);
    CHECK((w.table.Z().array() >= 0).all());
    CHECK((w.table.Y().array() >= 0).all());
    // value added matches the GDP targets (population x income per head), trade balanced
    const unbundle::vector_d va = w.table.va();
    const unbundle::matrix_d Y = w.table.Y();
    const double targets[16] = {330 * 65.0, 38 * 52.0,  83 * 48.0,   67 * 44.0,  125 * 40.0, 26 * 55.0,
                                215 * 9.0,  128 * 10.0, 1400 * 12.0, 1400 * 2.5, 275 * 4.5,  210 * 2.2,
                                60 * 6.5,   110 * 3.8,  45 * 15.0,   100 * 1.2};
    for (unbundle::index_t i = 0; i < 16; ++i) {
        CHECK(va.segment(i * 4, 4).sum() == doctest::Approx(targets[i]).epsilon(1e-9));
        CHECK(Y.col(i).sum() == doctest::Approx(targets[i]).epsilon(1e-9));
    }
    // costs: documented formula for one pair (AVA -> GON: d = hypot(2, 6), both in the west, GON of the South)
    const double d = std::hypot(2.0, 6.0);
    CHECK(w.costs->component(unbundle::cost_component::goods)(0, 6) ==
          doctest::Approx(0.10 + 0.15 * std::log1p(d) + 0.10).epsilon(1e-14));
    CHECK(w.costs->component(unbundle::cost_component::ideas)(0, 6) ==
          doctest::Approx(0.2 + 0.05 * 2 / 1.67 + 0.15).epsilon(1e-14));
    CHECK(w.costs->component(unbundle::cost_component::people)(6, 0) ==
          doctest::Approx(0.4 + 0.25 * std::log1p(d) + 0.3).epsilon(1e-14));
    // deterministic: a second call gives the same table bit for bit
    const auto w2 = unbundle::make_scenario_demo_world();
    CHECK(w2.table.Z() == w.table.Z());
    CHECK(w2.table.Y() == w.table.Y());
}

TEST_CASE("scenario/world: one-sector world from flows - missing domestic flows are an error naming the economy") {
    unbundle::matrix_d X(3, 3);
    X << 100, 10, 5, 8, 200, 6, 4, 7, 50;
    const unbundle::trade_matrix<> flows(unbundle::economy_index{"A", "B", "C"}, X);
    const auto w = unbundle::world_from_flows(flows);
    CHECK(w.num_sectors() == 1);
    CHECK(w.table.Z().isZero(0));
    CHECK(w.table.Y() == X);
    CHECK(!w.costs.has_value());
    CHECK(!w.has_population());
    X(1, 1) = 0;
    const unbundle::trade_matrix<> bad(unbundle::economy_index{"A", "B", "C"}, X);
    try {
        (void)unbundle::world_from_flows(bad);
        CHECK(false);
    } catch (const unbundle::domain_error& e) {
        CHECK(std::string(e.what()).find("'B'") != std::string::npos);
    }
    unbundle::world_options<> o;
    o.population = (unbundle::vector_d(2) << 1, 2).finished();
    CHECK_THROWS_AS(unbundle::world_from_flows(flows, o), unbundle::dimension_error);
}

TEST_CASE("scenario/world: MRIO worlds with sectors aggregated by kind or group") {
    const auto demo = unbundle::make_scenario_demo_world();
    unbundle::world_options<> o;
    o.aggregate_by_kind = true;
    const auto w = unbundle::world_from_mrio(demo.table, o);
    REQUIRE(w.num_sectors() == 2);
    CHECK(w.sectors()[0] == "goods");
    CHECK(w.sectors().kind(1) == unbundle::sector_kind::services);
    CHECK(w.table.x().sum() == doctest::Approx(demo.table.x().sum()).epsilon(1e-13));
    CHECK(w.table.va().sum() == doctest::Approx(demo.table.va().sum()).epsilon(1e-13));
    // the goods sales of AVA to GON's services sector: Σ over AGR, MAN rows and BUS, PER columns
    const double z = demo.table.Z().block(0, 6 * 4 + 2, 2, 2).sum();
    CHECK(w.table.Z()(0, 6 * 2 + 1) == doctest::Approx(z).epsilon(1e-14));
    unbundle::world_options<> g;
    g.sector_groups = {"P", "M", "S", "S"};
    const auto w3 = unbundle::world_from_mrio(demo.table, g);
    CHECK(w3.num_sectors() == 3);
    CHECK(w3.sectors().kind(2) == unbundle::sector_kind::services);
    g.sector_groups = {"P", "M"};
    CHECK_THROWS_AS(unbundle::world_from_mrio(demo.table, g), unbundle::dimension_error);
}
