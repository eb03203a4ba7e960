// `unbundle shock TABLE --demand FILE | --supply FILE [--attribution]`: propagation of demand
// (Leontief) or supply (Ghosh) shocks through the input-output network, by region (docs/cli.md).

#include "commands.hpp"
#include "common.hpp"

#include <unbundle/error.hpp>
#include <unbundle/core/mrio.hpp>
#include <unbundle/data/csv.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/mrio/shock.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace unbundle_cli {

struct shock_args {
    std::string table;        ///< MRIO table directory
    std::string demand;       ///< shock file of final demand (exactly one of demand, supply)
    std::string supply;       ///< shock file of value added
    bool attribution = false; ///< split each region's change into own and transmitted parts
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

void print_shock(const json& j) {
    const bool attr = j.contains("spillover");
    std::printf("%s shock (%s output)\n", j["model"].get<std::string>().c_str(),
                j["output_convention"].get<std::string>().c_str());
    std::printf("%-8s %10s %10s", "region", "gdp_%", "output_%");
    if (attr) std::printf(" %10s %12s", "own_%", "transmit_%");
    std::printf("\n");
    for (const auto& r : j["regions"]) {
        std::printf("%-8s %10.4f %10.4f", r["region"].get<std::string>().c_str(), r["gdp_pct"].get<double>(),
                    r["output_pct"].get<double>());
        if (attr) std::printf(" %10.4f %12.4f", r["domestic_pct"].get<double>(), r["transmitted_pct"].get<double>());
        std::printf("\n");
    }
    const auto& w = j["world"];
    std::printf("%-8s %10.4f %10.4f\n", "world", w["gdp_pct"].get<double>(), w["output_pct"].get<double>());
    std::printf("share of regions whose GDP falls: %.4f\n", w["share_of_regions_declining"].get<double>());
}

} // namespace

int run_shock(const shock_args& a, const context& ctx) {
    if (a.demand.empty() == a.supply.empty())
        throw unbundle::usage_error("shock: give exactly one of --demand FILE or --supply FILE");
    stopwatch sw;
    unbundle::mrio_read_options opt;
    opt.csv = ctx.csv();
    const auto t = unbundle::read_mrio(a.table, opt);
    const bool demand = !a.demand.empty();
    const auto entries = read_shock_file(demand ? a.demand : a.supply, t, ctx.csv());
    const double read_s = sw.lap();
    unbundle::shock_options so;
    so.model = demand ? unbundle::shock_model::demand : unbundle::shock_model::supply;
    so.attribution = a.attribution;
    const auto r = unbundle::propagate_shock(t, entries, so);
    json out = shock_json(t, r);
    out["timing"] = timing(read_s, sw.lap());
    return finish(ctx, out, print_shock);
}

void register_shock(CLI::App& app, context& ctx) {
    auto* sub = app.add_subcommand("shock", "Propagate demand (Leontief) or supply (Ghosh) shocks through an MRIO table");
    auto a = std::make_shared<shock_args>();
    sub->add_option("TABLE", a->table, "MRIO table directory")->required();
    auto* d = sub->add_option("--demand", a->demand, "Shock file region,sector,shock: proportional change of final demand");
    auto* s = sub->add_option("--supply", a->supply, "Shock file region,sector,shock: proportional change of value added");
    d->excludes(s);
    s->excludes(d);
    sub->add_flag("--attribution", a->attribution, "Split each region's change into own and transmitted parts");
    sub->callback([&ctx, a] { ctx.action = [&ctx, a] { return run_shock(*a, ctx); }; });
}

} // namespace unbundle_cli
