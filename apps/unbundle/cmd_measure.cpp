// `unbundle measure TABLES --years A:B`: the three unbundlings measured in a panel of MRIO tables —
// Novy's tariff equivalents by sector kind and use, split into the costs of moving goods, ideas and
// people by least squares on the loadings, as world and group series (docs/cli.md, docs/measure.md).

#include "commands.hpp"
#include "common.hpp"
#include "mrio_common.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/error.hpp>

#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/data/svg_chart.hpp>
#include <unbundle/measure/backcast.hpp>
#include <unbundle/measure/components.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

namespace unbundle_cli {

namespace {

struct measure_args {
    std::string tables;
    std::string years;
    double theta = 5;
    bool pairs = false;
    bool backcast = false;
    bool by_kind = false;
    std::string out_dir;
};

json blocks_json(const std::array<double, 4>& tau) {
    json j;
    for (auto b : unbundle::all_flow_blocks) j[unbundle::to_string(b)] = tau[static_cast<std::size_t>(b)];
    return j;
}
json point_json(const unbundle::measure_point<double>& p) {
    return json{{"year", p.year},
                {"tau", blocks_json(p.tau)},
                {"components", cost_components_json(p.index)},
                {"cost_levels", cost_components_json(p.cost)},
                {"fit_rmse", p.fit_rmse},
                {"identified_pairs", p.pairs}};
}

json pairs_json(const std::vector<unbundle::year_measure<double>>& years) {
    json out = json::array();
    for (const auto& y : years)
        for (const auto& p : y.pairs) {
            json tau, comp;
            for (auto b : unbundle::all_flow_blocks) {
                const double lt = p.log_tau[static_cast<std::size_t>(b)];
                tau[unbundle::to_string(b)] = std::isfinite(lt) ? json(std::expm1(lt)) : json(nullptr);
            }
            for (auto c : unbundle::all_cost_components)
                comp[unbundle::to_string(c)] = p.identified() ? json(p.cost(c)) : json(nullptr);
            out.push_back({{"year", y.year},
                           {"exporter", y.regions.code(p.i)},
                           {"importer", y.regions.code(p.n)},
                           {"tau", tau},
                           {"components", comp},
                           {"fit_residual", p.identified() ? json(p.residual) : json(nullptr)},
                           {"observed_blocks", p.observed}});
        }
    return out;
}

void write_series_csv(const std::string& path, const unbundle::unbundling_series<double>& s) {
    std::ofstream f(path);
    if (!f) throw unbundle::file_error(path + ": cannot be written");
    f.precision(17);
    f << "group,year,tau_goods_final,tau_goods_intermediate,tau_services_final,tau_services_intermediate,"
         "index_goods,index_ideas,index_people,cost_goods,cost_ideas,cost_people,fit_rmse,identified_pairs\n";
    auto rows = [&](const std::string& g, const std::vector<unbundle::measure_point<double>>& pts) {
        for (const auto& p : pts) {
            f << g << ',' << p.year;
            for (double v : p.tau) f << ',' << v;
            for (double v : p.index) f << ',' << v;
            for (double v : p.cost) f << ',' << v;
            f << ',' << p.fit_rmse << ',' << p.pairs << '\n';
        }
    };
    rows("world", s.world);
    for (const auto& [name, pts] : s.groups) rows(name, pts);
}

json finite_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json backcast_json(const unbundle::backcast_result<double>& r, bool by_kind) {
    json b;
    b["years"] = json::array();
    for (const auto& y : r.years) {
        json o, m;
        for (std::size_t k = 0; k < r.indicators.size(); ++k) {
            o[r.indicators[k]] = finite_or_null(y.observed[k]);
            m[r.indicators[k]] = finite_or_null(y.model[k]);
        }
        b["years"].push_back({{"year", y.year},
                              {"observed", o},
                              {"model", m},
                              {"pairs_moved", y.pairs_moved},
                              {"solver", json{{"converged", y.solver.converged},
                                              {"iterations", y.solver.iterations},
                                              {"residual", finite_or_null(y.solver.residual)}}}});
    }
    json rmse, corr;
    for (std::size_t k = 0; k < r.indicators.size(); ++k) {
        rmse[r.indicators[k]] = finite_or_null(r.rmse[k]);
        corr[r.indicators[k]] = finite_or_null(r.correlation[k]); // null: a constant path
    }
    b["rmse"] = rmse;
    b["correlation"] = corr;
    b["converged"] = r.converged();
    b["sectors"] = r.sectors.size();
    b["aggregate_by_kind"] = by_kind;
    return b;
}

void write_backcast_csv(const std::string& path, const unbundle::backcast_result<double>& r) {
    std::ofstream f(path);
    if (!f) throw unbundle::file_error(path + ": cannot be written");
    f.precision(17);
    f << "year";
    for (const auto& n : r.indicators) f << ",observed_" << n << ",model_" << n;
    f << ",converged\n";
    for (const auto& y : r.years) {
        f << y.year;
        for (std::size_t k = 0; k < r.indicators.size(); ++k) f << ',' << y.observed[k] << ',' << y.model[k];
        f << ',' << (y.solver.converged ? 1 : 0) << '\n';
    }
}

/// chart.svg: the world's three component indices (first year = 100).
void write_components_chart(const std::string& path, const unbundle::unbundling_series<double>& s) {
    unbundle::line_chart c;
    c.title = "The three costs of moving goods, ideas and people (world, first year = 100)";
    c.x_label = "year";
    c.y_label = "index of 1 + cost (first year = 100)";
    const char* colors[3] = {"#1f77b4", "#2ca02c", "#d62728"};
    for (auto comp : unbundle::all_cost_components) {
        unbundle::chart_series ser;
        ser.name = unbundle::to_string(comp);
        ser.color = colors[static_cast<std::size_t>(comp)];
        for (const auto& p : s.world) {
            ser.x.push_back(p.year);
            ser.y.push_back(p.index[static_cast<std::size_t>(comp)]);
        }
        c.series.push_back(ser);
    }
    unbundle::write_svg(c, path);
}

/// backcast.svg: each indicator observed (strong colour) and in the model (light colour), in percent.
void write_backcast_chart(const std::string& path, const unbundle::backcast_result<double>& r) {
    unbundle::line_chart c;
    c.title = "Backcast: observed tables against the model fed with the measured cost changes";
    c.x_label = "year";
    c.y_label = "percent";
    const char* strong[4] = {"#1f77b4", "#2ca02c", "#d62728", "#9467bd"};
    const char* light[4] = {"#9ecae1", "#a1d99b", "#fc9272", "#cbb4e0"};
    for (std::size_t k = 0; k < r.indicators.size(); ++k) {
        unbundle::chart_series o, m;
        o.name = r.indicators[k] + " (observed)";
        m.name = r.indicators[k] + " (model)";
        o.color = strong[k % 4];
        m.color = light[k % 4];
        for (const auto& y : r.years) {
            o.x.push_back(y.year);
            o.y.push_back(100 * y.observed[k]);
            m.x.push_back(y.year);
            m.y.push_back(100 * y.model[k]);
        }
        c.series.push_back(o);
        c.series.push_back(m);
    }
    unbundle::write_svg(c, path);
}

void print_backcast(const json& b) {
    std::printf("\nBackcast (model on %d sectors from the first year, measured cost changes): observed / model\n",
                b["sectors"].get<int>());
    std::printf("%-6s", "year");
    for (const auto& [name, v] : b["rmse"].items()) std::printf(" %24s", name.c_str());
    std::printf("\n");
    auto num = [](const json& v) { return v.is_null() ? std::nan("") : v.get<double>(); };
    for (const auto& y : b["years"]) {
        std::printf("%-6d", y["year"].get<int>());
        for (const auto& [name, v] : b["rmse"].items())
            std::printf("      %8.4f / %8.4f", num(y["observed"][name]), num(y["model"][name]));
        std::printf("%s\n", y["solver"]["converged"].get<bool>() ? "" : "  (did not converge)");
    }
    std::printf("%-6s", "rmse");
    for (const auto& [name, v] : b["rmse"].items()) std::printf(" %24.4f", num(v));
    std::printf("\n%-6s", "corr");
    for (const auto& [name, v] : b["correlation"].items()) std::printf(" %24.4f", num(v));
    std::printf("\n");
}

void print_measure(const json& j) {
    std::printf("Tariff equivalents (Novy, theta = %g) and the three cost components (world, first year = 100)\n",
                j["theta"].get<double>());
    std::printf("%-6s %8s %8s %8s %8s | %7s %7s %7s | %8s %6s\n", "year", "tau_gF", "tau_gI", "tau_sF", "tau_sI",
                "goods", "ideas", "people", "fit_rmse", "pairs");
    for (const auto& y : j["years"]) {
        const auto& t = y["tau"];
        const auto& c = y["components"];
        std::printf("%-6d %8.4f %8.4f %8.4f %8.4f | %7.2f %7.2f %7.2f | %8.4f %6d\n", y["year"].get<int>(),
                    t["goods_final"].get<double>(), t["goods_intermediate"].get<double>(),
                    t["services_final"].get<double>(), t["services_intermediate"].get<double>(),
                    c["goods"].get<double>(), c["ideas"].get<double>(), c["people"].get<double>(),
                    y["fit_rmse"].get<double>(), y["identified_pairs"].get<int>());
    }
    if (j.contains("groups")) {
        std::printf("\nLast year's component indices by group (first year = 100)\n");
        std::printf("%-12s %7s %7s %7s\n", "group", "goods", "ideas", "people");
        for (const auto& [name, pts] : j["groups"].items()) {
            const auto& c = pts.back()["components"];
            std::printf("%-12s %7.2f %7.2f %7.2f\n", name.c_str(), c["goods"].get<double>(), c["ideas"].get<double>(),
                        c["people"].get<double>());
        }
    }
    if (j.contains("backcast")) print_backcast(j["backcast"]);
}

} // namespace

/// Runs `unbundle measure` with parsed arguments.
static int run_measure(const measure_args& a, const context& ctx) {
    stopwatch sw;
    double read_s = 0, compute_s = 0;
    if (a.years.empty()) throw unbundle::usage_error("measure: --years A:B is required");
    if (a.by_kind && !a.backcast) throw unbundle::usage_error("measure: --by-kind applies to --backcast only");
    unbundle::measure_options<double> opt;
    opt.theta = a.theta;
    unbundle::mrio_read_options ro;
    ro.csv = ctx.csv();
    unbundle::backcast_options<double> bo;
    bo.measure = opt;
    bo.aggregate_by_kind = a.by_kind;
    std::unique_ptr<unbundle::backcaster<double>> bc;
    std::vector<unbundle::year_measure<double>> years;
    for (const auto& [label, dir] : table_dirs(a.tables, a.years)) {
        progress("unbundle measure: " + label + " ");
        const auto t = unbundle::read_mrio(dir, ro);
        read_s += sw.lap();
        years.push_back(unbundle::measure_year(t, std::stoi(label), opt));
        if (a.backcast) {
            if (!bc)
                bc = std::make_unique<unbundle::backcaster<double>>(t, years.back(), bo);
            else
                bc->add(t, years.back());
        }
        compute_s += sw.lap();
    }
    progress("\n");
    const auto s = unbundle::summarise(years);
    json out;
    out["theta"] = a.theta;
    out["years"] = json::array();
    for (const auto& p : s.world) out["years"].push_back(point_json(p));
    out["groups"] = json::object();
    for (const auto& [name, pts] : s.groups) {
        json g = json::array();
        for (const auto& p : pts) g.push_back(point_json(p));
        out["groups"][name] = g;
    }
    json loadings;
    for (auto b : unbundle::all_flow_blocks)
        loadings[unbundle::to_string(b)] = cost_components_json(opt.loadings[static_cast<std::size_t>(b)].a);
    out["loadings"] = loadings;
    if (a.pairs) out["pairs"] = pairs_json(years);
    unbundle::backcast_result<double> br;
    if (bc) {
        br = bc->result();
        out["backcast"] = backcast_json(br, a.by_kind);
        if (!br.converged())
            std::fprintf(stderr,
                         "unbundle: warning: the backcast did not converge in every year (backcast.years[].solver)\n");
    }
    compute_s += sw.lap();
    if (!a.out_dir.empty()) {
        const std::filesystem::path d(a.out_dir);
        std::filesystem::create_directories(d);
        write_series_csv((d / "series.csv").string(), s);
        write_components_chart((d / "chart.svg").string(), s);
        if (bc) {
            write_backcast_csv((d / "backcast.csv").string(), br);
            write_backcast_chart((d / "backcast.svg").string(), br);
        }
    }
    out["timing"] = timing(read_s, compute_s);
    return finish(ctx, out, print_measure);
}

void register_measure(command& program, context& ctx) {
    auto sub =
        program.add_subcommand("measure", "The three unbundlings measured in a panel of MRIO tables (Novy's index by "
                                          "kind and use, split into goods, ideas and people costs)");
    auto a = std::make_shared<measure_args>();
    sub.add_option("TABLES", a->tables, "Directory of YYYY table directories (each with sector kinds)").required();
    sub.add_option("--years", a->years, "Years A:B (the first is the base year)").required();
    sub.add_option("--theta", a->theta, "Trade elasticity of Novy's index (default 5)");
    sub.add_flag("--pairs", a->pairs, "Add every pair's indices and components (list `pairs`)");
    sub.add_flag("--backcast", a->backcast,
                 "Run the scenario engine from the first year with the measured cost "
                 "changes and compare it with the observed tables (object `backcast`)");
    sub.add_flag("--by-kind", a->by_kind, "Backcast on goods/services aggregates of the tables (faster, coarser)");
    sub.add_option("--out", a->out_dir,
                   "Write series.csv and chart.svg (with --backcast also backcast.csv and "
                   "backcast.svg) into this directory");
    sub.on_parsed([&ctx, a] { ctx.action = [&ctx, a] { return run_measure(*a, ctx); }; });
}

} // namespace unbundle_cli
