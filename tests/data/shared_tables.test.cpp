// Every table of shared/data loads, with the row counts its README states.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/data/trade_panel_reader.hpp>

#include <cmath>

TEST_CASE("data: every long table of shared/data loads with its documented size" *
          doctest::skip(!unbundle::test::has_data(""))) {
    UNBUNDLE_REQUIRE_DATA(root, "");
    struct expect {
        const char* file;
        unbundle::index_t rows;
        unbundle::index_t cols;
    };
    const expect tables[] = {{"trade_eu/trade.csv", 38325, 6},
                             {"gegravity/sample_data_set.csv", 900, 11},
                             {"ge_gravity_wiod/trade_2000_2014.csv", 7744, 9},
                             {"yotov/agtpa_applications.csv", 99981, 17},
                             {"yotov/Chapter1Exercise1.csv", 25350, 10},
                             {"yotov/Chapter1Exercise2.csv", 18928, 13},
                             {"cepii_gravity/gravity_no_zeros.csv", 17088, 10},
                             {"cepii_gravity/gravity_zeros.csv", 22588, 10},
                             {"wiod2013/sectors.csv", 35, 4},
                             {"oecd_iot_jpn_2018/bottom_rows.csv", -1, 46}};
    for (const auto& t : tables) {
        CAPTURE(t.file);
        const auto p = root / t.file;
        if (!std::filesystem::exists(p)) {
            MESSAGE("absent: " << t.file);
            continue;
        }
        const auto df = unbundle::read_csv(p.string());
        if (t.rows >= 0) CHECK(df.rows() == t.rows);
        CHECK(df.cols() == t.cols);
    }
    // MFN_TARIFF has empty cells: missing, not zero (README: "empty = missing")
    const auto ex2 = unbundle::read_csv((root / "yotov/Chapter1Exercise2.csv").string());
    CHECK(ex2["MFN_TARIFF"].missing(0));
    CHECK(ex2["MFN_TARIFF"].values()[1] == 0.19869994853054762);
    CHECK(ex2["MFN_TARIFF"].missing_count() > 0);
    // the separation suite: 18 datasets with a ground-truth column
    for (int k = 1; k <= 18; ++k) {
        const auto f = root / "ppml_separation" / ((k < 10 ? "0" : "") + std::to_string(k) + ".csv");
        CAPTURE(f.string());
        const auto df = unbundle::read_csv(f.string());
        CHECK(df.has("y"));
        CHECK(df.has("separated"));
    }
}

TEST_CASE("data: yotov panel: shortest round-trip numbers read exactly and pairs are complete" *
          doctest::skip(!unbundle::test::has_data("yotov/agtpa_applications.csv"))) {
    UNBUNDLE_REQUIRE_DATA(path, "yotov/agtpa_applications.csv");
    const auto p = unbundle::read_trade_panel(path.string(), {"exporter", "importer", "trade", "year"});
    CHECK(p.economies().size() == 69);
    CHECK(p.years().size() == 21);
    CHECK(p.value()[0] == 61288.59026286057); // the file's first value, digit for digit
    const auto m = p.to_matrix(2006);
    CHECK((m.domestic().array() > 0).all());
}

TEST_CASE("data: WIOD final demand by category: five categories per region" *
          doctest::skip(!(unbundle::test::has_data("wiod2013/2011/Y_full.csv") &&
                          unbundle::test::has_data("wiod2013/2011/Y.csv")))) {
    UNBUNDLE_REQUIRE_DATA(path, "wiod2013/2011/Y_full.csv");
    const auto m = unbundle::read_labeled_matrix(path.string());
    CHECK(m.values.rows() == 1435);
    CHECK(m.values.cols() == 205);
    CHECK(m.col_labels[4] == "AUS_INVEN");
    // categories add up to Y.csv
    UNBUNDLE_REQUIRE_DATA(ypath, "wiod2013/2011/Y.csv");
    const auto y = unbundle::read_labeled_matrix(ypath.string());
    double worst = 0;
    for (Eigen::Index r = 0; r < 41; ++r)
        worst = unbundle::test::worse(
            worst, unbundle::test::max_abs(m.values.middleCols(5 * r, 5).rowwise().sum() - y.values.col(r)));
    CHECK(worst <= 1e-6);
}
