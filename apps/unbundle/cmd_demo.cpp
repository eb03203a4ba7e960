// `unbundle demo`: the main job — Baldwin's three unbundlings on the built-in demo world (goods
// from 1820, ideas from 1990, people from the 2020s), one table per era; with --out DIR the series
// as CSV and an SVG chart with the eras shaded.

#include "commands.hpp"
#include "common.hpp"
#include "scenario_common.hpp"

#include <cstdio>
#include <memory>
#include <string>

namespace unbundle_cli {

/// Options of `unbundle demo`.
struct demo_args {
    std::string out;
    int step = 5; ///< years between equilibria
};

namespace {

const char* era_story(unbundle::cost_component c) {
    switch (c) {
    case unbundle::cost_component::goods:
        return "steam, rail and containers cut the cost of moving goods";
    case unbundle::cost_component::ideas:
        return "ICT cuts the cost of moving ideas: production unbundles into value chains";
    default:
        return "telepresence and telerobotics cut the cost of moving people: services trade";
    }
}

} // namespace

/// The action of `unbundle demo`.
int demo_command(const demo_args& a, const context& ctx) {
    stopwatch sw;
    if (a.step < 1) throw unbundle::usage_error("--step must be at least 1");
    const auto eras = unbundle::baldwin_eras();
    unbundle::scenario<double> s;
    s.world = unbundle::make_scenario_demo_world();
    s.paths = unbundle::baldwin_paths();
    s.first_year = eras.front().from;
    s.last_year = eras.back().to;
    s.step = a.step;
    s.threads = ctx.thread_count();
    for (const auto& e : eras)
        if ((e.from - s.first_year) % s.step != 0 || (e.to - s.first_year) % s.step != 0)
            throw unbundle::usage_error(
                "--step must divide the eras' boundaries (1820, 1990, 2020, 2040): try 5 or 10");
    const auto r = unbundle::run_scenario(s);
    std::vector<unbundle::chart_band> bands;
    for (const auto& e : eras) bands.push_back({static_cast<double>(e.from), static_cast<double>(e.to), e.name, ""});
    if (!a.out.empty()) write_outputs(r, a.out, "The three unbundlings on the demo world (Baldwin's eras)", bands);
    json j = scenario_json(s.world, r);
    json je = json::array();
    for (const auto& e : eras) {
        json change = json::object(), levels = json::object();
        for (const char* k : unbundle::scenario_indicator_names) {
            change[k] = r.at(e.to).indicators.value(k) - r.at(e.from).indicators.value(k);
            levels[k] = cost_components_json(r.attribution(k, e.from, e.to));
        }
        const auto w = r.attribution("welfare_index", e.from, e.to);
        const double tot = w[0] + w[1] + w[2];
        je.push_back({{"name", e.name},
                      {"from", e.from},
                      {"to", e.to},
                      {"driver", unbundle::to_string(e.driver)},
                      {"change", change},
                      {"attribution", tot == 0 ? cost_components_json({0, 0, 0})
                                               : cost_components_json({w[0] / tot, w[1] / tot, w[2] / tot})},
                      {"attribution_levels", levels}});
    }
    j["eras"] = je;
    if (!a.out.empty()) j["out"] = {{"series", a.out + "/series.csv"}, {"chart", a.out + "/chart.svg"}};
    j["timing"] = timing(0.0, sw.lap());
    return finish(ctx, j, [&](const json&) {
        std::printf(
            "The three unbundlings (Baldwin) on the built-in demo world: %lld economies (6 North, 10 South) x %lld "
            "sectors,\none general equilibrium every %d years from %d to %d, each split by Shapley attribution "
            "into the\ncontributions of the falls in goods, ideas and people costs (%d equilibria).\n",
            static_cast<long long>(s.world.num_economies()), static_cast<long long>(s.world.num_sectors()), s.step,
            s.first_year, s.last_year, r.solves);
        for (const auto& e : eras) {
            const auto& f0 = r.at(e.from).factors;
            const auto& f1 = r.at(e.to).factors;
            std::printf("\n== %s, %d-%d: %s\n", e.name.c_str(), e.from, e.to, era_story(e.driver));
            std::printf("   costs relative to 1820: goods %.2f -> %.2f, ideas %.2f -> %.2f, people %.2f -> %.2f\n",
                        f0[0], f1[0], f0[1], f1[1], f0[2], f1[2]);
            print_change_table(r, e.from, e.to);
            const auto w = r.attribution("welfare_index", e.from, e.to);
            const double tot = w[0] + w[1] + w[2];
            if (tot != 0)
                std::printf("   world welfare %+.2f%%: goods %.0f%%, ideas %.0f%%, people %.0f%% of the gain\n",
                            100 * (r.at(e.to).indicators.welfare_index / r.at(e.from).indicators.welfare_index - 1),
                            100 * w[0] / tot, 100 * w[1] / tot, 100 * w[2] / tot);
        }
        for (const auto& n : r.notes) std::printf("note: %s\n", n.c_str());
        if (!a.out.empty())
            std::printf("\nseries: %s/series.csv\nchart:  %s/chart.svg\n", a.out.c_str(), a.out.c_str());
    });
}

void register_demo(command& program, context& ctx) {
    auto sub = program.add_subcommand(
        "demo", "The main job: Baldwin's three unbundlings (goods 1820-, ideas 1990-, people 2020-) "
                "on the built-in demo world");
    auto a = std::make_shared<demo_args>();
    sub.add_option("--out", a->out, "Directory for series.csv and chart.svg");
    sub.add_option("--step", a->step, "Years between equilibria (default 5; must divide the era boundaries)");
    sub.on_parsed([&ctx, a] { ctx.action = [&ctx, a] { return demo_command(*a, ctx); }; });
}

} // namespace unbundle_cli
