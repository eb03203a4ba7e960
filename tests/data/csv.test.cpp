#include <doctest/doctest.h>

#include "support/approx.hpp"
#include "support/tempdir.hpp"

#include <unbundle/data/csv.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

namespace {

/// SplitMix64 (Steele, Lea & Flood 2014): a small reproducible stream of 64-bit numbers.
struct splitmix64 {
    std::uint64_t state;
    std::uint64_t operator()() {
        state += 0x9E3779B97F4A7C15ull;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

} // namespace

TEST_CASE("data: CSV columns are typed, quoted fields follow RFC 4180") {
    const std::string csv = "name,value,note\r\n"
                            "\"Korea, Rep.\",1.5,\"said \"\"hi\"\"\"\r\n"
                            "USA,NA,\"two\nlines\"\r\n"
                            "DEU,+3e2,\r\n";
    const auto df = unbundle::parse_csv(csv, "mem.csv");
    REQUIRE(df.rows() == 3);
    REQUIRE(df.cols() == 3);
    CHECK_FALSE(df["name"].is_numeric());
    CHECK(df["name"].text(0) == "Korea, Rep.");
    CHECK(df["note"].text(0) == "said \"hi\"");
    CHECK(df["note"].text(1) == "two\nlines");
    CHECK(df["note"].missing(2));
    const auto& v = df["value"].values();
    CHECK(v[0] == 1.5);
    CHECK(std::isnan(v[1]));
    CHECK(df["value"].missing(1));
    CHECK(df["value"].missing_count() == 1);
    CHECK(v[2] == 300.0);
    std::vector<std::string> lv;
    const auto codes = df["name"].factorize(&lv);
    CHECK(codes == std::vector<std::int32_t>{0, 1, 2});
    CHECK(lv[2] == "DEU");
}

TEST_CASE("data: numbers parse correctly rounded (shortest round-trip digits)") {
    // 0.1 + 0.2 style cases and a value R's parser misreads by one ulp
    const auto df =
        unbundle::parse_csv("x\n0.30000000000000004\n-1.5278743714656275\n5e-324\n1.7976931348623157e308\n");
    const auto& x = df["x"].values();
    CHECK(x[0] == 0.30000000000000004);
    CHECK(x[1] == -1.5278743714656275);
    CHECK(x[2] == 5e-324);
    CHECK(x[3] == 1.7976931348623157e308);
}

TEST_CASE("data: a column turns to text when a later cell is not a number") {
    const auto df = unbundle::parse_csv("code,v\n1,2\n2,3\nX9,4\n", "codes.csv");
    CHECK_FALSE(df["code"].is_numeric());
    CHECK(df["code"].text(0) == "1");
    CHECK(df["code"].text(2) == "X9");
    CHECK_THROWS_WITH_AS(df["code"].values(), doctest::Contains("codes.csv:4:1"), unbundle::parse_error);
    unbundle::csv_options o;
    o.text_columns = {"v"};
    const auto dt = unbundle::parse_csv("code,v\n1,02\n", "t.csv", o);
    CHECK(dt["v"].text(0) == "02");
    o = {};
    o.sep = ';';
    const auto ds = unbundle::parse_csv("a;b\n1,5;2\n", "s.csv", o);
    CHECK(ds["a"].text(0) == "1,5");
}

TEST_CASE("data: bad CSV input names the file, line and column") {
    SUBCASE("ragged row") {
        CHECK_THROWS_WITH_AS(unbundle::parse_csv("a,b,c\n1,2,3\n4,5\n", "r.csv"), doctest::Contains("r.csv:3"),
                             unbundle::dimension_error);
    }
    SUBCASE("non-finite value") {
        CHECK_THROWS_WITH_AS(unbundle::parse_csv("a,b\n1,2\n3,inf\n", "f.csv"), doctest::Contains("f.csv:3:2"),
                             unbundle::parse_error);
        CHECK_THROWS_WITH_AS(unbundle::parse_csv("a,b\n1,nan\n", "n.csv"), doctest::Contains("n.csv:2:2"),
                             unbundle::parse_error);
    }
    SUBCASE("unclosed quote") {
        CHECK_THROWS_WITH_AS(unbundle::parse_csv("a,b\n1,\"oops\n", "q.csv"), doctest::Contains("q.csv:2:2"),
                             unbundle::parse_error);
    }
    SUBCASE("text after a closing quote") {
        CHECK_THROWS_AS(unbundle::parse_csv("a,b\n\"x\"y,2\n", "q2.csv"), unbundle::parse_error);
    }
    SUBCASE("duplicate header names") {
        CHECK_THROWS_WITH_AS(unbundle::parse_csv("a,b,a\n1,2,3\n", "d.csv"),
                             doctest::Contains("duplicate column name 'a'"), unbundle::dimension_error);
    }
    SUBCASE("unknown column") {
        const auto df = unbundle::parse_csv("a,b\n1,2\n", "u.csv");
        CHECK_THROWS_WITH_AS(df["zz"], doctest::Contains("unknown column 'zz'"), unbundle::key_error);
    }
    SUBCASE("empty input") {
        CHECK_THROWS_AS(unbundle::parse_csv("", "e.csv"), unbundle::file_error);
        CHECK_THROWS_AS(unbundle::parse_csv("\n\n", "e.csv"), unbundle::file_error);
    }
}

TEST_CASE("data: files: missing, empty, gzip") {
    unbundle::test::temp_dir dir;
    CHECK_THROWS_WITH_AS(unbundle::read_csv((dir.path() / "none.csv").string()),
                         doctest::Contains("none.csv: no such file"), unbundle::file_error);
    const auto empty = dir.write("empty.csv", "");
    CHECK_THROWS_WITH_AS(unbundle::read_csv(empty), doctest::Contains("empty.csv: file is empty"),
                         unbundle::file_error);
    CHECK_THROWS_AS(unbundle::read_csv(dir.path().string()), unbundle::file_error);
    const auto blank = dir.write("blank.csv", "\n \r\n\t\n");
    CHECK_THROWS_WITH_AS(unbundle::read_csv(blank), doctest::Contains("blank.csv: file is empty"),
                         unbundle::file_error);
    // a mapped file without a final line break: the reader stops at its last byte
    const auto plain = dir.write("plain.csv", "a,b\nx,2.5\ny,-3");
    const auto p = unbundle::read_csv(plain);
    REQUIRE(p.rows() == 2);
    CHECK(p["a"].levels() == std::vector<std::string>{"x", "y"});
    CHECK(p["b"].values()[1] == -3.0);
    const auto m = unbundle::read_labeled_matrix(dir.write("m.csv", ",c1,c2\nr1,1,2\nr2,3,4.25"));
    CHECK(m.values(1, 1) == 4.25);
#ifdef UNBUNDLE_HAS_ZLIB
    // a gzip member written by zlib itself
    const auto gz = (dir.path() / "t.csv.gz").string();
    gzFile f = gzopen(gz.c_str(), "wb");
    REQUIRE(f != nullptr);
    const std::string text = "a,b\n1,2\n3,4\n";
    gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
    gzclose(f);
    const auto df = unbundle::read_csv(gz);
    CHECK(df.rows() == 2);
    CHECK(df["b"].values()[1] == 4);
    const auto bad = dir.write("bad.csv.gz", "this is not gzip at all, but long enough to look like data");
    // zlib reads non-gzip input transparently as plain text: it must still parse as CSV
    CHECK(unbundle::read_csv(bad).cols() >= 1);
#endif
}

TEST_CASE("data: labeled matrices: detection of labels and bad cells") {
    const auto m = unbundle::parse_labeled_matrix(",A,B\nr1,1,2\nr2,3,4\n", "m.csv");
    CHECK(m.row_labels == std::vector<std::string>{"r1", "r2"});
    CHECK(m.col_labels == std::vector<std::string>{"A", "B"});
    CHECK(m.values(1, 0) == 3);
    const auto plain = unbundle::parse_labeled_matrix("1,2\n3,4\n", "p.csv");
    CHECK(plain.row_labels.empty());
    CHECK(plain.col_labels.empty());
    CHECK(plain.values(0, 1) == 2);
    CHECK_THROWS_WITH_AS(unbundle::parse_labeled_matrix(",A,B\nr1,1,x\n", "x.csv"),
                         doctest::Contains("x.csv:2:3: 'x' is not a number (row 'r1', column 'B')"),
                         unbundle::parse_error);
    CHECK_THROWS_WITH_AS(unbundle::parse_labeled_matrix(",A,B\nr1,1,\n", "e.csv"), doctest::Contains("missing value"),
                         unbundle::parse_error);
    CHECK_THROWS_WITH_AS(unbundle::parse_labeled_matrix(",A,B\nr1,1,2\nr2,3\n", "g.csv"), doctest::Contains("g.csv:3"),
                         unbundle::dimension_error);
    CHECK_THROWS_AS(unbundle::parse_labeled_matrix(",A,B\nr1,1,NaN\n", "n.csv"), unbundle::parse_error);
}

TEST_CASE("data: large unquoted matrices (parallel fast path) parse exactly and report bad cells") {
    // 300 x 300 labeled matrix, about 400 kB: takes the threaded path
    const int n = 300;
    auto make = [&](int bad_row, const std::string& bad_cell, bool drop_last) {
        std::string s;
        for (int j = 0; j < n; ++j) s += ",c" + std::to_string(j);
        s += "\n";
        for (int i = 0; i < n; ++i) {
            s += "r" + std::to_string(i);
            for (int j = 0; j < n; ++j) {
                if (drop_last && i == bad_row && j == n - 1) break;
                s += ",";
                s += (i == bad_row && j == 7 && !bad_cell.empty()) ? bad_cell : std::to_string(i * 0.25 + j * 1e-3);
            }
            s += (i % 2) ? "\r\n" : "\n";
        }
        return s;
    };
    const auto m = unbundle::parse_labeled_matrix(make(-1, "", false), "big.csv");
    REQUIRE(m.values.rows() == n);
    REQUIRE(m.values.cols() == n);
    CHECK(m.row_labels[299] == "r299");
    CHECK(m.col_labels[299] == "c299");
    double v;
    REQUIRE(unbundle::detail::parse_double(std::to_string(123 * 0.25 + 45 * 1e-3), v));
    CHECK(m.values(123, 45) == v);
    CHECK_THROWS_WITH_AS(unbundle::parse_labeled_matrix(make(250, "abc", false), "big.csv"),
                         doctest::Contains("big.csv:252:9: 'abc' is not a number (row 'r250', column 'c7')"),
                         unbundle::parse_error);
    CHECK_THROWS_WITH_AS(unbundle::parse_labeled_matrix(make(10, "", true), "big.csv"), doctest::Contains("big.csv:12"),
                         unbundle::dimension_error);
    CHECK_THROWS_WITH_AS(unbundle::parse_labeled_matrix(make(20, "-inf", false), "big.csv"),
                         doctest::Contains("big.csv:22:9: non-finite value"), unbundle::parse_error);
    CHECK_THROWS_WITH_AS(unbundle::parse_labeled_matrix(make(30, "", false) + "r300,1\n", "big.csv"),
                         doctest::Contains("big.csv:302"), unbundle::dimension_error);
}

TEST_CASE("data: the integer fast path of large matrices gives the general parser's numbers") {
    // whole numbers (the fast path), 15- and 16-digit integers (the limit), signs, leading zeros,
    // decimals and exponents (the general scanner); the quoted copy takes the general tokenizer
    const std::vector<std::string> cells = {"0",
                                            "7",
                                            "0012",
                                            "123456789012345",
                                            "1234567890123456",
                                            "9007199254740993",
                                            "-3",
                                            "+4",
                                            "2.5",
                                            "1e3",
                                            "00",
                                            "99999999999999999999",
                                            "0.0",
                                            "-0",
                                            "314",
                                            "1E-2"};
    const int n = 200;
    std::string plain, quoted;
    for (int j = 0; j < n; ++j) plain += ",c" + std::to_string(j);
    quoted = plain + "\n";
    plain += "\n";
    for (int i = 0; i < n; ++i) {
        plain += "r" + std::to_string(i);
        quoted += "\"r" + std::to_string(i) + "\"";
        for (int j = 0; j < n; ++j) {
            const std::string& c = cells[static_cast<std::size_t>((i * 7 + j) % static_cast<int>(cells.size()))];
            plain += "," + c;
            quoted += "," + c;
        }
        plain += "\n";
        quoted += "\n";
    }
    REQUIRE(plain.size() > (1u << 16)); // the fast path only serves large unquoted text
    const auto fast = unbundle::parse_labeled_matrix(plain, "fast.csv");
    const auto general = unbundle::parse_labeled_matrix(quoted, "general.csv");
    REQUIRE(fast.values.rows() == n);
    REQUIRE(general.values.cols() == n);
    CHECK((fast.values.array() == general.values.array()).all());
    CHECK(fast.values(0, 3) == 123456789012345.0);
    CHECK(fast.values(0, 5) == 9007199254740992.0); // 2^53 + 1 rounds to even
    CHECK(fast.values(0, 11) == 1e20);
    CHECK(std::signbit(fast.values(0, 13)));
    // a cell that starts like an integer but is not a number is still an error naming the place
    std::string bad = plain;
    bad.replace(bad.find("\nr3,") + 4, 1, "12x");
    CHECK_THROWS_WITH_AS(unbundle::parse_labeled_matrix(bad, "bad.csv"), doctest::Contains("bad.csv:5:2: '12x"),
                         unbundle::parse_error);
}
TEST_CASE("data: the fast number scanner is correctly rounded") {
    // Clinger fast path and the from_chars fallback must agree with from_chars everywhere
    const char* cases[] = {"0",
                           "-0",
                           "1",
                           "123456789012345678",
                           "0.1",
                           "3.14159",
                           "1e22",
                           "1e23",
                           "1e-22",
                           "1e-23",
                           "9007199254740993",
                           "12345678901234567890123",
                           "2.2250738585072014e-308",
                           "4.9e-324",
                           "1.7976931348623157e308",
                           "0.000001234",
                           "-7.5E+3",
                           "1e400",
                           "1e-400",
                           "00012.5000"};
    for (const char* c : cases) {
        CAPTURE(c);
        double a = 0, b = 0;
        REQUIRE(unbundle::detail::parse_double(c, a));
        std::from_chars(c, c + std::strlen(c), b);
        if (std::string(c) == "1e400")
            CHECK(std::isinf(a));
        else if (std::string(c) == "1e-400")
            CHECK(a == 0.0);
        else
            CHECK(a == b);
    }
    // the extended-precision path (16 to 19 digits, above 2^53) and the cases near halfway between
    // two doubles that it hands on: (2k + 1) · 2^(j - 1) lies exactly halfway and has at most 19
    // digits; (2k + 1) · 2^-53 in [1, 2) is halfway too, and its 19-digit rounding is often close
    // enough that 64 bits cannot tell on which side it lies
    splitmix64 next{7};
    std::size_t differ = 0;
    for (int i = 0; i < 20000; ++i) {
        char buf[48];
        const std::uint64_t k = (next() >> 11) | (std::uint64_t{1} << 52);
        int len = 0;
        if (i % 3 == 0) { // halfway integer, 17 to 19 digits
            len = std::snprintf(buf, sizeof buf, "%llu", static_cast<unsigned long long>((2 * k + 1) << (i % 9)));
        } else if (i % 3 == 1) { // near halfway in [1, 2)
            len = std::snprintf(buf, sizeof buf, "%.18Lf", std::ldexp(static_cast<long double>(2 * k + 1), -53));
        } else { // 16 to 19 significant digits, point anywhere
            const auto digits = std::to_string(next() % 10000000000000000000ull);
            const auto point = static_cast<std::size_t>(next() % (digits.size() + 1));
            len = std::snprintf(buf, sizeof buf, "%s%s.%s", i % 2 ? "-" : "", digits.substr(0, point).c_str(),
                                digits.substr(point).c_str());
        }
        double a = 0, b = 0;
        const bool ok = unbundle::detail::parse_double(std::string_view(buf, static_cast<std::size_t>(len)), a);
        std::from_chars(buf, buf + len, b);
        if (!ok || std::memcmp(&a, &b, sizeof a) != 0) ++differ;
    }
    CHECK(differ == 0);
    // the multiplication path: 16 to 19 digits above 2^53 with 1 to 22 of them after the point,
    // against from_chars; the cases it declines (about 2 in 1024) go on to the extended path
    std::size_t wrong = 0, declined = 0;
    for (int i = 0; i < 200000; ++i) {
        const std::uint64_t top[] = {9007199254740993ull, 10000000000000000ull, 100000000000000000ull,
                                     1000000000000000000ull};
        const std::uint64_t m = top[i % 4] + next() % (i % 4 == 3 ? 8000000000000000000ull : top[i % 4] * 8);
        const int j = 1 + static_cast<int>(next() % 22);
        const std::string digits = std::to_string(m);
        const std::string s = static_cast<int>(digits.size()) > j
                                  ? digits.substr(0, digits.size() - static_cast<std::size_t>(j)) + "." +
                                        digits.substr(digits.size() - static_cast<std::size_t>(j))
                                  : "0." + std::string(static_cast<std::size_t>(j) - digits.size(), '0') + digits;
        double a = 0, b = 0, c = 0;
        const bool ok = unbundle::detail::parse_double(s, a);
        std::from_chars(s.data(), s.data() + s.size(), b);
        if (!ok || std::memcmp(&a, &b, sizeof a) != 0) ++wrong;
        if (!unbundle::detail::multiplication_fast_path(m, j, c))
            ++declined;
        else if (std::memcmp(&c, &b, sizeof c) != 0)
            ++wrong;
    }
    CHECK(wrong == 0);
    CHECK(declined > 0); // the undecided cases were met (and read right)
    CHECK(declined < 2000);
    for (const char* c : {"9007199254740993", "9007199254740995", "0.056880770244942085", "1234567890123456789",
                          "0.1234567890123456789", "18446744073709551617", "0.000000000000000000000000001234"}) {
        CAPTURE(c);
        double a = 0, b = 0;
        REQUIRE(unbundle::detail::parse_double(c, a));
        std::from_chars(c, c + std::strlen(c), b);
        CHECK(std::memcmp(&a, &b, sizeof a) == 0);
    }
    double v;
    for (const char* bad : {"", ".", "-", "e5", "1e", "1x", "--1", "1,5"}) {
        CAPTURE(bad);
        CHECK_FALSE(unbundle::detail::parse_double(bad, v));
    }
}

namespace {

/// Every column of two data frames equal: names, kinds, numbers bit for bit (NaN where missing),
/// missing masks, codes and levels, and the error that a text column gives when read as numbers.
void check_same_frame(const unbundle::data_frame& a, const unbundle::data_frame& b) {
    REQUIRE(a.cols() == b.cols());
    REQUIRE(a.rows() == b.rows());
    for (unbundle::index_t k = 0; k < a.cols(); ++k) {
        const auto& ca = a.columns()[static_cast<std::size_t>(k)];
        const auto& cb = b.columns()[static_cast<std::size_t>(k)];
        CAPTURE(ca.name());
        CHECK(ca.name() == cb.name());
        REQUIRE(ca.is_numeric() == cb.is_numeric());
        CHECK(ca.missing_count() == cb.missing_count());
        if (ca.is_numeric()) {
            const auto& va = ca.values();
            const auto& vb = cb.values();
            std::size_t differ = 0;
            for (std::size_t i = 0; i < va.size(); ++i) {
                if (std::memcmp(&va[i], &vb[i], sizeof(double)) != 0) ++differ;
                if (ca.missing(static_cast<unbundle::index_t>(i)) != cb.missing(static_cast<unbundle::index_t>(i)))
                    ++differ;
            }
            CHECK(differ == 0);
        } else {
            CHECK(ca.codes() == cb.codes());
            CHECK(ca.levels() == cb.levels());
            std::string ea, eb;
            try {
                (void)ca.values();
            } catch (const unbundle::parse_error& e) {
                ea = e.what();
            }
            try {
                (void)cb.values();
            } catch (const unbundle::parse_error& e) {
                eb = e.what();
            }
            CHECK(ea == eb);
            CHECK_FALSE(ea.empty());
        }
    }
}

/// A long panel written by the test: text codes that repeat (exporter) and cycle (importer),
/// integers, shortest round-trip doubles of 1 to 17 digits with exponents and signs, missing cells.
std::string make_panel(int rows, const char* eol, bool final_eol) {
    std::string s = std::string("exporter,importer,year,trade,x,share,note") + eol;
    splitmix64 next{20240601};
    char buf[64];
    for (int i = 0; i < rows; ++i) {
        s += "C" + std::to_string(100 + i / 7) + ",C" + std::to_string(100 + i % 7) + "," +
             std::to_string(2000 + i % 20) + ",";
        s += std::to_string(next() % 1000) + ",";
        const double u = static_cast<double>(next() >> 11) * 0x1.0p-53;
        const double x = (i % 3 == 0 ? -1.0 : 1.0) * u * std::pow(10.0, static_cast<int>(next() % 41) - 20);
        if (i % 11 == 5) {
            s += "NA";
        } else {
            const auto r = std::to_chars(buf, buf + sizeof buf, x);
            s.append(buf, r.ptr);
        }
        s += ",";
        if (i % 13 == 4) {
            s += ""; // missing
        } else {
            const auto r = std::to_chars(buf, buf + sizeof buf, u);
            s.append(buf, r.ptr);
        }
        s += ",";
        s += i % 17 == 3 ? std::string("NA") : "n" + std::to_string(i % 5);
        if (i + 1 < rows || final_eol) s += eol;
    }
    return s;
}

} // namespace

TEST_CASE("data: the in-place reader of unquoted panels gives the general parser's data frame") {
    // The general parser reads the same panel when one cell is quoted (the in-place reader then
    // declines the text): both must give the same frame, bit for bit; with 3 threads the panel
    // (about 5 MB) is read in 3 blocks whose text levels are merged in order of appearance.
    struct variant {
        int rows;
        const char* eol;
        bool final_eol;
        int threads;
    };
    for (const variant& w :
         {variant{3000, "\n", true, 1}, variant{3000, "\r\n", true, 1}, variant{3000, "\n", false, 1},
          variant{3000, "\r\n", false, 1}, variant{80000, "\n", true, 3}, variant{80000, "\r\n", false, 3}}) {
        CAPTURE(w.rows);
        CAPTURE(std::string(w.eol).size());
        CAPTURE(w.final_eol);
        const std::string plain = make_panel(w.rows, w.eol, w.final_eol);
        std::string quoted = plain;
        const auto first = quoted.find(w.eol) + std::string(w.eol).size();
        quoted.replace(first, 4, "\"C100\"");
        REQUIRE(quoted.compare(first, 6, "\"C100\"") == 0);
        unbundle::csv_options o;
        o.threads = w.threads;
        const auto a = unbundle::parse_csv(plain, "p.csv", o);
        const auto b = unbundle::parse_csv(quoted, "p.csv", o);
        REQUIRE(a.rows() == w.rows);
        CHECK_FALSE(a["exporter"].is_numeric());
        CHECK(a["exporter"].levels().size() == static_cast<std::size_t>((w.rows + 6) / 7));
        CHECK(a["importer"].levels().size() == 7);
        CHECK(a["x"].missing_count() == (w.rows - 6) / 11 + 1);     // rows 5, 16, ...
        CHECK(a["share"].missing_count() == (w.rows - 5) / 13 + 1); // rows 4, 17, ...
        CHECK(a["note"].missing_count() == (w.rows - 4) / 17 + 1);  // rows 3, 20, ...
        CHECK_THROWS_WITH_AS(a["exporter"].values(), doctest::Contains("p.csv:2:1"), unbundle::parse_error);
        check_same_frame(a, b);
    }
}

TEST_CASE("data: what the in-place reader declines is read by the general parser") {
    {
        // a later text cell turns a numeric column to text; blank lines are skipped; a ragged row
        // and a non-finite number are errors naming the line
        const auto t = unbundle::parse_csv("a,b\n1,2\n\n3,x\n", "t.csv");
        CHECK(t.rows() == 2);
        CHECK_FALSE(t["b"].is_numeric());
        CHECK_THROWS_WITH_AS(t["b"].values(), doctest::Contains("t.csv:4:2"), unbundle::parse_error);
        CHECK_THROWS_WITH_AS(unbundle::parse_csv("a,b\n1,2\n3,4,5\n", "r.csv"), doctest::Contains("r.csv:3"),
                             unbundle::dimension_error);
        CHECK_THROWS_WITH_AS(unbundle::parse_csv("a,b\n1,2\n3,1e999\n", "f.csv"), doctest::Contains("f.csv:3:2"),
                             unbundle::parse_error);
        const auto c = unbundle::parse_csv("a,b\nNA,2\nx,3\n", "c.csv"); // first cell missing, then text
        CHECK_FALSE(c["a"].is_numeric());
        CHECK(c["a"].missing(0));
        CHECK(c["b"].values()[1] == 3.0);
    }
}

namespace {

/// `panel` with data row `row` (0-based) changed by `edit`, which gets the row's text without its
/// line break.
template <class Edit> std::string edit_row(std::string panel, int row, const Edit& edit) {
    std::size_t b = panel.find('\n') + 1;
    for (int i = 0; i < row; ++i) b = panel.find('\n', b) + 1;
    std::size_t e = panel.find('\n', b);
    if (e > b && panel[e - 1] == '\r') --e;
    std::string text = panel.substr(b, e - b);
    edit(text);
    return panel.replace(b, e - b, text);
}

/// Replaces field `k` (0-based) of a row's text.
void set_field(std::string& row, int k, const std::string& value) {
    std::size_t b = 0;
    for (int i = 0; i < k; ++i) b = row.find(',', b) + 1;
    const std::size_t e = std::min(row.find(',', b), row.size());
    row.replace(b, e - b, value);
}

/// The frame read with `threads` threads, or the type and message of what was thrown.
struct read_outcome {
    unbundle::data_frame frame;
    std::string error;
};

read_outcome read_with(const std::string& text, int threads) {
    unbundle::csv_options o;
    o.threads = threads;
    read_outcome r;
    try {
        r.frame = unbundle::parse_csv(text, "t.csv", o);
    } catch (const unbundle::parse_error& e) {
        r.error = std::string("parse_error: ") + e.what();
    } catch (const unbundle::dimension_error& e) {
        r.error = std::string("dimension_error: ") + e.what();
    }
    return r;
}

} // namespace

TEST_CASE("data: a panel read by 2 or 3 threads gives the one-thread frame, or the same error") {
    // 80000 rows (about 5 MB, blocks of at least 1 MiB): the changes sit in row 44000, in the
    // second block both with 2 threads and with 3
    constexpr int rows = 80000, row = 44000;
    for (const char* eol : {"\n", "\r\n"}) {
        const std::string panel = make_panel(rows, eol, true);
        REQUIRE(panel.size() > 4u << 20);
        struct variant {
            const char* what;
            std::string text;
            const char* error; // what the message must hold; nullptr: a frame
        };
        const std::vector<variant> variants{
            {"plain", panel, nullptr},
            {"no final line break", panel.substr(0, panel.size() - std::strlen(eol)), nullptr},
            {"a number column turns to text", edit_row(panel, row, [](std::string& r) { set_field(r, 3, "x12"); }),
             nullptr},
            {"a quoted field holds a line break",
             edit_row(panel, row, [](std::string& r) { set_field(r, 6, "\"a\nb, \"\"c\"\"\""); }), nullptr},
            {"a new text level", edit_row(panel, row, [](std::string& r) { set_field(r, 1, "Z9"); }), nullptr},
            {"a row with too many fields", edit_row(panel, row, [](std::string& r) { r += ",9"; }), "t.csv:44002"},
            {"a non-finite number", edit_row(panel, row, [](std::string& r) { set_field(r, 3, "1e999"); }),
             "t.csv:44002:4"},
        };
        for (const variant& v : variants) {
            const std::string what = v.what;
            const std::size_t eol_size = std::strlen(eol);
            CAPTURE(what);
            CAPTURE(eol_size);
            const read_outcome one = read_with(v.text, 1);
            if (v.error) {
                CHECK(one.error.find(v.error) != std::string::npos);
            } else {
                REQUIRE(one.error.empty());
                REQUIRE(one.frame.rows() == rows);
            }
            for (const int threads : {2, 3}) {
                CAPTURE(threads);
                const read_outcome many = read_with(v.text, threads);
                CHECK(many.error == one.error);
                if (one.error.empty() && many.error.empty()) check_same_frame(one.frame, many.frame);
            }
        }
        const read_outcome text = read_with(variants[2].text, 1);
        REQUIRE(text.error.empty());
        CHECK_FALSE(text.frame["trade"].is_numeric());
        CHECK_THROWS_WITH_AS(text.frame["trade"].values(), doctest::Contains("t.csv:44002:4"), unbundle::parse_error);
        const read_outcome quoted = read_with(variants[3].text, 1);
        REQUIRE(quoted.error.empty());
        CHECK(quoted.frame["note"].text(row) == "a\nb, \"c\"");
        CHECK(quoted.frame["importer"].text(row + 1) == "C" + std::to_string(100 + (row + 1) % 7));
        const read_outcome level = read_with(variants[4].text, 3);
        REQUIRE(level.error.empty());
        CHECK(level.frame["importer"].text(row) == "Z9");
        CHECK(level.frame["importer"].levels().size() == 8);
    }
}
