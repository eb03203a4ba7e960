#include <unbundle/scenario/run.hpp>

#include <doctest/doctest.h>

#include <cmath>

namespace {
const unbundle::scenario_world<double>& demo() {
    static const auto w = unbundle::make_scenario_demo_world();
    return w;
}
// Only `which` falls, by 30 % between 2020 and 2030 (exponential at ln(1/0.7)/10 a year).
unbundle::scenario<double> one_fall(int which) {
    unbundle::scenario<double> s;
    s.world = demo();
    s.first_year = 2020;
    s.last_year = 2030;
    s.step = 10;
    s.shapley = false;
    const auto p = unbundle::cost_path::exponential(2020, std::log(1 / 0.7) / 10);
    if (which == 0) s.paths.goods = p;
    if (which == 1) s.paths.ideas = p;
    if (which == 2) s.paths.people = p;
    return s;
}
} // namespace

TEST_CASE("scenario/run: no cost change changes nothing") {
    unbundle::scenario<double> s;
    s.world = demo();
    s.first_year = 2020;
    s.last_year = 2022;
    const auto r = unbundle::run_scenario(s);
    REQUIRE(r.years.size() == 3);
    const auto b = r.baseline.values();
    for (const auto& y : r.years) {
        CHECK(y.solver.converged);
        const auto v = y.indicators.values();
        for (std::size_t k = 0; k < 8; ++k) CHECK(std::abs(v[k] - b[k]) < 1e-10 * std::max(1.0, std::abs(b[k])));
        for (std::size_t k = 0; k < 8; ++k)
            for (std::size_t c = 0; c < 3; ++c) CHECK(std::abs(y.attribution[k][c]) < 1e-10);
    }
    CHECK(r.baseline.welfare_index == 1.0);
}

TEST_CASE("scenario/run: Shapley attribution adds up exactly, by indicator and by economy - threads agree") {
    unbundle::scenario<double> s;
    s.world = demo();
    s.first_year = 2020;
    s.last_year = 2030;
    s.step = 5;
    s.paths.goods = unbundle::cost_path::exponential(2020, 0.02);
    s.paths.ideas = unbundle::cost_path::exponential(2020, 0.04);
    s.paths.people = unbundle::cost_path::exponential(2020, 0.03);
    s.threads = 1;
    const auto r = unbundle::run_scenario(s);
    REQUIRE(r.years.size() == 3);
    CHECK(r.solves == 21);
    const auto b = r.baseline.values();
    for (const auto& y : r.years) {
        CHECK(y.solver.converged);
        const auto v = y.indicators.values();
        for (std::size_t k = 0; k < 8; ++k) {
            const double sum = y.attribution[k][0] + y.attribution[k][1] + y.attribution[k][2];
            CHECK(std::abs(sum - (v[k] - b[k])) < 1e-12 * std::max(1.0, std::abs(b[k])));
        }
        for (unbundle::index_t n = 0; n < 16; ++n)
            CHECK(std::abs(y.welfare_attribution.row(n).sum() - std::log(y.indicators.economy_welfare_index(n))) <
                  1e-12);
    }
    const auto sh = r.welfare_shares();
    CHECK(std::abs(sh[0] + sh[1] + sh[2] - 1) < 1e-12);
    // attribution over a sub-period adds up to the change over it
    const auto a = r.attribution("trade_to_gdp", 2025, 2030);
    CHECK(std::abs(a[0] + a[1] + a[2] - (r.at(2030).indicators.trade_to_gdp - r.at(2025).indicators.trade_to_gdp)) <
          1e-12);
    CHECK_THROWS_AS(r.at(2021), unbundle::key_error);
    s.threads = 3;
    const auto r3 = unbundle::run_scenario(s);
    for (std::size_t y = 0; y < 3; ++y)
        for (std::size_t k = 0; k < 8; ++k)
            for (std::size_t c = 0; c < 3; ++c) CHECK(r3.years[y].attribution[k][c] == r.years[y].attribution[k][c]);
}

TEST_CASE("scenario/run: the three unbundlings on the demo world (qualitative checks)") {
    const auto g = unbundle::run_scenario(one_fall(0));
    const auto i = unbundle::run_scenario(one_fall(1));
    const auto p = unbundle::run_scenario(one_fall(2));
    const auto& b = g.baseline;
    const auto& G = g.last().indicators;
    const auto& I = i.last().indicators;
    const auto& P = p.last().indicators;
    MESSAGE("GVC participation: baseline " << b.gvc_participation << ", goods -30% " << G.gvc_participation
                                           << ", ideas -30% " << I.gvc_participation << ", people -30% "
                                           << P.gvc_participation);
    MESSAGE("services share of trade: baseline " << b.services_trade_share << ", goods " << G.services_trade_share
                                                 << ", ideas " << I.services_trade_share << ", people "
                                                 << P.services_trade_share);
    MESSAGE("world welfare: goods " << G.welfare_index << ", ideas " << I.welfare_index << ", people "
                                    << P.welfare_index);
    // a fall in ideas costs raises GVC participation more than an equal fall in goods costs
    CHECK(I.gvc_participation - b.gvc_participation > G.gvc_participation - b.gvc_participation);
    CHECK(I.gvc_participation > b.gvc_participation);
    // a fall in people costs raises services' share of trade
    CHECK(P.services_trade_share > b.services_trade_share);
    // every fall raises world welfare
    CHECK(G.welfare_index > 1);
    CHECK(I.welfare_index > 1);
    CHECK(P.welfare_index > 1);
    for (const auto* r : {&g, &i, &p}) CHECK(r->last().solver.converged);
}

TEST_CASE("scenario/run: one-sector worlds from flows (costs measured from the flows)") {
    unbundle::matrix_d X(3, 3);
    X << 100, 10, 5, 8, 200, 6, 4, 7, 50;
    unbundle::scenario<double> s;
    s.world = unbundle::world_from_flows(unbundle::trade_matrix<>(unbundle::economy_index{"A", "B", "C"}, X));
    s.first_year = 2000;
    s.last_year = 2010;
    s.step = 10;
    s.paths.goods = unbundle::cost_path::exponential(2000, 0.03);
    const auto r = unbundle::run_scenario(s);
    CHECK(r.last().solver.converged);
    CHECK(r.last().indicators.trade_to_gdp > r.baseline.trade_to_gdp);
    CHECK(r.last().indicators.welfare_index > 1);
    CHECK(!r.notes.empty());
}

TEST_CASE("scenario/run: bad input is a clear error") {
    unbundle::scenario<double> s;
    s.world = demo();
    s.first_year = 2020;
    s.last_year = 2050;
    s.paths.goods = unbundle::cost_path::exponential(2020, -0.5); // costs rise e^15-fold: explode
    try {
        (void)unbundle::run_scenario(s);
        CHECK(false);
    } catch (const unbundle::domain_error& e) {
        CHECK(std::string(e.what()).find("goods cost path") != std::string::npos);
        CHECK(std::string(e.what()).find("explode") != std::string::npos);
    }
    s.paths = {};
    s.last_year = 2010;
    CHECK_THROWS_AS(unbundle::run_scenario(s), unbundle::usage_error);
    s.last_year = 2021;
    s.model.theta = unbundle::vector_d::Constant(4, -1.0);
    CHECK_THROWS_AS(unbundle::run_scenario(s), unbundle::domain_error);
    s.model.theta = unbundle::vector_d();
    s.loadings = unbundle::loading_table<>::uniform(3, unbundle::cost_loadings<>{});
    CHECK_THROWS_AS(unbundle::run_scenario(s), unbundle::dimension_error);
}
