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
