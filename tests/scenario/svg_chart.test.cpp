#include <unbundle/data/svg_chart.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <string>

TEST_CASE("data/svg_chart: labels, legend, bands, escaping") {
    unbundle::line_chart c;
    c.title = "Trade & GVCs <1820-2040>";
    c.x_label = "year";
    c.y_label = "index, first year = 100";
    c.series.push_back({"trade \"to\" GDP", {1820, 1900, 2000}, {100, 150, 300}, ""});
    c.series.push_back({"welfare", {1820, 1900, NAN, 2000}, {100, 110, 120, 130}, "#000000"});
    c.bands.push_back({1820, 1990, "goods", ""});
    const std::string s = unbundle::to_svg(c);
    CHECK(s.rfind("<?xml", 0) == 0);
    CHECK(s.find("Trade &amp; GVCs &lt;1820-2040&gt;") != std::string::npos);
    CHECK(s.find("trade &quot;to&quot; GDP") != std::string::npos);
    CHECK(s.find("index, first year = 100") != std::string::npos);
    CHECK(s.find(">goods</text>") != std::string::npos);
    CHECK(s.find("<polyline") != std::string::npos);
    CHECK(s.find('&') == s.find("&amp;")); // no raw ampersand before the first escape
    // the NaN breaks the second line into two polylines: 3 in all
    std::size_t n = 0;
    for (std::size_t p = s.find("<polyline"); p != std::string::npos; p = s.find("<polyline", p + 1)) ++n;
    CHECK(n == 3);
    CHECK(s.find("</svg>") != std::string::npos);
    c.series.push_back({"bad", {1, 2}, {1}, ""});
    CHECK_THROWS_AS(unbundle::to_svg(c), unbundle::dimension_error);
}

TEST_CASE("data/svg_chart: rounded ticks") {
    const auto t = unbundle::detail::nice_ticks(0.0, 1.0, 5);
    REQUIRE(t.size() == 6);
    CHECK(t.front() == 0.0);
    CHECK(t.back() == doctest::Approx(1.0));
    const auto y = unbundle::detail::nice_ticks(1820, 2040, 8);
    // 220 / 8 = 27.5 a tick: the next round step is 50
    REQUIRE(y.size() == 4);
    CHECK(y.front() == 1850.0);
    CHECK(y.back() == 2000.0);
}

TEST_CASE("data/svg_chart: a row chart stacks bars from zero and marks dots at their values") {
    unbundle::row_chart c;
    c.title = "GDP <change>";
    c.x_label = "GDP change, %";
    c.rows = {"A & co", "B"};
    c.series.push_back({"domestic", {-2, -1}, "", false});
    c.series.push_back({"transmitted", {-1, 0.5}, "", false});
    c.series.push_back({"general equilibrium", {-2.5, NAN}, "#000000", true});
    const std::string s = unbundle::to_svg(c);
    CHECK(s.rfind("<?xml", 0) == 0);
    CHECK(s.find("GDP &lt;change&gt;") != std::string::npos);
    CHECK(s.find(">A &amp; co</text>") != std::string::npos);
    CHECK(s.find("A & co") == std::string::npos); // escaped
    // axis [-3, 0.5] (ticks every 0.5) over x in [70, 736]: X(v) = 70 + (v + 3) / 3.5 * 666;
    // three legend lines put the first row at y = 98, rows 15 high, so the height is 98 + 30 + 52
    CHECK(s.find("height=\"180\"") != std::string::npos);
    CHECK(s.find(">-2.5</text>") != std::string::npos);
    CHECK(s.find(">0.5</text>") != std::string::npos);
    // row A: domestic from 0 to -2, transmitted from -2 to -3; the dot at -2.5 mid-row
    CHECK(s.find("<rect x=\"260.29\" y=\"100.00\" width=\"380.57\" height=\"11\" fill=\"#3b6ea8\"/>") !=
          std::string::npos);
    CHECK(s.find("<rect x=\"70.00\" y=\"100.00\" width=\"190.29\" height=\"11\" fill=\"#e08a2c\"/>") !=
          std::string::npos);
    CHECK(s.find("<circle cx=\"165.14\" cy=\"105.50\"") != std::string::npos);
    // row B: domestic from 0 to -1 leftwards, transmitted +0.5 rightwards from 0; no dot (NaN)
    CHECK(s.find("<rect x=\"450.57\" y=\"115.00\" width=\"190.29\" height=\"11\" fill=\"#3b6ea8\"/>") !=
          std::string::npos);
    CHECK(s.find("<rect x=\"640.86\" y=\"115.00\" width=\"95.14\" height=\"11\" fill=\"#e08a2c\"/>") !=
          std::string::npos);
    std::size_t circles = 0;
    for (std::size_t p = s.find("<circle"); p != std::string::npos; p = s.find("<circle", p + 1)) ++circles;
    CHECK(circles == 2); // the dot of row A and the legend's
    CHECK(s.find("</svg>") != std::string::npos);
    c.series.push_back({"short", {1}, "", false});
    CHECK_THROWS_WITH_AS(unbundle::to_svg(c), "to_svg: row series 'short' has 1 values for 2 rows",
                         unbundle::dimension_error);
}
