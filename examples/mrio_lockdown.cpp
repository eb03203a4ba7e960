// A 2020-style lockdown through global value chains (mrio/lockdown.hpp) and the influence
// measures (mrio/influence.hpp): the program behind the tables and the chart of docs/shocks.md.
//
//   mrio_lockdown [TABLE_DIR] [--svg FILE]
//
// TABLE_DIR defaults to WIOD 2011 ($UNBUNDLE_DATA/wiod2013/2011, else ../shared/data beside the
// source tree); without it the program runs on the library's generated demo world (so that it
// runs anywhere under CTest). Prints Markdown tables; --svg writes the chart (GDP change by
// region, domestic vs transmitted) with the library's row chart (data/svg_chart.hpp).

#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/data/svg_chart.hpp>
#include <unbundle/mrio/influence.hpp>
#include <unbundle/mrio/lockdown.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::string default_table() {
    std::vector<std::filesystem::path> cands;
    if (const char* e = std::getenv("UNBUNDLE_DATA"))
        cands.emplace_back(std::filesystem::path(e) / "wiod2013" / "2011");
#ifdef UNBUNDLE_SOURCE_DIR
    cands.emplace_back(std::filesystem::path(UNBUNDLE_SOURCE_DIR) / ".." / "shared" / "data" / "wiod2013" / "2011");
#endif
    for (const auto& p : cands)
        if (std::filesystem::is_directory(p)) return p.string();
    return {};
}

struct bar {
    std::string region;
    double total, domestic, transmitted;
};

// Horizontal stacked bars (domestic, transmitted), one row per region, sorted by the total.
void write_chart(const std::string& path, const std::vector<bar>& bars, const std::string& title) {
    unbundle::row_chart c;
    c.title = title;
    c.x_label = "GDP change, % (linear Ghosh model)";
    unbundle::row_series domestic{"domestic (own lockdown)", {}, "#3b6ea8", false};
    unbundle::row_series transmitted{"transmitted through value chains", {}, "#e08a2c", false};
    for (const auto& b : bars) {
        c.rows.push_back(b.region);
        domestic.values.push_back(b.domestic);
        transmitted.values.push_back(b.transmitted);
    }
    c.series = {domestic, transmitted};
    unbundle::write_svg(c, path);
}

} // namespace

int main(int argc, char** argv) {
    try {
        std::string dir, svg;
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            if (a == "--svg" && i + 1 < argc)
                svg = argv[++i];
            else
                dir = a;
        }
        if (dir.empty()) dir = default_table();
        const bool wiod = !dir.empty();
        const unbundle::mrio<double> t = wiod ? unbundle::read_mrio(dir) : unbundle::make_demo_world();
        const unbundle::leontief<double> L(t); // one factorisation for everything below

        // The scenario: stringency as the share of the year under a full-lockdown equivalent
        // (0.1 is about five weeks), higher where spring-2020 lockdowns were strict, lower where
        // they were light. Illustrative, not estimated.
        std::vector<unbundle::stringency_entry> str{{"*", 0.10}};
        unbundle::lockdown_options o;
        if (wiod) {
            for (const char* r : {"ITA", "ESP", "FRA", "GBR", "IND", "IRL", "PRT", "GRC"}) str.push_back({r, 0.15});
            for (const char* r : {"TWN", "KOR", "JPN", "SWE"}) str.push_back({r, 0.05});
        } else {
            o.remote = {{"*", 0.2}}; // the demo world's sectors are not WIOD's: one share for all
        }
        const auto r = unbundle::lockdown(L, t, str, o);

        std::vector<bar> bars;
        for (unbundle::index_t g = 0; g < r.num_regions(); ++g)
            bars.push_back({t.regions()[g], r.gdp_pct(g), r.domestic_pct(g), r.transmitted_pct(g)});
        std::sort(bars.begin(), bars.end(), [](const bar& a, const bar& b) { return a.total < b.total; });

        std::printf("Table: %s, %lld regions; labour share %.2f; remote shares: %s\n\n",
                    wiod ? dir.c_str() : "demo world", static_cast<long long>(r.num_regions()), o.labour_share,
                    o.remote.empty() ? "default (WIOD)" : "0.2 for all");
        std::printf("World GDP: %.2f%%; share of regions whose GDP falls: %.2f\n\n", r.world_gdp_pct(),
                    r.share_of_regions_declining());
        std::printf("| region | stringency | GDP change, %% | domestic, %% | transmitted, %% | transmitted share of "
                    "the loss |\n");
        std::printf("|---|---|---|---|---|---|\n");
        for (const auto& b : bars) {
            double s = 0;
            for (const auto& e : str)
                if (e.region == "*" || e.region == b.region) s = e.stringency;
            std::printf("| %s | %.2f | %.2f | %.2f | %.2f | %.0f%% |\n", b.region.c_str(), s, b.total, b.domestic,
                        b.transmitted, b.total != 0 ? 100.0 * b.transmitted / b.total : 0.0);
        }

        // influence: world GDP per own GDP (demand and supply) and the largest Domar weights
        const auto id = unbundle::influence(L, t);
        const auto is = unbundle::influence(L, t, {unbundle::shock_model::supply});
        std::vector<unbundle::index_t> order(static_cast<std::size_t>(t.num_regions()));
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](unbundle::index_t a, unbundle::index_t b) {
            return id.world_gdp_per_own_gdp(a) > id.world_gdp_per_own_gdp(b);
        });
        std::printf("\nWorld GDP per own GDP, largest five and smallest five (demand | supply model):\n\n");
        std::printf("| region | demand | supply |\n|---|---|---|\n");
        for (std::size_t k = 0; k < order.size(); ++k)
            if (k < 5 || k + 5 >= order.size())
                std::printf("| %s | %.3f | %.3f |\n", t.regions()[order[k]].c_str(), id.world_gdp_per_own_gdp(order[k]),
                            is.world_gdp_per_own_gdp(order[k]));
        std::vector<unbundle::index_t> rows(static_cast<std::size_t>(t.n()));
        std::iota(rows.begin(), rows.end(), 0);
        std::partial_sort(rows.begin(), rows.begin() + 5, rows.end(),
                          [&](unbundle::index_t a, unbundle::index_t b) { return id.domar(a) > id.domar(b); });
        std::printf("\nLargest Domar weights (%zu key sectors of %lld):\n\n", id.key_sectors.size(),
                    static_cast<long long>(t.n()));
        std::printf("| region-sector | Domar (x/GDP) | Domar (L beta) | influence | backward | forward "
                    "|\n|---|---|---|---|---|---|\n");
        for (int k = 0; k < 5; ++k) {
            const auto i = rows[static_cast<std::size_t>(k)];
            std::printf("| %s | %.4f | %.4f | %.5f | %.3f | %.3f |\n", t.labels()[static_cast<std::size_t>(i)].c_str(),
                        id.domar(i), id.domar_leontief(i), id.influence(i), id.backward_linkage(i),
                        id.forward_linkage(i));
        }
        if (!svg.empty())
            write_chart(svg, bars,
                        wiod ? "2020-style lockdown on WIOD 2011: GDP change by region"
                             : "Lockdown on the demo world: GDP change by region");
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "mrio_lockdown: " << e.what() << "\n";
        return 1;
    }
}
