// `unbundle shock TABLE --demand FILE | --supply FILE | --lockdown FILE [--remote FILE]
// [--labour-share S] [--ge] [--attribution] [--influence]`: propagation of demand (Leontief) or
// supply (Ghosh) shocks through the input-output network, by region, lockdown scenarios
// (labour-supply shocks as supply shocks, or with `--ge` through the scenario engine with prices
// free, the linear result beside) and influence measures (docs/cli.md, docs/shocks.md).

#include "commands.hpp"
#include "common.hpp"

#include <unbundle/core/mrio.hpp>
#include <unbundle/data/csv.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/data/svg_chart.hpp>
#include <unbundle/error.hpp>
#include <unbundle/mrio/influence.hpp>
#include <unbundle/mrio/lockdown.hpp>
#include <unbundle/mrio/shock.hpp>
#include <unbundle/scenario/model.hpp>
#include <unbundle/scenario/shocks.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

namespace unbundle_cli {

struct shock_args {
    std::string table;    ///< MRIO table directory
    std::string demand;   ///< shock file of final demand (exactly one of demand, supply, lockdown)
    std::string supply;   ///< shock file of value added
    std::string lockdown; ///< lockdown file region,stringency
    std::string remote;   ///< remote-work file sector,remote_share (with lockdown; empty: defaults)
    double labour_share = unbundle::default_labour_share; ///< labour's share of value added (with lockdown)
    bool attribution = false;                             ///< split each region's change into own and transmitted parts
    bool influence = false;                               ///< add the influence measures
    bool ge = false;         ///< with lockdown: solve it in general equilibrium (scenario engine)
    std::string chart;       ///< SVG file of the GDP change by region (empty: none)
    std::string chart_title; ///< its title (empty: one naming the shock and the table)
};

namespace {

/// Reads a shock file (`region,sector,shock`, `*` as wildcard) and checks every line against the
/// table: errors name the file and line.
std::vector<unbundle::shock_entry> read_shock_file(const std::string& path, const unbundle::mrio<double>& t,
                                                   const unbundle::csv_options& csv) {
    const auto df = unbundle::read_csv(path, csv);
    for (const char* c : {"region", "sector", "shock"})
        if (!df.has(c))
            throw unbundle::key_error(path + ": no column '" + c + "' (a shock file has columns region,sector,shock)");
    const auto& region = df["region"];
    const auto& sector = df["sector"];
    const auto& value = df["shock"].values(); // parse_error naming the cell when it is text
    std::vector<unbundle::shock_entry> out;
    out.reserve(static_cast<std::size_t>(df.rows()));
    for (unbundle::index_t i = 0; i < df.rows(); ++i) {
        const std::string where = path + ":" + std::to_string(i + 2);
        unbundle::shock_entry e{region.text(i), sector.text(i), value[static_cast<std::size_t>(i)]};
        if (e.region.empty() || e.sector.empty())
            throw unbundle::domain_error(where + ": region and sector must not be empty");
        unbundle::check_shock_entry(t, e, where);
        out.push_back(std::move(e));
    }
    if (out.empty()) throw unbundle::domain_error(path + ": the shock file has no lines");
    return out;
}

/// Reads a lockdown file (`region,stringency`, `*` as wildcard; stringency in [0, 1]): errors
/// name the file and line.
std::vector<unbundle::stringency_entry> read_stringency_file(const std::string& path, const unbundle::mrio<double>& t,
                                                             const unbundle::csv_options& csv) {
    const auto df = unbundle::read_csv(path, csv);
    for (const char* c : {"region", "stringency"})
        if (!df.has(c))
            throw unbundle::key_error(path + ": no column '" + c + "' (a lockdown file has columns region,stringency)");
    const auto& region = df["region"];
    const auto& value = df["stringency"].values();
    std::vector<unbundle::stringency_entry> out;
    for (unbundle::index_t i = 0; i < df.rows(); ++i) {
        const std::string where = path + ":" + std::to_string(i + 2);
        unbundle::stringency_entry e{region.text(i), value[static_cast<std::size_t>(i)]};
        if (e.region.empty()) throw unbundle::domain_error(where + ": region must not be empty");
        unbundle::check_stringency_entry(t, e, where);
        out.push_back(std::move(e));
    }
    if (out.empty()) throw unbundle::domain_error(path + ": the lockdown file has no lines");
    return out;
}

/// Reads a remote-work file (`sector,remote_share`, `*` as wildcard; shares in [0, 1]).
std::vector<unbundle::remote_share_entry> read_remote_file(const std::string& path, const unbundle::mrio<double>& t,
                                                           const unbundle::csv_options& csv) {
    const auto df = unbundle::read_csv(path, csv);
    for (const char* c : {"sector", "remote_share"})
        if (!df.has(c))
            throw unbundle::key_error(path + ": no column '" + c +
                                      "' (a remote-work file has columns sector,remote_share)");
    const auto& sector = df["sector"];
    const auto& value = df["remote_share"].values();
    std::vector<unbundle::remote_share_entry> out;
    for (unbundle::index_t i = 0; i < df.rows(); ++i) {
        const std::string where = path + ":" + std::to_string(i + 2);
        unbundle::remote_share_entry e{sector.text(i), value[static_cast<std::size_t>(i)]};
        if (e.sector.empty()) throw unbundle::domain_error(where + ": sector must not be empty");
        unbundle::check_remote_share_entry(t, e, where);
        out.push_back(std::move(e));
    }
    if (out.empty()) throw unbundle::domain_error(path + ": the remote-work file has no lines");
    return out;
}

/// Adds the `--influence` keys: per region `world_gdp_per_own_gdp`, and `sectors`.
void add_influence_json(json& out, const unbundle::mrio<double>& t, const unbundle::influence_result<double>& inf) {
    auto& regions = out["regions"];
    for (unbundle::index_t g = 0; g < t.num_regions(); ++g)
        regions[static_cast<std::size_t>(g)]["world_gdp_per_own_gdp"] = inf.world_gdp_per_own_gdp(g);
    json sectors = json::array();
    for (unbundle::index_t g = 0; g < t.num_regions(); ++g)
        for (unbundle::index_t k = 0; k < t.num_sectors(); ++k) {
            const unbundle::index_t i = t.row(g, k);
            sectors.push_back(json{{"region", t.regions()[g]},
                                   {"sector", t.sectors()[k]},
                                   {"domar", inf.domar(i)},
                                   {"domar_leontief", inf.domar_leontief(i)},
                                   {"influence", inf.influence(i)},
                                   {"backward_linkage", inf.backward_linkage(i)},
                                   {"forward_linkage", inf.forward_linkage(i)},
                                   {"key_sector", inf.is_key(i)}});
        }
    out["sectors"] = std::move(sectors);
    out["key_sectors"] = static_cast<std::int64_t>(inf.key_sectors.size());
}

json shock_json(const unbundle::mrio<double>& t, const unbundle::shock_result<double>& r) {
    const unbundle::index_t G = t.num_regions();
    json regions = json::array();
    for (unbundle::index_t g = 0; g < G; ++g) {
        json e{{"region", t.regions()[g]},
               {"gdp_pct", r.gdp_pct(g)},
               {"output_pct", r.output_pct(g)},
               {"gdp_change", r.region_d_gdp(g)},
               {"output_change", r.region_d_output(g)}};
        if (r.has_attribution()) {
            e["domestic_pct"] = r.domestic_pct(g);
            e["transmitted_pct"] = r.transmitted_pct(g);
        }
        regions.push_back(std::move(e));
    }
    json out{{"model", unbundle::to_string(r.model)},
             {"output_convention", unbundle::to_string(r.convention)},
             {"regions", regions},
             {"world",
              {{"gdp_pct", r.world_gdp_pct()},
               {"output_pct", r.world_output_pct()},
               {"gdp_change", r.region_d_gdp.sum()},
               {"impulse", r.impulse.sum()},
               {"share_of_regions_declining", r.share_of_regions_declining()}}}};
    if (r.has_attribution()) {
        json sp = json::object();
        for (unbundle::index_t s = 0; s < G; ++s) {
            json row = json::object();
            for (unbundle::index_t g = 0; g < G; ++g) row[t.regions()[g]] = r.spillover(s, g);
            sp[t.regions()[s]] = std::move(row);
        }
        out["spillover"] = std::move(sp);
    }
    return out;
}

/// The `--ge` JSON: per region the general-equilibrium changes and the linear ones beside them.
json ge_json(const unbundle::ge_shock_result<double>& r) {
    json regions = json::array();
    for (std::size_t g = 0; g < r.regions.size(); ++g) {
        const auto i = static_cast<unbundle::index_t>(g);
        regions.push_back(json{{"region", r.regions[g]},
                               {"gdp_pct", r.gdp_pct(i)},
                               {"output_pct", r.output_pct(i)},
                               {"nominal_gdp_pct", r.nominal_gdp_pct(i)},
                               {"real_income_pct", r.real_income_pct(i)},
                               {"labour_supply_pct", 100.0 * (r.labour_hat(i) - 1.0)},
                               {"wage_hat", r.eq.wage_hat(i)},
                               {"linear_gdp_pct", r.linear_gdp_pct(i)},
                               {"linear_domestic_pct", r.linear.domestic_pct(i)},
                               {"linear_transmitted_pct", r.linear.transmitted_pct(i)}});
    }
    const auto& s = r.solver();
    return json{{"model", "ge"},
                {"output_convention", "balanced"},
                {"regions", regions},
                {"world",
                 {{"gdp_pct", r.world_gdp_pct},
                  {"linear_gdp_pct", r.linear_world_gdp_pct},
                  {"share_of_regions_declining", r.share_of_regions_declining()},
                  {"linear_share_of_regions_declining", r.linear_share_of_regions_declining()}}},
                {"solver", solver_json(s)}};
}

/// `--chart`: the GDP change by region, one row per region sorted by the change (the largest fall on
/// top; by the general-equilibrium change with --ge): the linear result as a bar, split into its
/// domestic and transmitted parts where attributed, and with --ge the general-equilibrium real GDP
/// change as a dot.
void write_shock_chart(const shock_args& a, const unbundle::mrio<double>& t, const unbundle::shock_result<double>& r,
                       const std::vector<double>& ge) {
    const auto G = static_cast<std::size_t>(t.num_regions());
    std::vector<std::size_t> order(G);
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto key = [&](std::size_t g) { return ge.empty() ? r.gdp_pct(static_cast<unbundle::index_t>(g)) : ge[g]; };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return key(x) < key(y); });
    unbundle::row_chart c;
    const std::string what = !a.lockdown.empty() ? "lockdown" : std::string(unbundle::to_string(r.model)) + " shock";
    c.title = !a.chart_title.empty()
                  ? a.chart_title
                  : "GDP change by region: " + what + (ge.empty() ? "" : ", linear and general equilibrium") + " (" +
                        a.table + ")";
    c.x_label = "GDP change, %";
    const std::string lin = r.model == unbundle::shock_model::demand ? "linear (Leontief)" : "linear (Ghosh)";
    unbundle::row_series own{"domestic: own shocks, " + lin, {}, "#3b6ea8", false};
    unbundle::row_series in{"transmitted from other regions, " + lin, {}, "#e08a2c", false};
    unbundle::row_series total{"GDP change, " + lin, {}, "#3b6ea8", false};
    unbundle::row_series eq{"general equilibrium: real GDP (prices free)", {}, "#b2182b", true};
    for (std::size_t g : order) {
        const auto i = static_cast<unbundle::index_t>(g);
        c.rows.push_back(t.regions()[i]);
        if (r.has_attribution()) {
            own.values.push_back(r.domestic_pct(i));
            in.values.push_back(r.transmitted_pct(i));
        } else {
            total.values.push_back(r.gdp_pct(i));
        }
        if (!ge.empty()) eq.values.push_back(ge[g]);
    }
    if (r.has_attribution()) {
        c.series.push_back(std::move(own));
        c.series.push_back(std::move(in));
    } else {
        c.series.push_back(std::move(total));
    }
    if (!ge.empty()) c.series.push_back(std::move(eq));
    unbundle::write_svg(c, a.chart);
}

void print_shock_ge(const json& j) {
    std::printf(
        "lockdown in general equilibrium (scenario engine, prices free): labour share %.3g, %s remote-work shares\n",
        j["lockdown"]["labour_share"].get<double>(), j["lockdown"]["remote_shares"].get<std::string>().c_str());
    std::printf("%-8s %10s %12s %12s %12s %10s\n", "region", "gdp_%", "nominal_%", "income_%", "labour_%", "linear_%");
    for (const auto& r : j["regions"])
        std::printf("%-8s %10.4f %12.4f %12.4f %12.4f %10.4f\n", r["region"].get<std::string>().c_str(),
                    r["gdp_pct"].get<double>(), r["nominal_gdp_pct"].get<double>(), r["real_income_pct"].get<double>(),
                    r["labour_supply_pct"].get<double>(), r["linear_gdp_pct"].get<double>());
    const auto& w = j["world"];
    std::printf("%-8s %10.4f %12s %12s %12s %10.4f\n", "world", w["gdp_pct"].get<double>(), "", "", "",
                w["linear_gdp_pct"].get<double>());
    std::printf("share of regions whose GDP falls: %.4f (linear %.4f)\n", w["share_of_regions_declining"].get<double>(),
                w["linear_share_of_regions_declining"].get<double>());
    const auto& s = j["solver"];
    std::printf("solver: %lld iterations, residual %.3g, %s\n",
                static_cast<long long>(s["iterations"].get<std::int64_t>()), s["residual"].get<double>(),
                s["converged"].get<bool>() ? "converged" : "NOT converged");
    if (j.contains("chart")) std::printf("chart: %s\n", j["chart"].get<std::string>().c_str());
}

void print_shock(const json& j) {
    if (j["model"].get<std::string>() == "ge") return print_shock_ge(j);
    const bool attr = j.contains("spillover");
    const bool infl = j.contains("sectors");
    std::printf("%s shock (%s output)", j["model"].get<std::string>().c_str(),
                j["output_convention"].get<std::string>().c_str());
    if (j.contains("lockdown"))
        std::printf(", lockdown: labour share %.3g, %s remote-work shares", j["lockdown"]["labour_share"].get<double>(),
                    j["lockdown"]["remote_shares"].get<std::string>().c_str());
    std::printf("\n%-8s %10s %10s", "region", "gdp_%", "output_%");
    if (attr) std::printf(" %10s %12s", "own_%", "transmit_%");
    if (infl) std::printf(" %12s", "world/own");
    std::printf("\n");
    for (const auto& r : j["regions"]) {
        std::printf("%-8s %10.4f %10.4f", r["region"].get<std::string>().c_str(), r["gdp_pct"].get<double>(),
                    r["output_pct"].get<double>());
        if (attr) std::printf(" %10.4f %12.4f", r["domestic_pct"].get<double>(), r["transmitted_pct"].get<double>());
        if (infl) {
            const auto& w = r["world_gdp_per_own_gdp"];
            if (w.is_number())
                std::printf(" %12.4f", w.get<double>());
            else
                std::printf(" %12s", "-");
        }
        std::printf("\n");
    }
    const auto& w = j["world"];
    std::printf("%-8s %10.4f %10.4f\n", "world", w["gdp_pct"].get<double>(), w["output_pct"].get<double>());
    std::printf("share of regions whose GDP falls: %.4f\n", w["share_of_regions_declining"].get<double>());
    if (j.contains("chart")) std::printf("chart: %s\n", j["chart"].get<std::string>().c_str());
    if (infl) {
        // the ten largest Domar weights
        std::vector<const json*> rows;
        for (const auto& s : j["sectors"]) rows.push_back(&s);
        const std::size_t top = std::min<std::size_t>(10, rows.size());
        std::partial_sort(
            rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(top), rows.end(),
            [](const json* a, const json* b) { return (*a)["domar"].get<double>() > (*b)["domar"].get<double>(); });
        std::printf("\nlargest Domar weights (%lld key sectors: backward and forward linkage above 1)\n",
                    static_cast<long long>(j["key_sectors"].get<std::int64_t>()));
        std::printf("%-8s %-8s %10s %10s %10s %10s\n", "region", "sector", "domar", "influence", "backward", "forward");
        for (std::size_t k = 0; k < top; ++k) {
            const json& s = *rows[k];
            std::printf("%-8s %-8s %10.4f %10.6f %10.4f %10.4f\n", s["region"].get<std::string>().c_str(),
                        s["sector"].get<std::string>().c_str(), s["domar"].get<double>(), s["influence"].get<double>(),
                        s["backward_linkage"].get<double>(), s["forward_linkage"].get<double>());
        }
    }
}

} // namespace

int run_shock(const shock_args& a, const context& ctx) {
    const int given = int(!a.demand.empty()) + int(!a.supply.empty()) + int(!a.lockdown.empty());
    if (given != 1)
        throw unbundle::usage_error("shock: give exactly one of --demand FILE, --supply FILE or --lockdown FILE");
    stopwatch sw;
    unbundle::mrio_read_options opt;
    opt.csv = ctx.csv();
    const auto t = unbundle::read_mrio(a.table, opt);
    const bool lock = !a.lockdown.empty();
    std::vector<unbundle::shock_entry> entries;
    std::vector<unbundle::stringency_entry> stringency;
    unbundle::lockdown_options lo;
    if (lock) {
        stringency = read_stringency_file(a.lockdown, t, ctx.csv());
        if (!a.remote.empty()) lo.remote = read_remote_file(a.remote, t, ctx.csv());
        lo.labour_share = a.labour_share;
        lo.attribution = true;
    } else {
        entries = read_shock_file(!a.demand.empty() ? a.demand : a.supply, t, ctx.csv());
    }
    const double read_s = sw.lap();
    // one factorisation for the shock and the influence measures; a table that is not productive
    // is bad input (exit 3) naming the region-sectors whose column sum of A is 1 or more
    const unbundle::leontief<double> L = unbundle::productive_leontief(t, {}, "shock: " + a.table);
    unbundle::shock_result<double> r;
    std::vector<double> ge_gdp_pct; // with --ge, for the chart
    json out;
    if (a.ge) {
        const unbundle::multisector_model<double> m(t);
        const auto g = unbundle::ge_lockdown(m, L, t, stringency, lo);
        if (!g.solver().converged)
            throw unbundle::convergence_error("shock: the general equilibrium did not converge: " + g.solver().message,
                                              g.solver().iterations, g.solver().residual);
        r = g.linear;
        out = ge_json(g);
        for (unbundle::index_t i = 0; i < g.gdp_pct.size(); ++i) ge_gdp_pct.push_back(g.gdp_pct(i));
    } else if (lock) {
        r = unbundle::lockdown(L, t, stringency, lo);
    } else {
        unbundle::shock_options so;
        so.model = !a.demand.empty() ? unbundle::shock_model::demand : unbundle::shock_model::supply;
        so.attribution = a.attribution;
        r = unbundle::propagate_shock(L, t, unbundle::shock_vector(t, entries), so);
    }
    if (!a.ge) out = shock_json(t, r);
    if (lock)
        out["lockdown"] = json{{"labour_share", lo.labour_share},
                               {"remote_shares", a.remote.empty() ? "default" : "file"},
                               {"stringency_entries", static_cast<std::int64_t>(stringency.size())}};
    if (a.influence) add_influence_json(out, t, unbundle::influence(L, t, {r.model}));
    if (!a.chart.empty()) {
        write_shock_chart(a, t, r, ge_gdp_pct);
        out["chart"] = a.chart;
    }
    out["timing"] = timing(read_s, sw.lap());
    return finish(ctx, out, print_shock);
}

void register_shock(command& program, context& ctx) {
    auto sub = program.add_subcommand(
        "shock", "Propagate demand (Leontief), supply (Ghosh) or lockdown shocks through an MRIO table");
    auto a = std::make_shared<shock_args>();
    sub.add_option("TABLE", a->table, "MRIO table directory").required();
    auto d =
        sub.add_option("--demand", a->demand, "Shock file region,sector,shock: proportional change of final demand");
    auto s =
        sub.add_option("--supply", a->supply, "Shock file region,sector,shock: proportional change of value added");
    auto l =
        sub.add_option("--lockdown", a->lockdown,
                       "Lockdown file region,stringency (0-1): labour-supply shock -(1 - remote share) x stringency x "
                       "labour share, propagated as a supply shock");
    auto rm = sub.add_option(
        "--remote", a->remote,
        "With --lockdown: file sector,remote_share (share of work doable from home; default: illustrative "
        "shares for WIOD 2013's sectors c1..c35, see docs/shocks.md)");
    auto ls = sub.add_option("--labour-share", a->labour_share,
                             "With --lockdown: labour's share of value added (default 0.6)");
    d.excludes(s);
    s.excludes(d);
    l.excludes(d);
    l.excludes(s);
    d.excludes(l);
    s.excludes(l);
    auto ge =
        sub.add_flag("--ge", a->ge,
                     "With --lockdown: solve it through the scenario engine (general equilibrium, prices and sourcing "
                     "free); the linear result beside it");
    rm.needs(l);
    ls.needs(l);
    ge.needs(l);
    sub.add_flag("--attribution", a->attribution,
                 "Split each region's change into own and transmitted parts (always on with --lockdown)");
    auto ch =
        sub.add_option("--chart", a->chart,
                       "Write an SVG chart of the GDP change by region (sorted; domestic and transmitted parts where "
                       "attributed; with --ge the general-equilibrium change as a dot)");
    sub.add_option("--chart-title", a->chart_title, "Title of the --chart SVG").needs(ch);
    sub.add_flag(
        "--influence", a->influence,
        "Add Domar weights, the influence vector, backward and forward linkages per region-sector and world GDP per "
        "own GDP per region");
    sub.on_parsed([&ctx, a] { ctx.action = [&ctx, a] { return run_shock(*a, ctx); }; });
}

} // namespace unbundle_cli
