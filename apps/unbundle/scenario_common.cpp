// The definitions of scenario_common.hpp (shared by cmd_scenario.cpp and cmd_demo.cpp), compiled
// once here.
#include "scenario_common.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace unbundle_cli {

json scenario_world_json(const unbundle::scenario_world<double>& w, const scenario_result_d& r) {
    json secs = json::array(), theta = json::object(), load = json::object();
    for (unbundle::index_t j = 0; j < w.num_sectors(); ++j) {
        const auto& s = w.sectors().at(j);
        secs.push_back({{"sector", s.code}, {"name", s.name}, {"kind", unbundle::to_string(s.kind)}});
        theta[s.code] = r.theta(j);
        const auto& f = r.loadings.at(j, unbundle::purchase_use::final_use).a;
        const auto& i = r.loadings.at(j, unbundle::purchase_use::intermediate).a;
        load[s.code] = {{"final", cost_components_json({f[0], f[1], f[2]})},
                        {"intermediate", cost_components_json({i[0], i[1], i[2]})}};
    }
    json econ = json::array();
    for (unbundle::index_t n = 0; n < w.num_economies(); ++n) {
        json e{{"economy", w.economies()[n]}};
        if (!w.economy_names.empty()) e["name"] = w.economy_names[static_cast<std::size_t>(n)];
        if (!w.groups.empty()) e["group"] = w.groups[static_cast<std::size_t>(n)];
        if (w.has_population()) e["population"] = w.population(n);
        econ.push_back(e);
    }
    json notes = w.notes;
    for (const auto& n : r.notes) notes.push_back(n);
    return json{{"name", w.name}, {"economies", econ}, {"sectors", secs},
                {"theta", theta}, {"loadings", load},  {"population_weights", w.has_population()},
                {"notes", notes}};
}

json scenario_json(const unbundle::scenario_world<double>& w, const scenario_result_d& r) {
    json years = json::array();
    for (const auto& y : r.years) {
        const auto& ind = y.indicators;
        json j{{"year", y.year}};
        const auto v = ind.values();
        for (std::size_t k = 0; k < v.size(); ++k) j[unbundle::scenario_indicator_names[k]] = v[k];
        json econ = json::array();
        for (unbundle::index_t n = 0; n < ind.economies.size(); ++n)
            econ.push_back({{"economy", ind.economies[n]},
                            {"welfare_index", ind.economy_welfare_index(n)},
                            {"wage_index", ind.wage_index(n)},
                            {"real_income_per_head", ind.real_income_per_head(n)},
                            {"gvc_participation", ind.economy_gvc_participation(n)},
                            {"openness", ind.openness(n)},
                            {"integration_score", ind.economy_integration(n)}});
        j["economies"] = econ;
        j["solver"] = solver_json(y.solver);
        j["cost_factors"] = cost_components_json(y.factors);
        years.push_back(j);
    }
    json out{{"years", years}};
    const int a = r.years.front().year, b = r.years.back().year;
    if (r.shapley) {
        out["attribution"] = cost_components_json(r.welfare_shares());
        json lv = json::object();
        for (const char* k : unbundle::scenario_indicator_names) lv[k] = cost_components_json(r.attribution(k, a, b));
        out["attribution_levels"] = lv;
        json be = json::object();
        const auto& wa = r.last().welfare_attribution;
        for (unbundle::index_t n = 0; n < wa.rows(); ++n)
            be[r.economies[n]] = cost_components_json({wa(n, 0), wa(n, 1), wa(n, 2)});
        out["attribution_by_economy"] = be;
    }
    out["world"] = scenario_world_json(w, r);
    out["solves"] = r.solves;
    return out;
}

std::string fmt(double v, const char* f) {
    char b[48];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

void print_change_table(const scenario_result_d& r, int a, int b) {
    const auto& ya = r.at(a).indicators;
    const auto& yb = r.at(b).indicators;
    std::printf("  %-22s %10s %10s %10s", "indicator", std::to_string(a).c_str(), std::to_string(b).c_str(), "change");
    if (r.shapley) std::printf(" %10s %10s %10s", "goods", "ideas", "people");
    std::printf("\n");
    for (const char* k : unbundle::scenario_indicator_names) {
        const double va = ya.value(k), vb = yb.value(k);
        std::printf("  %-22s %10.4f %10.4f %+10.4f", k, va, vb, vb - va);
        if (r.shapley) {
            const auto c = r.attribution(k, a, b);
            std::printf(" %+10.4f %+10.4f %+10.4f", c[0], c[1], c[2]);
        }
        std::printf("\n");
    }
}

void write_series(const scenario_result_d& r, const std::string& path) {
    std::ofstream f(path);
    if (!f) throw unbundle::file_error(path + ": cannot open for writing");
    f << "year";
    for (const char* k : unbundle::scenario_indicator_names) f << ',' << k;
    f << ",goods_cost_factor,ideas_cost_factor,people_cost_factor,welfare_goods,welfare_ideas,welfare_people,"
         "converged\n";
    char b[40];
    auto put = [&](double v) {
        std::snprintf(b, sizeof b, ",%.17g", v);
        f << b;
    };
    const std::size_t w = unbundle::scenario_indicator_index("welfare_index");
    for (const auto& y : r.years) {
        f << y.year;
        for (double v : y.indicators.values()) put(v);
        for (double v : y.factors) put(v);
        for (std::size_t c = 0; c < 3; ++c) put(y.attribution[w][c]);
        f << ',' << (y.solver.converged ? "true" : "false") << '\n';
    }
    if (!f) throw unbundle::file_error(path + ": write failed");
}

void write_chart(const scenario_result_d& r, const std::string& path, const std::string& title,
                 const std::vector<unbundle::chart_band>& bands) {
    unbundle::line_chart c;
    c.title = title;
    c.x_label = "year";
    c.y_label = "index, " + std::to_string(r.years.front().year) + " = 100";
    const char* shown[] = {"trade_to_gdp",  "gvc_participation", "vax_ratio",        "services_trade_share",
                           "welfare_index", "convergence",       "integration_score"};
    const char* label[] = {"trade to GDP",  "GVC participation",       "VAX ratio",        "services' share of trade",
                           "world welfare", "Gini of income per head", "integration score"};
    for (std::size_t k = 0; k < 7; ++k) {
        unbundle::chart_series s;
        s.name = label[k];
        const double base = r.years.front().indicators.value(shown[k]);
        for (const auto& y : r.years) {
            s.x.push_back(y.year);
            s.y.push_back(base == 0 ? NAN : 100.0 * y.indicators.value(shown[k]) / base);
        }
        c.series.push_back(std::move(s));
    }
    c.bands = bands;
    unbundle::write_svg(c, path);
}

void write_outputs(const scenario_result_d& r, const std::string& dir, const std::string& title,
                   const std::vector<unbundle::chart_band>& bands) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw unbundle::file_error(dir + ": cannot create the output directory: " + ec.message());
    write_series(r, (std::filesystem::path(dir) / "series.csv").string());
    write_chart(r, (std::filesystem::path(dir) / "chart.svg").string(), title, bands);
}

} // namespace unbundle_cli
