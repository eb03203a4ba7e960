// `unbundle scenario`: cost-decline scenarios — the three unbundlings (goods, ideas, people) over
// time in general equilibrium with value chains (contract: docs/cli.md; engine: docs/scenario.md).

#include "commands.hpp"
#include "common.hpp"
#include "scenario_common.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/ge/frame.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace unbundle_cli {

/// Options of `unbundle scenario`.
struct scenario_args {
    std::string world = "demo";
    std::string exporter = "exporter", importer = "importer", value = "value", year_col = "year";
    std::optional<double> year;
    std::string costs, loadings, decline, years = "2020:2040", deficits = "keep", out;
    std::optional<double> theta;
    int step = 1;
    bool no_shapley = false;
    std::string aggregate; ///< "kind" to sum a table's sectors into goods and services
};

namespace {

/// Parses "goods=A,ideas=B,people=C" (keys in any order, each at most once; absent keys stay unset).
std::array<std::optional<std::string>, 3> parse_components(const std::string& s, const char* flag) {
    std::array<std::optional<std::string>, 3> out;
    std::size_t p = 0;
    while (p <= s.size()) {
        const std::size_t q = std::min(s.find(',', p), s.size());
        const std::string item = s.substr(p, q - p);
        const std::size_t eq = item.find('=');
        if (eq == std::string::npos)
            throw unbundle::usage_error(std::string(flag) + ": expected goods=...,ideas=...,people=..., got '" + item +
                                        "'");
        const std::string key = item.substr(0, eq), val = item.substr(eq + 1);
        int c = key == "goods" ? 0 : key == "ideas" ? 1 : key == "people" ? 2 : -1;
        if (c < 0)
            throw unbundle::usage_error(std::string(flag) + ": unknown component '" + key + "' (goods, ideas, people)");
        if (out[static_cast<std::size_t>(c)])
            throw unbundle::usage_error(std::string(flag) + ": '" + key + "' given twice");
        out[static_cast<std::size_t>(c)] = val;
        p = q + 1;
    }
    return out;
}

double parse_number(const std::string& s, const char* flag, const char* key) {
    double v = 0;
    if (!unbundle::detail::parse_double(s, v) || !std::isfinite(v))
        throw unbundle::usage_error(std::string(flag) + ": " + key + " must be a number, got '" + s + "'");
    return v;
}

/// One component's cost file: exporter,importer,value (absent pairs 0, the diagonal ignored).
unbundle::matrix_d read_cost_file(const std::string& path, const unbundle::economy_index& econ, const context& ctx) {
    unbundle::csv_options o = ctx.csv();
    o.text_columns = {"exporter", "importer"};
    const unbundle::data_frame df = unbundle::read_csv(path, o);
    for (const char* c : {"exporter", "importer", "value"})
        if (!df.has(c))
            throw unbundle::key_error(path + ": no column '" + std::string(c) + "' (need exporter,importer,value)");
    const auto& ex = df["exporter"];
    const auto& im = df["importer"];
    const auto& va = df["value"];
    if (!va.is_numeric()) throw unbundle::domain_error(path + ": column 'value' is not numeric");
    const unbundle::index_t N = econ.size();
    unbundle::matrix_d e = unbundle::matrix_d::Zero(N, N);
    for (unbundle::index_t r = 0; r < df.rows(); ++r) {
        const std::string line = path + ": line " + std::to_string(r + 2) + ": ";
        const auto i = econ.find(ex.text(r)), n = econ.find(im.text(r));
        if (!i) throw unbundle::key_error(line + "unknown economy '" + ex.text(r) + "' (exporter) — not in the world");
        if (!n) throw unbundle::key_error(line + "unknown economy '" + im.text(r) + "' (importer) — not in the world");
        if (va.missing(r)) throw unbundle::domain_error(line + "value is missing");
        const double v = va.values()[static_cast<std::size_t>(r)];
        if (!(v > -1) || !std::isfinite(v))
            throw unbundle::domain_error(line + "cost from " + ex.text(r) + " to " + im.text(r) +
                                         " must be finite and > -1 (ad-valorem), got " +
                                         unbundle::detail::to_string_full(v));
        if (*i != *n) e(*i, *n) = v;
    }
    return e;
}

} // namespace

/// Builds the world of --world (demo, an MRIO directory or a flows CSV) with --costs applied.
unbundle::scenario_world<double> load_scenario_world(const scenario_args& a, const context& ctx) {
    namespace fs = std::filesystem;
    unbundle::scenario_world<double> w;
    unbundle::world_options<double> wo;
    if (a.aggregate == "kind")
        wo.aggregate_by_kind = true;
    else if (!a.aggregate.empty())
        throw unbundle::usage_error("--aggregate must be 'kind', got '" + a.aggregate + "'");
    if (a.world == "demo") {
        w = unbundle::make_scenario_demo_world();
    } else if (fs::is_directory(a.world)) {
        unbundle::mrio_read_options ro;
        ro.csv = ctx.csv();
        ro.use_published_x = false;
        w = unbundle::world_from_mrio(unbundle::read_mrio(a.world, ro), wo);
        w.name = a.world;
    } else if (fs::exists(a.world)) {
        unbundle::csv_options o = ctx.csv();
        o.text_columns = {a.exporter, a.importer};
        const unbundle::data_frame df = unbundle::read_csv(a.world, o);
        const unbundle::bilateral_table tab(df, a.exporter, a.importer, a.year ? a.year_col : std::string(), a.year);
        const unbundle::trade_matrix<double> flows(tab.economies(), tab.matrix(a.value));
        try {
            w = unbundle::world_from_flows(flows, wo);
        } catch (const unbundle::domain_error& e) {
            throw unbundle::domain_error(a.world + ": " + e.what());
        }
        w.name = a.world;
    } else {
        throw unbundle::file_error(
            a.world + ": no such file or directory (--world takes demo, an MRIO directory or a flows CSV)");
    }
    if (!a.costs.empty()) {
        const auto files = parse_components(a.costs, "--costs");
        const unbundle::index_t N = w.num_economies();
        std::array<unbundle::matrix_d, 3> e;
        for (std::size_t c = 0; c < 3; ++c) {
            if (files[c])
                e[c] = read_cost_file(*files[c], w.economies(), ctx);
            else
                e[c] = w.costs ? w.costs->component(static_cast<unbundle::cost_component>(c))
                               : unbundle::matrix_d::Zero(N, N);
        }
        w.costs = unbundle::trade_costs<double>(w.economies(), e[0], e[1], e[2]);
        w.notes.push_back("baseline costs from --costs (components not given: " +
                          std::string(w.name == "demo" ? "the demo world's own" : "0") + ")");
    }
    return w;
}

/// Turns the options into a scenario (loadings, θ, deficits, paths, years).
unbundle::scenario<double> make_scenario(const scenario_args& a, unbundle::scenario_world<double> w,
                                         const context& ctx) {
    unbundle::scenario<double> s;
    const auto colon = a.years.find(':');
    if (colon == std::string::npos) throw unbundle::usage_error("--years must be A:B, got '" + a.years + "'");
    const double y0 = parse_number(a.years.substr(0, colon), "--years", "A"),
                 y1 = parse_number(a.years.substr(colon + 1), "--years", "B");
    if (y0 != std::floor(y0) || y1 != std::floor(y1) || y1 < y0)
        throw unbundle::usage_error("--years must be A:B with whole years A <= B, got '" + a.years + "'");
    s.first_year = static_cast<int>(y0);
    s.last_year = static_cast<int>(y1);
    if (a.step < 1) throw unbundle::usage_error("--step must be at least 1");
    s.step = a.step;
    s.shapley = !a.no_shapley;
    s.threads = ctx.thread_count();
    if (!a.loadings.empty()) {
        const auto l = parse_components(a.loadings, "--loadings");
        unbundle::cost_loadings<double> c{{0, 0, 0}};
        const char* key[] = {"goods", "ideas", "people"};
        for (std::size_t k = 0; k < 3; ++k)
            if (l[k]) c.a[k] = parse_number(*l[k], "--loadings", key[k]);
        s.loadings = unbundle::loading_table<double>::uniform(w.num_sectors(), c);
    }
    if (a.theta) {
        if (!(*a.theta > 0) || !std::isfinite(*a.theta))
            throw unbundle::domain_error("--theta must be positive, got " + unbundle::detail::to_string_full(*a.theta));
        s.model.theta = unbundle::vector_d::Constant(w.num_sectors(), *a.theta);
    }
    if (a.deficits == "keep")
        s.model.deficits = unbundle::deficit_mode::keep;
    else if (a.deficits == "zero")
        s.model.deficits = unbundle::deficit_mode::zero;
    else
        throw unbundle::usage_error("--deficits must be keep or zero, got '" + a.deficits + "'");
    if (a.decline.empty()) {
        s.paths = unbundle::baldwin_paths();
    } else {
        const auto d = parse_components(a.decline, "--decline");
        const char* key[] = {"goods", "ideas", "people"};
        unbundle::cost_path* p[] = {&s.paths.goods, &s.paths.ideas, &s.paths.people};
        for (std::size_t k = 0; k < 3; ++k)
            *p[k] = unbundle::cost_path::exponential(s.first_year,
                                                     d[k] ? parse_number(*d[k], "--decline", key[k]) / 100.0 : 0.0);
    }
    s.world = std::move(w);
    return s;
}

namespace {

void print_scenario(const unbundle::scenario_world<double>& w, const scenario_result_d& r, const std::string& out) {
    std::printf("Scenario on %s: %lld economies x %lld sectors, %d to %d (%d equilibria)\n", w.name.c_str(),
                static_cast<long long>(w.num_economies()), static_cast<long long>(w.num_sectors()),
                r.years.front().year, r.years.back().year, r.solves);
    std::printf("\n  %-6s %9s %9s %9s %9s %9s %9s %9s %7s %7s %7s\n", "year", "trade/GDP", "GVC", "VAX", "services",
                "welfare", "Gini", "integr.", "goods", "ideas", "people");
    for (const auto& y : r.years) {
        const auto& i = y.indicators;
        std::printf("  %-6d %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %9.2f %7.3f %7.3f %7.3f%s\n", y.year, i.trade_to_gdp,
                    i.gvc_participation, i.vax_ratio, i.services_trade_share, i.welfare_index, i.convergence,
                    i.integration_score, y.factors[0], y.factors[1], y.factors[2],
                    y.solver.converged ? "" : "  (not converged)");
    }
    std::printf("  (goods, ideas, people: each cost relative to %d)\n\n", r.years.front().year);
    std::printf("Change %d-%d and its Shapley attribution to the three costs:\n", r.years.front().year,
                r.years.back().year);
    print_change_table(r, r.years.front().year, r.years.back().year);
    if (r.shapley) {
        const auto s = r.welfare_shares();
        std::printf("\nShares of the change in world welfare: goods %.1f%%, ideas %.1f%%, people %.1f%%\n", 100 * s[0],
                    100 * s[1], 100 * s[2]);
    }
    const auto& last = r.last();
    std::printf("\n  %-8s %10s %10s %14s", "economy", "welfare", "wage", "income/head");
    if (r.shapley) std::printf(" %9s %9s %9s", "ln W:goods", "ideas", "people");
    std::printf("\n");
    for (unbundle::index_t n = 0; n < r.economies.size(); ++n) {
        std::printf("  %-8s %10.4f %10.4f %14.4f", r.economies[n].c_str(), last.indicators.economy_welfare_index(n),
                    last.indicators.wage_index(n), last.indicators.real_income_per_head(n));
        if (r.shapley)
            std::printf(" %+9.4f %+9.4f %+9.4f", last.welfare_attribution(n, 0), last.welfare_attribution(n, 1),
                        last.welfare_attribution(n, 2));
        std::printf("\n");
    }
    for (const auto& n : r.notes) std::printf("note: %s\n", n.c_str());
    if (!out.empty()) std::printf("\nwrote %s/series.csv and %s/chart.svg\n", out.c_str(), out.c_str());
}

} // namespace

/// The action of `unbundle scenario`.
int scenario_command(const scenario_args& a, const context& ctx) {
    stopwatch sw;
    unbundle::scenario_world<double> w = load_scenario_world(a, ctx);
    const double read_s = sw.lap();
    const unbundle::scenario<double> s = make_scenario(a, w, ctx);
    if (a.years.size() > 0 && (s.last_year - s.first_year) / s.step > 20) progress("unbundle scenario: solving ...");
    const auto r = unbundle::run_scenario(s);
    if (!a.out.empty()) write_outputs(r, a.out, "Scenario on " + w.name, {});
    json j = scenario_json(w, r);
    j["timing"] = timing(read_s, sw.lap());
    return finish(ctx, j, [&](const json&) { print_scenario(w, r, a.out); });
}

void register_scenario(command& program, context& ctx) {
    auto sub =
        program.add_subcommand("scenario", "The three unbundlings: goods, ideas and people costs falling over time, in "
                                           "general equilibrium with value chains");
    auto a = std::make_shared<scenario_args>();
    sub.add_option("--world", a->world,
                   "demo (default), an MRIO table directory, or a CSV of bilateral flows with domestic flows");
    sub.add_option("--exporter", a->exporter, "Exporter column of a flows CSV (default exporter)");
    sub.add_option("--importer", a->importer, "Importer column of a flows CSV (default importer)");
    sub.add_option("--value", a->value, "Value column of a flows CSV (default value)");
    sub.add_option("--year", a->year, "Select this year from a panel of flows");
    sub.add_option("--year-col", a->year_col, "Year column for --year (default year)");
    sub.add_option("--costs", a->costs, "Baseline costs: goods=FILE,ideas=FILE,people=FILE (exporter,importer,value)");
    sub.add_option("--loadings", a->loadings, "One set of loadings for every sector and use: goods=A,ideas=B,people=C");
    sub.add_option("--decline", a->decline,
                   "Percent a year: goods=G,ideas=I,people=P (default: the documented Baldwin path)");
    sub.add_option("--years", a->years, "A:B, the first (baseline) and last year (default 2020:2040)");
    sub.add_option("--step", a->step, "Years between equilibria (default 1)");
    sub.add_option("--theta", a->theta, "Trade elasticity of every sector (default 5)");
    sub.add_option("--deficits", a->deficits, "keep (default) or zero");
    sub.add_option("--aggregate", a->aggregate, "kind: sum an MRIO table's sectors into goods and services");
    sub.add_flag("--no-shapley", a->no_shapley, "Solve the full path only (no attribution)");
    sub.add_option("--out", a->out, "Directory for series.csv and chart.svg");
    sub.on_parsed([&ctx, a] { ctx.action = [&ctx, a] { return scenario_command(*a, ctx); }; });
}

} // namespace unbundle_cli
