// Tests of ge/frame.hpp on a hand-written 3-economy long table: square matrices in code order,
// year filter, per-economy values, t^(1−σ) = exp(Σ β x) by hand, experiments, and every error path.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/ge/frame.hpp>

#include <cmath>
#include <string>

namespace {

// Rows out of code order (CCC first) and two years; trade = 10 * exporter + importer (codes 1..3).
const char* const long_table = "exporter,importer,year,trade,ldist,pta,gdp\n"
                               "CCC,CCC,2000,33,0,0,300\n"
                               "CCC,AAA,2000,31,1.5,1,300\n"
                               "CCC,BBB,2000,32,0.5,0,300\n"
                               "AAA,AAA,2000,11,0,0,100\n"
                               "AAA,BBB,2000,12,1,0,100\n"
                               "AAA,CCC,2000,13,1.5,1,100\n"
                               "BBB,AAA,2000,21,1,0,200\n"
                               "BBB,BBB,2000,22,0,0,200\n"
                               "BBB,CCC,2000,23,0.5,0,200\n"
                               "AAA,AAA,2001,1,0,0,100\n";

} // namespace

TEST_CASE("ge: bilateral_table squares long data in code order and keeps one year") {
    const auto df = unbundle::parse_csv(long_table, "long.csv");
    const unbundle::bilateral_table t(df, "exporter", "importer", "year", 2000.0);
    REQUIRE(t.size() == 3);
    CHECK(t.economies()[0] == "AAA");
    CHECK(t.economies()[2] == "CCC");
    CHECK(t.row(2, 0) == 1); // CCC -> AAA is data row 1
    const unbundle::matrix_d X = t.matrix("trade");
    for (unbundle::index_t i = 0; i < 3; ++i)
        for (unbundle::index_t j = 0; j < 3; ++j) CHECK(X(i, j) == 10.0 * (i + 1) + (j + 1));
    // gdp repeated on each exporter row: its mean is the value itself
    const unbundle::vector_d gdp = t.economy_values("gdp", true);
    CHECK(gdp(0) == 100.0);
    CHECK(gdp(1) == 200.0);
    CHECK(gdp(2) == 300.0);
    // as importer: the mean of the column, (100 + 200 + 300) / 3 everywhere
    CHECK(unbundle::test::max_rel_diff(t.economy_values("gdp", false), unbundle::vector_d::Constant(3, 200.0)) < 1e-15);
    // t^(1−σ) = exp(−0.8 ldist + 0.4 pta + 0.1) entry by entry
    const std::vector<unbundle::cost_term> terms{{"ldist", -0.8}, {"pta", 0.4}, {"constant", 0.1}};
    const unbundle::matrix_d T = t.t_pow(terms);
    const unbundle::matrix_d ld = t.matrix("ldist"), pta = t.matrix("pta");
    for (unbundle::index_t i = 0; i < 3; ++i)
        for (unbundle::index_t j = 0; j < 3; ++j)
            CHECK(T(i, j) == doctest::Approx(std::exp(-0.8 * ld(i, j) + 0.4 * pta(i, j) + 0.1)).epsilon(1e-15));
    CHECK(T(0, 0) == doctest::Approx(std::exp(0.1)).epsilon(1e-15));
    CHECK_THROWS_AS(t.t_pow({{"ldist", std::nan("")}}), unbundle::domain_error);
    CHECK_THROWS_AS(t.matrix("nope"), unbundle::key_error);
}

TEST_CASE("ge: experiment_t_pow changes only the listed pairs") {
    const auto df = unbundle::parse_csv(long_table, "long.csv");
    const unbundle::bilateral_table t(df, "exporter", "importer", "year", 2000.0);
    const std::vector<unbundle::cost_term> terms{{"ldist", -0.8}, {"pta", 0.4}};
    const unbundle::matrix_d T0 = t.t_pow(terms);
    // AAA and BBB sign a PTA (both directions); ldist, absent from the experiment, is unchanged
    const auto exp = unbundle::parse_csv("exporter,importer,pta\nAAA,BBB,1\nBBB,AAA,1\n", "exp.csv");
    const unbundle::matrix_d T1 = unbundle::experiment_t_pow(t, terms, exp, "exporter", "importer");
    const unbundle::matrix_d ratio = T1.cwiseQuotient(T0);
    unbundle::matrix_d want = unbundle::matrix_d::Ones(3, 3);
    want(0, 1) = want(1, 0) = std::exp(0.4);
    CHECK(unbundle::test::max_rel_diff(ratio, want) < 1e-15);

    const auto unknown = unbundle::parse_csv("exporter,importer,pta\nAAA,ZZZ,1\n", "bad.csv");
    CHECK_THROWS_WITH_AS(unbundle::experiment_t_pow(t, terms, unknown, "exporter", "importer"),
                         doctest::Contains("ZZZ"), unbundle::key_error);
    const auto nothing = unbundle::parse_csv("exporter,importer,other\nAAA,BBB,1\n", "none.csv");
    CHECK_THROWS_AS(unbundle::experiment_t_pow(t, terms, nothing, "exporter", "importer"), unbundle::usage_error);
    const auto text = unbundle::parse_csv("exporter,importer,pta\nAAA,BBB,yes\n", "text.csv");
    CHECK_THROWS_AS(unbundle::experiment_t_pow(t, terms, text, "exporter", "importer"), unbundle::domain_error);
}

TEST_CASE("ge: bilateral_table names the missing, repeated or empty part") {
    const auto df = unbundle::parse_csv(long_table, "long.csv");
    // without a year filter the 2001 row repeats AAA -> AAA
    CHECK_THROWS_WITH_AS(unbundle::bilateral_table(df, "exporter", "importer"), doctest::Contains("appears twice"),
                         unbundle::dimension_error);
    CHECK_THROWS_AS(unbundle::bilateral_table(df, "exporter", "importer", "year", 1999.0), unbundle::dimension_error);
    CHECK_THROWS_AS(unbundle::bilateral_table(df, "exporter", "nope"), unbundle::key_error);
    const auto gap = unbundle::parse_csv("exporter,importer,trade\nAAA,AAA,1\nAAA,BBB,2\nBBB,AAA,3\n", "gap.csv");
    CHECK_THROWS_WITH_AS(unbundle::bilateral_table(gap, "exporter", "importer"), doctest::Contains("BBB -> BBB"),
                         unbundle::dimension_error);
    const auto miss = unbundle::parse_csv("exporter,importer,trade\nAAA,AAA,1\nAAA,,2\n", "miss.csv");
    CHECK_THROWS_AS(unbundle::bilateral_table(miss, "exporter", "importer"), unbundle::domain_error);
    const auto hole =
        unbundle::parse_csv("exporter,importer,trade\nAAA,AAA,1\nAAA,BBB,\nBBB,AAA,3\nBBB,BBB,4\n", "hole.csv");
    const unbundle::bilateral_table h(hole, "exporter", "importer");
    CHECK_THROWS_WITH_AS(h.matrix("trade"), doctest::Contains("line 3"), unbundle::domain_error);
    const auto txt = unbundle::parse_csv("exporter,importer,trade\nAAA,AAA,x\n", "txt.csv");
    CHECK_THROWS_AS(unbundle::bilateral_table(txt, "exporter", "importer").matrix("trade"), unbundle::domain_error);
}
