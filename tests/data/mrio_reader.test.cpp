#include <doctest/doctest.h>

#include "support/approx.hpp"
#include "support/tempdir.hpp"

#include <unbundle/data/mrio_reader.hpp>

#include <filesystem>

namespace {
// A valid 2 x 2 table directory; tests break one file at a time.
void write_good(const unbundle::test::temp_dir& d) {
    d.write("Z.csv", ",A_s1,A_s2,B_s1,B_s2\nA_s1,1,2,3,4\nA_s2,1,1,1,1\nB_s1,2,0,1,0\nB_s2,0,1,0,2\n");
    d.write("Y.csv", ",A,B\nA_s1,10,5\nA_s2,8,2\nB_s1,1,9\nB_s2,2,7\n");
}
} // namespace

TEST_CASE("data: WIOD 2011 loads with its published totals" *
          doctest::skip(!unbundle::test::has_data("wiod2013/2011"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "wiod2013/2011");
    std::vector<std::string> notes;
    const auto t = unbundle::read_mrio(dir.string(), {}, &notes);
    CHECK(t.n() == 1435);
    CHECK(t.num_regions() == 41);
    CHECK(t.num_sectors() == 35);
    CHECK(t.regions().code(32) == "ROM");
    CHECK(t.regions().code(40) == "RoW");
    CHECK(t.sectors().kind(0) == unbundle::sector_kind::goods);
    CHECK(t.convention() == unbundle::output_convention::published);
    const auto r = t.report();
    CHECK(r.total_output == 141767904.0); // data/README.md: published x of 2011
    // the quirks the README lists: rounding residuals up to about +113, 18-22 zero-output rows
    CHECK(r.max_abs_row_residual <= 113.0);
    CHECK(r.zero_output_rows.size() >= 18);
    CHECK(r.zero_output_rows.size() <= 22);
    CHECK(r.negative_Y > 0); // inventories
    // va.csv = x − column sums of Z (README)
    const unbundle::vector_d va = t.x() - t.Z().colwise().sum().transpose();
    CHECK(unbundle::test::max_rel_diff(t.va(), va) == 0.0);
    const auto b = t.balanced();
    CHECK(b.report().max_abs_row_residual < 1e-6);
}

TEST_CASE("data: every WIOD year from 1995 to 2011 loads" * doctest::skip(!unbundle::test::has_data("wiod2013"))) {
    UNBUNDLE_REQUIRE_DATA(root, "wiod2013");
    double previous = 0;
    for (int year = 1995; year <= 2011; ++year) {
        CAPTURE(year);
        const auto t = unbundle::read_mrio((root / std::to_string(year)).string());
        CHECK(t.n() == 1435);
        const auto r = t.report();
        CHECK(r.total_output > 0);
        CHECK(r.max_abs_row_residual < 120);
        if (year == 2009) CHECK(r.total_output < previous); // the 2009 trade collapse shrank nominal output
        previous = r.total_output;
    }
}

TEST_CASE("data: the leather, OECD Japan and category tables load" *
          doctest::skip(!(unbundle::test::has_data("leather") && unbundle::test::has_data("oecd_iot_jpn_2018")))) {
    UNBUNDLE_REQUIRE_DATA(leather, "leather");
    const auto t = unbundle::read_mrio(leather.string());
    CHECK(t.num_regions() == 3);
    CHECK(t.num_sectors() == 3);
    CHECK(t.regions().code(1) == "Turkey");
    CHECK(t.sectors().code(1) == "Textile_and_Leather");
    CHECK(t.report().max_abs_row_residual < 1e-12); // "balanced to 1e-14"
    CHECK(t.x()(0) == doctest::Approx(77.7));

    UNBUNDLE_REQUIRE_DATA(jpn, "oecd_iot_jpn_2018");
    std::vector<std::string> notes;
    const auto j = unbundle::read_mrio(jpn.string(), {}, &notes);
    CHECK(j.num_regions() == 1);
    CHECK(j.num_sectors() == 45);
    CHECK(j.num_categories() == 9);
    CHECK(j.categories().back() == "IMPO");
    CHECK(j.report().max_abs_row_residual <= 0.41); // "balances to ±0.4"
    CHECK(j.sectors().at(0).name == "Agriculture, hunting, forestry");
}

TEST_CASE("data: MRIO categories in REGION:category headers") {
    unbundle::test::temp_dir d;
    d.write("Z.csv", ",A_s,B_s\nA_s,1,2\nB_s,3,4\n");
    d.write("Y.csv", ",A:cons,A:inv,B:cons,B:inv\nA_s,1,2,3,4\nB_s,5,6,7,-1\n");
    const auto t = unbundle::read_mrio(d.path().string());
    CHECK(t.num_categories() == 2);
    CHECK(t.categories() == std::vector<std::string>{"cons", "inv"});
    CHECK(t.Y()(1, 1) == 6);
}

TEST_CASE("data: labels.csv names rows of an unlabeled Z") {
    unbundle::test::temp_dir d;
    d.write("Z.csv", "1,2\n3,4\n");
    d.write("Y.csv", "A,B\n1,2\n3,4\n");
    d.write("labels.csv", "region,sector\nA,s\nB,s\n");
    const auto t = unbundle::read_mrio(d.path().string());
    CHECK(t.labels()[1] == "B_s");
    CHECK(t.x()(1) == 14);
}

TEST_CASE("data: bad MRIO directories give errors that name the place") {
    unbundle::test::temp_dir d;
    SUBCASE("missing directory and missing files") {
        CHECK_THROWS_AS(unbundle::read_mrio((d.path() / "nope").string()), unbundle::file_error);
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()), doctest::Contains("no Z.csv"),
                             unbundle::file_error);
        d.write("Z.csv", ",A_s\nA_s,1\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()), doctest::Contains("no Y.csv"),
                             unbundle::file_error);
    }
    SUBCASE("empty Z") {
        write_good(d);
        d.write("Z.csv", "");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()), doctest::Contains("Z.csv: file is empty"),
                             unbundle::file_error);
    }
    SUBCASE("non-square Z") {
        write_good(d);
        d.write("Z.csv", ",A_s1,A_s2,B_s1\nA_s1,1,2,3\nA_s2,1,1,1\nB_s1,2,0,1\nB_s2,0,1,0\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()), doctest::Contains("must be square but is 4 x 3"),
                             unbundle::dimension_error);
    }
    SUBCASE("non-numeric cell") {
        write_good(d);
        d.write("Z.csv", ",A_s1,A_s2,B_s1,B_s2\nA_s1,1,2,3,4\nA_s2,1,one,1,1\nB_s1,2,0,1,0\nB_s2,0,1,0,2\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()),
                             doctest::Contains("Z.csv:3:3: 'one' is not a number (row 'A_s2', column 'A_s2')"),
                             unbundle::parse_error);
    }
    SUBCASE("NaN cell") {
        write_good(d);
        d.write("Y.csv", ",A,B\nA_s1,10,5\nA_s2,8,NaN\nB_s1,1,9\nB_s2,2,7\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()), doctest::Contains("Y.csv:3:3"),
                             unbundle::parse_error);
    }
    SUBCASE("ragged row") {
        write_good(d);
        d.write("Y.csv", ",A,B\nA_s1,10,5\nA_s2,8\nB_s1,1,9\nB_s2,2,7\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()), doctest::Contains("Y.csv:3"),
                             unbundle::dimension_error);
    }
    SUBCASE("labels of Y that do not match Z") {
        write_good(d);
        d.write("Y.csv", ",A,B\nA_s1,10,5\nA_s9,8,2\nB_s1,1,9\nB_s2,2,7\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()),
                             doctest::Contains("row 2 is labeled 'A_s9' but row 2 of Z is 'A_s2'"),
                             unbundle::dimension_error);
    }
    SUBCASE("duplicate labels in Z") {
        write_good(d);
        d.write("Z.csv", ",A_s1,A_s1,B_s1,B_s2\nA_s1,1,2,3,4\nA_s1,1,1,1,1\nB_s1,2,0,1,0\nB_s2,0,1,0,2\n");
        d.write("Y.csv", ",A,B\nA_s1,10,5\nA_s1,8,2\nB_s1,1,9\nB_s2,2,7\n");
        CHECK_THROWS_AS(unbundle::read_mrio(d.path().string()), unbundle::dimension_error);
    }
    SUBCASE("row and column labels of Z differ") {
        write_good(d);
        d.write("Z.csv", ",A_s1,A_s2,B_s2,B_s1\nA_s1,1,2,3,4\nA_s2,1,1,1,1\nB_s1,2,0,1,0\nB_s2,0,1,0,2\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()),
                             doctest::Contains("row 3 is labeled 'B_s1' but column 3 is 'B_s2'"),
                             unbundle::dimension_error);
    }
    SUBCASE("x with the wrong labels or length") {
        write_good(d);
        d.write("x.csv", ",x\nA_s1,20\nA_s2,12\nB_s2,13\nB_s1,12\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()),
                             doctest::Contains("x.csv: entry 3 is labeled 'B_s2'"), unbundle::dimension_error);
        d.write("x.csv", ",x\nA_s1,20\nA_s2,12\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()), doctest::Contains("expected 4 values"),
                             unbundle::dimension_error);
    }
    SUBCASE("va with the wrong labels") {
        write_good(d);
        d.write("va.csv", ",va\nA_s1,20\nA_s2,12\nB_s1,13\nC_s2,12\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()),
                             doctest::Contains("va.csv: entry 4 is labeled 'C_s2'"), unbundle::dimension_error);
    }
    SUBCASE("negative gross output") {
        write_good(d);
        d.write("x.csv", ",x\nA_s1,20\nA_s2,-12\nB_s1,13\nB_s2,12\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()), doctest::Contains("row 1 (A_s2)"),
                             unbundle::domain_error);
    }
    SUBCASE("rows that break the region-major layout") {
        d.write("Z.csv", ",A_s1,B_s1,A_s2,B_s2\nA_s1,1,2,3,4\nB_s1,1,1,1,1\nA_s2,2,0,1,0\nB_s2,0,1,0,2\n");
        d.write("Y.csv", ",A,B\nA_s1,10,5\nB_s1,8,2\nA_s2,1,9\nB_s2,2,7\n");
        CHECK_THROWS_WITH_AS(unbundle::read_mrio(d.path().string()), doctest::Contains("region-major"),
                             unbundle::dimension_error);
    }
    SUBCASE("a valid directory reads") {
        write_good(d);
        const auto t = unbundle::read_mrio(d.path().string());
        CHECK(t.n() == 4);
        CHECK(t.x()(0) == 25);
    }
}
