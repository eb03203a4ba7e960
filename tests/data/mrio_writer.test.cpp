// Tests of data/mrio_writer.hpp: the exact text of every file for a hand-built table (shortest
// round-trip numbers, quoting, final-demand categories), exact round trips through read_mrio
// (also for float tables and labels that need quoting), and the file errors.
#include <doctest/doctest.h>

#include "mrio/two_region.hpp"
#include "support/approx.hpp"
#include "support/tempdir.hpp"

#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/data/mrio_writer.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream os;
    os << f.rdbuf();
    return os.str();
}

} // namespace

TEST_CASE("data: csv_quote and append_number write what a CSV reader reads back") {
    using unbundle::detail::csv_quote;
    CHECK(csv_quote("plain") == "plain");
    CHECK(csv_quote("a,b") == "\"a,b\"");
    CHECK(csv_quote("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_quote("two\nlines") == "\"two\nlines\"");
    std::string s;
    unbundle::detail::append_number(s, 0.1);
    s += ' ';
    unbundle::detail::append_number(s, 100.0);
    s += ' ';
    unbundle::detail::append_number(s, -2.5e-300);
    s += ' ';
    unbundle::detail::append_number(s, 1.0 / 3.0);
    CHECK(s == "0.1 100 -2.5e-300 0.3333333333333333");
}

TEST_CASE("data: write_mrio writes the 2-region table file by file") {
    const auto t = unbundle::test::two_region_table<double>();
    unbundle::test::temp_dir d;
    const auto dir = d.path() / "table";
    unbundle::write_mrio(t, dir.string()); // creates the directory
    CHECK(slurp(dir / "Z.csv") == ",AAA_s,BBB_s\nAAA_s,10,20\nBBB_s,30,40\n");
    CHECK(slurp(dir / "Y.csv") == ",AAA,BBB\nAAA_s,60,10\nBBB_s,20,110\n");
    CHECK(slurp(dir / "x.csv") == ",x\nAAA_s,100\nBBB_s,200\n");
    CHECK(slurp(dir / "va.csv") == ",va\nAAA_s,60\nBBB_s,140\n");
    CHECK(slurp(dir / "labels.csv") == "label,region,sector\nAAA_s,AAA,s\nBBB_s,BBB,s\n");
    const auto back = unbundle::read_mrio(dir.string());
    CHECK(back.labels() == t.labels());
    CHECK(unbundle::test::max_rel_diff(back.Z(), t.Z()) == 0.0);
    CHECK(unbundle::test::max_rel_diff(back.x(), t.x()) == 0.0);
}

TEST_CASE("data: write_mrio keeps final-demand categories, odd labels and float tables exactly") {
    unbundle::matrix_d Z(2, 2), Y(2, 4);
    Z << 0.1, 1.0 / 3.0, 2.5e-7, 4;
    Y << 1, 2, 3, 4, 5, 6, 7, 8;
    const unbundle::mrio<double> t(unbundle::economy_index{"A,1", "B\"2"}, unbundle::sector_index{"s"}, Z, Y,
                                   std::nullopt, std::nullopt, {"hh", "gov"});
    unbundle::test::temp_dir d;
    unbundle::write_mrio(t, d.path().string());
    const std::string y = slurp(d.path() / "Y.csv");
    CHECK(y.substr(0, y.find('\n')) == ",\"A,1:hh\",\"A,1:gov\",\"B\"\"2:hh\",\"B\"\"2:gov\"");
    const auto back = unbundle::read_mrio(d.path().string());
    CHECK(back.regions()[0] == "A,1");
    CHECK(back.categories() == std::vector<std::string>{"hh", "gov"});
    CHECK(unbundle::test::max_rel_diff(back.Z(), t.Z()) == 0.0);
    CHECK(unbundle::test::max_rel_diff(back.Y_full(), t.Y_full()) == 0.0);
    // a float table is written with float's values (exactly representable in double)
    const auto tf = t.cast<float>();
    unbundle::test::temp_dir df;
    unbundle::write_mrio(tf, df.path().string());
    const auto bf = unbundle::read_mrio(df.path().string());
    CHECK(unbundle::test::max_rel_diff(bf.Z(), unbundle::matrix_d(tf.Z().cast<double>())) == 0.0);
}

TEST_CASE("data: write_mrio reports a directory it cannot create") {
    const auto t = unbundle::test::two_region_table<double>();
    unbundle::test::temp_dir d;
    const std::string file = d.write("occupied", "not a directory");
    CHECK_THROWS_AS(unbundle::write_mrio(t, file), unbundle::file_error);
    CHECK_THROWS_AS(unbundle::write_mrio(t, file + "/below"), unbundle::file_error);
}
