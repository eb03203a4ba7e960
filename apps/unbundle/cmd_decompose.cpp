// `unbundle decompose TABLE --method kww|wwz|bm|bm_sink [--by country|sector] [--pairs] [--bilateral]`:
// decompositions of gross exports into value-added terms (docs/cli.md; --years and --bilateral
// are extensions).

#include "commands.hpp"
#include "common.hpp"
#include "mrio_common.hpp"

#include <unbundle/core/mrio.hpp>
#include <unbundle/data/csv.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/error.hpp>
#include <unbundle/mrio/decompose.hpp>
#include <unbundle/mrio/value_chain.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace unbundle_cli {

struct decompose_args {
    std::string table, method, by = "country", years;
    bool pairs = false, bilateral = false;
};

namespace {

unbundle::decomposition_method parse_method(const std::string& m) {
    if (m == "kww") return unbundle::decomposition_method::kww;
    if (m == "wwz") return unbundle::decomposition_method::wwz;
    if (m == "bm" || m == "bm_source" || m == "bm_src") return unbundle::decomposition_method::bm_source;
    if (m == "bm_sink" || m == "bm_snk") return unbundle::decomposition_method::bm_sink;
    throw unbundle::usage_error("--method must be kww, wwz, bm or bm_sink, got '" + m + "'");
}

bool is_bm(unbundle::decomposition_method m) {
    return m == unbundle::decomposition_method::bm_source || m == unbundle::decomposition_method::bm_sink;
}

json decompose_table_json(const unbundle::mrio<double>& t, unbundle::decomposition_method m, bool by_sector, bool pairs,
                          bool bilateral = false) {
    if (bilateral && !is_bm(m))
        throw unbundle::usage_error("decompose: --bilateral is the Borin-Mancini bilateral perspective; use it with "
                                    "--method bm or bm_sink");
    if (m == unbundle::decomposition_method::kww && (by_sector || pairs))
        throw unbundle::usage_error("decompose: kww is defined by exporting country only (decompr's kww()); use "
                                    "--method wwz for sector and bilateral detail");
    const auto persp = bilateral ? unbundle::bm_perspective::bilateral : unbundle::bm_perspective::exporter;
    unbundle::value_chain_options o;
    o.explicit_inverse = m != unbundle::decomposition_method::kww;
    unbundle::value_chain<double> vc(t, o);
    const auto d = unbundle::decompose(vc, m, persp).aggregate(by_sector, pairs);
    const unbundle::index_t N = t.num_sectors();
    json rows = json::array();
    for (unbundle::index_t i = 0; i < d.gross_exports.rows(); ++i) {
        const unbundle::index_t s = by_sector ? i / N : i;
        for (unbundle::index_t c = 0; c < d.gross_exports.cols(); ++c) {
            if (pairs && c == s) continue;
            json row{{"exporter", t.regions()[s]}};
            if (by_sector) row["sector"] = t.sectors()[i % N];
            if (pairs) row["importer"] = t.regions()[c];
            row["gross_exports"] = d.gross_exports(i, c);
            json terms = json::object();
            for (std::size_t k = 0; k < d.term_names.size(); ++k) terms[d.term_names[k]] = d.terms[k](i, c);
            row["terms"] = terms;
            if (!d.aggregate_names.empty()) {
                json ag = json::object();
                for (std::size_t k = 0; k < d.aggregate_names.size(); ++k)
                    ag[d.aggregate_names[k]] = d.aggregates[k](i, c);
                row["aggregates"] = ag;
            }
            rows.push_back(std::move(row));
        }
    }
    json out{{"method", unbundle::to_string(m)},
             {"output_convention", "balanced"},
             {"n", t.n()},
             {"term_names", d.term_names},
             {"max_adding_up_error", d.max_adding_up_error()},
             {"notes", vc.notes()},
             {"rows", rows}};
    if (is_bm(m)) out["perspective"] = unbundle::to_string(persp);
    return out;
}

void print_decomposition(const json& j) {
    const auto& names = j["term_names"];
    std::printf("%-8s", "exporter");
    const bool sec = !j["rows"].empty() && j["rows"][0].contains("sector");
    const bool imp = !j["rows"].empty() && j["rows"][0].contains("importer");
    if (sec) std::printf(" %-8s", "sector");
    if (imp) std::printf(" %-8s", "importer");
    std::printf(" %12s", "gross");
    for (const auto& n : names) std::printf(" %12s", n.get<std::string>().c_str());
    std::printf("\n");
    for (const auto& r : j["rows"]) {
        std::printf("%-8s", r["exporter"].get<std::string>().c_str());
        if (sec) std::printf(" %-8s", r["sector"].get<std::string>().c_str());
        if (imp) std::printf(" %-8s", r["importer"].get<std::string>().c_str());
        std::printf(" %12.4f", r["gross_exports"].get<double>());
        for (const auto& n : names) std::printf(" %12.4f", r["terms"][n.get<std::string>()].get<double>());
        std::printf("\n");
    }
}

} // namespace

int run_decompose(const decompose_args& a, const context& ctx) {
    const auto m = parse_method(a.method);
    if (a.by != "country" && a.by != "sector")
        throw unbundle::usage_error("--by must be country or sector, got '" + a.by + "'");
    const bool by_sector = a.by == "sector";
    stopwatch sw;
    double read_s = 0, compute_s = 0;
    unbundle::mrio_read_options opt;
    opt.csv = ctx.csv();
    json out, panel = json::array();
    for (const auto& [label, dir] : table_dirs(a.table, a.years)) {
        if (!label.empty()) progress("unbundle decompose: " + label + " ");
        const auto t = unbundle::read_mrio(dir, opt);
        read_s += sw.lap();
        json j = decompose_table_json(t, m, by_sector, a.pairs || a.bilateral, a.bilateral);
        compute_s += sw.lap();
        if (label.empty())
            out = std::move(j);
        else {
            j["year"] = std::stoi(label);
            panel.push_back(std::move(j));
        }
    }
    if (!a.years.empty()) {
        progress("\n");
        out = json{{"method", unbundle::to_string(m)}, {"output_convention", "balanced"}, {"years", panel}};
    }
    out["timing"] = timing(read_s, compute_s);
    if (ctx.json)
        emit_json(out);
    else if (a.years.empty())
        print_decomposition(out);
    else
        for (const auto& y : out["years"]) {
            std::printf("year %d\n", y["year"].get<int>());
            print_decomposition(y);
        }
    return exit_ok;
}

void register_decompose(command& program, context& ctx) {
    auto sub =
        program.add_subcommand("decompose", "Decompose gross exports into value-added terms (KWW, WWZ, Borin-Mancini)");
    auto a = std::make_shared<decompose_args>();
    sub.add_option("TABLE", a->table, "MRIO table directory (with --years: a directory of YYYY table directories)")
        .required();
    sub.add_option("--method", a->method, "kww | wwz | bm | bm_sink").required();
    sub.add_option("--by", a->by, "country (default) | sector: rows per exporting economy or region-sector");
    sub.add_flag("--pairs", a->pairs, "Split each row by importing economy");
    sub.add_flag("--bilateral", a->bilateral,
                 "bm/bm_sink: bilateral perspective (double counting = crossing the exporter-importer link more "
                 "than once); implies --pairs");
    sub.add_option("--years", a->years, "Run TABLE/YYYY for each year A..B (A:B)");
    sub.on_parsed([&ctx, a] { ctx.action = [&ctx, a] { return run_decompose(*a, ctx); }; });
}

} // namespace unbundle_cli
