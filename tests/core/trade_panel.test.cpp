#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/trade_panel_reader.hpp>

TEST_CASE("core: trade_panel builds yearly matrices from long data") {
    const std::string csv = "exporter,importer,year,trade,dist\n"
                            "B,A,2000,5,10\nA,B,2000,7,10\nA,A,2000,100,1\nB,B,2000,80,1\n"
                            "A,B,2001,9,10\nB,A,2001,6,10\n";
    const auto df = unbundle::parse_csv(csv, "mem.csv");
    const auto p = unbundle::trade_panel::from_frame(df, {"exporter", "importer", "trade", "year"});
    CHECK(p.rows() == 6);
    CHECK(p.economies().code(0) == "A"); // sorted
    CHECK(p.years() == std::vector<int>{2000, 2001});
    CHECK(p.covariate_names() == std::vector<std::string>{"dist"});
    const auto m = p.to_matrix(2000);
    CHECK(m.flow("A", "B") == 7);
    CHECK(m.flow("B", "A") == 5);
    CHECK(m.domestic()(1) == 80);
    const auto m1 = p.select_year(2001).to_matrix();
    CHECK(m1.flow("A", "B") == 9);
    CHECK(m1.flow("A", "A") == 0); // absent pairs are zero
    CHECK_THROWS_AS(p.to_matrix(), unbundle::usage_error);
    CHECK_THROWS_AS(p.select_year(1999), unbundle::key_error);
    CHECK_THROWS_WITH_AS(p.to_matrix(1999), doctest::Contains("no rows for year 1999"), unbundle::key_error);
}

TEST_CASE("core: trade_panel reports bad rows by line") {
    const auto neg = unbundle::parse_csv("exporter,importer,trade\nA,B,5\nB,A,-3\n", "neg.csv");
    CHECK_THROWS_WITH_AS(unbundle::trade_panel::from_frame(neg, {"exporter", "importer", "trade"}),
                         doctest::Contains("neg.csv:3"), unbundle::domain_error);
    const auto miss = unbundle::parse_csv("exporter,importer,trade\nA,B,5\nB,A,NA\n", "miss.csv");
    CHECK_THROWS_WITH_AS(unbundle::trade_panel::from_frame(miss, {"exporter", "importer", "trade"}),
                         doctest::Contains("miss.csv:3"), unbundle::domain_error);
    const auto dropped =
        unbundle::trade_panel::from_frame(miss, {"exporter", "importer", "trade"}, unbundle::missing_policy::drop);
    CHECK(dropped.rows() == 1);
    CHECK(dropped.dropped_missing() == 1);
    const auto dup = unbundle::parse_csv("exporter,importer,trade\nA,B,5\nA,B,3\n", "dup.csv");
    const auto pd = unbundle::trade_panel::from_frame(dup, {"exporter", "importer", "trade"});
    CHECK_THROWS_WITH_AS(pd.to_matrix(), doctest::Contains("duplicate rows for exporter A, importer B"),
                         unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::trade_panel::from_frame(dup, {"exporter", "importer", "value"}), unbundle::key_error);
    const auto txt = unbundle::parse_csv("exporter,importer,trade\nA,B,5\nB,A,x7\n", "txt.csv");
    CHECK_THROWS_WITH_AS(unbundle::trade_panel::from_frame(txt, {"exporter", "importer", "trade"}),
                         doctest::Contains("txt.csv:3:3"), unbundle::parse_error);
}

TEST_CASE("core: trade_panel reads the gegravity sample data" *
          doctest::skip(!unbundle::test::has_data("gegravity/sample_data_set.csv"))) {
    UNBUNDLE_REQUIRE_DATA(path, "gegravity/sample_data_set.csv");
    const auto p = unbundle::read_trade_panel(path.string(), {"exporter", "importer", "trade", "year"});
    CHECK(p.rows() == 900);
    CHECK(p.economies().size() == 30);
    const auto m = p.to_matrix(2006);
    // every economy has its domestic flow; the sum of flows equals the column's total
    CHECK((m.domestic().array() > 0).all());
    double total = 0;
    for (double v : p.value()) total += v;
    CHECK(m.flows().sum() == doctest::Approx(total).epsilon(1e-12));
}
