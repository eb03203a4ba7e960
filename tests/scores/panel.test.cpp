#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/data/trade_panel_reader.hpp>
#include <unbundle/scores/panel.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace {
// two years, two products; 2001 doubles A-B trade
unbundle::trade_panel synthetic() {
    const std::string csv = "exporter,importer,year,product,trade,dist\n"
                            "A,B,2000,x,6,10\nA,B,2000,y,4,10\nB,A,2000,x,20,10\nA,C,2000,x,10,20\n"
                            "B,C,2000,y,20,5\nC,A,2000,y,5,20\nC,B,2000,x,15,5\n"
                            "A,B,2001,x,12,10\nA,B,2001,y,8,10\nB,A,2001,x,40,10\nA,C,2001,x,10,20\n"
                            "B,C,2001,y,20,5\nC,A,2001,y,5,20\nC,B,2001,x,15,5\n";
    unbundle::csv_options o;
    o.text_columns = {"exporter", "importer", "product"};
    return unbundle::trade_panel::from_frame(unbundle::parse_csv(csv, "mem.csv", o),
                                             {"exporter", "importer", "trade", "year", "product"});
}
} // namespace

TEST_CASE("scores: every year of a panel in one call") {
    const auto p = synthetic();
    unbundle::panel_scores_options opt;
    opt.bloc = {"A", "B"};
    opt.gdp = (unbundle::vector_d(3) << 100, 200, 50).finished();
    opt.distance = "dist";
    const auto ys = unbundle::panel_scores_of(p, opt);
    REQUIRE(ys.size() == 2);
    CHECK(ys[0].year == 2000);
    CHECK(ys[1].year == 2001);
    // 2000: the same flows as the bloc and bilateral hand cases (A 20, B 40, C 20 of exports)
    const auto& y0 = ys[0];
    CHECK(y0.economies.exports(0) == 20.0);
    REQUIRE(y0.economies.openness);
    CHECK((*y0.economies.openness)(0) == doctest::Approx(0.45));
    REQUIRE(y0.economies.market_potential);
    CHECK((*y0.economies.market_potential)(0) == doctest::Approx(22.5)); // 200/10 + 50/20
    CHECK(y0.bilateral.intensity(0, 1) == doctest::Approx(1.6));
    CHECK_FALSE(y0.bilateral.has_domestic); // no domestic rows: tau and phi omitted
    REQUIRE(y0.bloc);
    CHECK(y0.bloc->intra_share == doctest::Approx(0.5));
    REQUIRE(y0.products);
    // products: A exports x 16, y 4; world x 51, y 29 (of 80)
    CHECK(y0.products->rca(0, 0) == doctest::Approx((16.0 / 20) / (51.0 / 80)).epsilon(1e-14));
    // the year's scores are those of its matrix
    const auto direct = unbundle::integration_scores_of(p.to_matrix(2001));
    CHECK(unbundle::test::is_approx(ys[1].economies.pagerank, direct.pagerank, 1e-15));
    // bloc panel: 2001 intra 12 + 8 + 40 = 60 of exports 30 + 60 = 90
    const auto b = unbundle::bloc_panel_of(p, {"A", "B"});
    CHECK(b.years == std::vector<int>{2000, 2001});
    CHECK(b.intra_share(1) == doctest::Approx(60.0 / 90).epsilon(1e-15));
    CHECK(b.intra_share_change == doctest::Approx(60.0 / 90 - 0.5).epsilon(1e-14));
    // 2001 imports of A and B 45 + 35 = 80 of world 110
    CHECK(b.intensity(1) == doctest::Approx((60.0 / 90) / (80.0 / 110)).epsilon(1e-14));
    CHECK(b.intensity_change == doctest::Approx((60.0 / 90) / (80.0 / 110) - 0.8).epsilon(1e-14));
}

TEST_CASE("scores: panel errors name the year and the economy") {
    const auto p = synthetic();
    CHECK_THROWS_WITH_AS(unbundle::bloc_panel_of(p, {"A", "EU"}),
                         doctest::Contains("year 2000: bloc_scores: bloc member 'EU'"), unbundle::key_error);
    unbundle::panel_scores_options opt;
    opt.gdp = (unbundle::vector_d(3) << 100, 0, 50).finished();
    CHECK_THROWS_WITH_AS(unbundle::panel_scores_of(p, opt), doctest::Contains("year 2000: openness: GDP of 'B'"),
                         unbundle::domain_error);
    opt.gdp.reset();
    opt.gdp_by_year[2001] = (unbundle::vector_d(3) << 1, 2, 3).finished();
    const auto ys = unbundle::panel_scores_of(p, opt);
    CHECK_FALSE(ys[0].economies.openness); // GDP only for 2001: omitted in 2000
    CHECK(ys[1].economies.openness);
    const auto q = unbundle::trade_panel::from_frame(unbundle::parse_csv("exporter,importer,trade\nA,B,1\nB,A,2\n"),
                                                     {"exporter", "importer", "trade"});
    CHECK_THROWS_AS(unbundle::product_flows_of(q), unbundle::usage_error);
    CHECK_THROWS_AS(unbundle::bloc_panel_of(q, {"A"}), unbundle::usage_error);
    CHECK(unbundle::panel_scores_of(q).size() == 1);
}

TEST_CASE("scores: EU integration 2007-2016 (trade_eu)" *
          doctest::skip(!unbundle::test::has_data("trade_eu/trade.csv"))) {
    UNBUNDLE_REQUIRE_DATA(path, "trade_eu/trade.csv");
    const auto p = unbundle::read_trade_panel(path.string(), {"Origin", "Destination", "Euros", "Year", "Product"});
    REQUIRE(p.economies().size() == 15);
    const std::vector<std::string> founders{"BE", "DE", "FR", "IT", "LU", "NL"};
    unbundle::panel_scores_options opt;
    opt.bloc = founders;
    const auto ys = unbundle::panel_scores_of(p, opt);
    REQUIRE(ys.size() == 10);
    // independent reference: intra-founder share summed from the raw rows
    std::map<int, double> intra, total;
    for (std::size_t r = 0; r < p.value().size(); ++r) {
        const auto& ex = p.economies()[p.exporter()[r]];
        const auto& im = p.economies()[p.importer()[r]];
        const bool fe = std::find(founders.begin(), founders.end(), ex) != founders.end();
        const bool fi = std::find(founders.begin(), founders.end(), im) != founders.end();
        if (fe && ex != im) total[p.year()[r]] += p.value()[r];
        if (fe && fi && ex != im) intra[p.year()[r]] += p.value()[r];
    }
    for (const auto& y : ys) {
        CAPTURE(y.year);
        CHECK(y.economies.economies.size() == 15);
        CHECK(y.economies.pagerank.sum() == doctest::Approx(1.0).epsilon(1e-12));
        CHECK(y.economies.eigenvector_solver.converged);
        CHECK(y.economies.pagerank_solver.converged);
        CHECK(y.economies.composite.allFinite());
        CHECK(y.economies.network.density == 1.0); // every pair trades every year
        REQUIRE(y.bloc);
        CHECK(y.bloc->intra_share == doctest::Approx(intra[y.year] / total[y.year]).epsilon(1e-12));
        CHECK(y.bloc->intra_share > 0.5);
        CHECK(y.bloc->intensity > 1.0); // founders trade more among themselves than their weight suggests
        REQUIRE(y.products);
        CHECK(y.products->products.size() == 20);
        CHECK(y.products->rca.allFinite());
        CHECK(((y.products->grubel_lloyd.array() >= 0) && (y.products->grubel_lloyd.array() <= 1)).all());
    }
    const auto b = unbundle::bloc_panel_of(p, founders);
    CHECK(b.intra_share_change == doctest::Approx(b.intra_share(9) - b.intra_share(0)).epsilon(1e-15));
    MESSAGE("founders' intra share 2007 " << b.intra_share(0) << " -> 2016 " << b.intra_share(9) << "; intensity "
                                          << b.intensity(0) << " -> " << b.intensity(9));
}
