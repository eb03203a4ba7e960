// `unbundle mrio TABLE [--years A:B]`: input-output accounts, value added in trade and GVC
// participation of each region (docs/cli.md; --years is an extension).

#include "commands.hpp"
#include "common.hpp"
#include "mrio_common.hpp"

#include <unbundle/core/mrio.hpp>
#include <unbundle/data/csv.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/mrio/accounts.hpp>
#include <unbundle/mrio/value_added.hpp>
#include <unbundle/mrio/value_chain.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace unbundle_cli {

struct mrio_args {
    std::string table; ///< table directory, or with `years` a directory of YYYY table directories
    std::string years; ///< "A:B", or empty for TABLE itself
};

namespace {

/// Accounts of one table as the JSON object of the contract (without timing).
json mrio_table_json(const unbundle::mrio<double>& t, const std::vector<std::string>& read_notes) {
    unbundle::value_chain<double> vc(t); // balanced x for trade in value added
    // the table's own x (published where given), solved with GMRES on the balanced factorisation
    // (an LU of its own when that does not converge)
    const auto acc = unbundle::accounts(t, vc.leontief_factor());
    unbundle::value_added_options vo;
    vo.sector_forward = false; // only the region totals are printed
    const auto va = unbundle::value_added_in_trade(vc, vo);
    const unbundle::index_t G = t.num_regions(), N = t.num_sectors();
    json regions = json::array();
    double wx = 0, wva = 0, we = 0;
    for (unbundle::index_t r = 0; r < G; ++r) {
        const auto seg = [&](const unbundle::vector_d& v) { return v.segment(r * N, N); };
        const double output = seg(acc.x).sum();
        const double up = output > 0 ? seg(acc.x).dot(seg(acc.upstreamness)) / output : 0.0;
        const double imports = vc.E_sr().col(r).sum();
        regions.push_back({{"region", t.regions()[r]},
                           {"output", output},
                           {"value_added", seg(acc.va).sum()},
                           {"final_demand", vc.Y().col(r).sum()},
                           {"exports", va.exports(r)},
                           {"imports", imports},
                           {"vax_ratio", va.vax_ratio(r)},
                           {"gvc_backward", va.gvc_backward(r)},
                           {"gvc_forward", va.gvc_forward(r)},
                           {"gvc_participation", va.gvc_participation(r)},
                           {"gvc_position", va.gvc_position(r)},
                           {"upstreamness", up}});
        wx += output;
        wva += seg(acc.va).sum();
        we += va.exports(r);
    }
    const double E = va.exports.sum();
    const double back = E != 0 ? va.vertical_specialisation.sum() / E : 0.0;
    const double fwd = E != 0 ? va.reexported_dva.sum() / E : 0.0;
    json world{{"output", wx},
               {"value_added", wva},
               {"exports", we},
               {"vax_ratio", E != 0 ? va.vax_exports.sum() / E : 0.0},
               {"gvc_backward", back},
               {"gvc_forward", fwd},
               {"gvc_participation", back + fwd},
               {"upstreamness", wx > 0 ? acc.x.dot(acc.upstreamness) / wx : 0.0}};
    std::vector<std::string> notes = read_notes;
    for (const auto& s : acc.notes) notes.push_back(s);
    for (const auto& s : vc.notes()) notes.push_back(s);
    return json{
        {"n", t.n()},
        {"regions", regions},
        {"world", world},
        {"output_convention", {{"accounts", unbundle::to_string(t.convention())}, {"value_added_trade", "balanced"}}},
        {"productivity",
         {{"productive", acc.productivity.productive},
          {"max_column_sum", acc.productivity.max_column_sum},
          {"rcond", acc.productivity.rcond}}},
        {"notes", notes}};
}

void print_mrio_table(const json& j) {
    std::printf("%-8s %14s %14s %12s %12s %7s %7s %7s %7s %6s\n", "region", "output", "value_added", "exports",
                "imports", "VAXr", "back", "fwd", "GVC", "U");
    for (const auto& r : j["regions"])
        std::printf("%-8s %14.1f %14.1f %12.1f %12.1f %7.4f %7.4f %7.4f %7.4f %6.3f\n",
                    r["region"].get<std::string>().c_str(), r["output"].get<double>(), r["value_added"].get<double>(),
                    r["exports"].get<double>(), r["imports"].get<double>(), r["vax_ratio"].get<double>(),
                    r["gvc_backward"].get<double>(), r["gvc_forward"].get<double>(),
                    r["gvc_participation"].get<double>(), r["upstreamness"].get<double>());
    const auto& w = j["world"];
    std::printf("%-8s %14.1f %14.1f %12.1f %12s %7.4f %7.4f %7.4f %7.4f %6.3f\n", "world", w["output"].get<double>(),
                w["value_added"].get<double>(), w["exports"].get<double>(), "", w["vax_ratio"].get<double>(),
                w["gvc_backward"].get<double>(), w["gvc_forward"].get<double>(), w["gvc_participation"].get<double>(),
                w["upstreamness"].get<double>());
    for (const auto& n : j["notes"]) std::printf("note: %s\n", n.get<std::string>().c_str());
}

} // namespace

int run_mrio(const mrio_args& a, const context& ctx) {
    stopwatch sw;
    double read_s = 0, compute_s = 0;
    unbundle::mrio_read_options opt;
    opt.csv = ctx.csv();
    const auto dirs = table_dirs(a.table, a.years);
    json panel = json::array();
    json single;
    for (const auto& [label, dir] : dirs) {
        if (!label.empty()) progress("unbundle mrio: " + label + " ");
        std::vector<std::string> notes;
        const auto t = unbundle::read_mrio(dir, opt, &notes);
        read_s += sw.lap();
        json j = mrio_table_json(t, notes);
        compute_s += sw.lap();
        if (label.empty()) {
            single = std::move(j);
        } else {
            j["year"] = std::stoi(label);
            panel.push_back(std::move(j));
        }
    }
    if (!a.years.empty()) progress("\n");
    json out;
    if (a.years.empty()) {
        out = std::move(single);
    } else {
        json series = json::array();
        for (const auto& y : panel)
            series.push_back({{"year", y["year"]},
                              {"exports", y["world"]["exports"]},
                              {"vax_ratio", y["world"]["vax_ratio"]},
                              {"gvc_backward", y["world"]["gvc_backward"]},
                              {"gvc_forward", y["world"]["gvc_forward"]},
                              {"gvc_participation", y["world"]["gvc_participation"]}});
        out = json{{"years", panel}, {"world_series", series}};
    }
    out["timing"] = timing(read_s, compute_s);
    if (ctx.json) {
        emit_json(out);
    } else if (a.years.empty()) {
        print_mrio_table(out);
    } else {
        std::printf("%-6s %14s %7s %7s %7s %7s\n", "year", "exports", "VAXr", "back", "fwd", "GVC");
        for (const auto& s : out["world_series"])
            std::printf("%-6d %14.1f %7.4f %7.4f %7.4f %7.4f\n", s["year"].get<int>(), s["exports"].get<double>(),
                        s["vax_ratio"].get<double>(), s["gvc_backward"].get<double>(), s["gvc_forward"].get<double>(),
                        s["gvc_participation"].get<double>());
    }
    return exit_ok;
}

void register_mrio(command& program, context& ctx) {
    auto sub =
        program.add_subcommand("mrio", "Input-output accounts, value added in trade and GVC participation by region");
    auto a = std::make_shared<mrio_args>();
    sub.add_option("TABLE", a->table, "MRIO table directory (with --years: a directory of YYYY table directories)")
        .required();
    sub.add_option("--years", a->years, "Run TABLE/YYYY for each year A..B into one panel (A:B)");
    sub.on_parsed([&ctx, a] { ctx.action = [&ctx, a] { return run_mrio(*a, ctx); }; });
}

} // namespace unbundle_cli
