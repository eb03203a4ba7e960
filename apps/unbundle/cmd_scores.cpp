// `unbundle scores FLOWS --exporter COL --importer COL --value COL [--gdp GDP.csv] [--year Y | --panel]
//  [--year-col COL] [--product COL] [--bloc A,B,C] [--theta T] [--distance COL] [--out DIR]`:
// integration scores of a trade network, one year or every year of a panel (scores/panel.hpp).
// `unbundle scores --mrio DIR [--years A:B]` (an extension): value-chain scores by economy of an
// MRIO table, or of DIR/YYYY for each year (scores/value_chain.hpp).

#include "commands.hpp"
#include "common.hpp"
#include "mrio_common.hpp"

#include <unbundle/core/trade_matrix.hpp>
#include <unbundle/core/trade_panel.hpp>
#include <unbundle/data/csv.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/data/svg_chart.hpp>
#include <unbundle/error.hpp>
#include <unbundle/scores/panel.hpp>
#include <unbundle/scores/value_chain.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace unbundle_cli {

struct scores_args {
    std::string flows, exporter = "exporter", importer = "importer", value = "trade", gdp;
    std::string year_col; ///< empty: a column named `year` or `Year`, if any
    std::string product;  ///< product column (product-level indices)
    std::string distance; ///< distance column (Harris market potential, with GDP)
    std::string bloc;     ///< comma-separated members
    std::string out;      ///< directory for chart.svg (--panel --bloc)
    double theta = 5.0;   ///< trade elasticity of Novy's τ
    int year = 0;
    bool has_year = false; ///< select `year` from a panel
    bool panel = false;    ///< every year in one call
    std::string mrio;      ///< MRIO table directory (value-chain scores), or with `years` a directory of YYYY tables
    std::string years;     ///< "A:B" with `mrio`
    bool has_exporter = false, has_importer = false, has_value = false; ///< flags given (required with FLOWS)
};

namespace {

/// Finite number or null (never NaN or infinity in the JSON).
json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::vector<std::string> split_codes(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
        const auto b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
        if (b == std::string::npos) throw unbundle::usage_error("--bloc: an empty member in '" + s + "'");
        out.push_back(item.substr(b, e - b + 1));
    }
    if (out.empty()) throw unbundle::usage_error("--bloc: no members");
    return out;
}

/// GDP from `economy,gdp[,year]`, in panel order: one vector, or one per year when the file has a
/// `year` column. Every economy needs one (key_error naming it).
void read_gdp(const scores_args& a, const unbundle::csv_options& opt, const unbundle::trade_panel& p,
              unbundle::panel_scores_options& po) {
    unbundle::csv_options go = opt;
    go.text_columns = {"economy"};
    const auto g = unbundle::read_csv(a.gdp, go);
    const auto& codes = g["economy"];
    const auto& vals = g["gdp"].values();
    const bool by_year = g.has("year");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::map<int, unbundle::vector_d> per;
    unbundle::vector_d one = unbundle::vector_d::Constant(p.economies().size(), nan);
    for (unbundle::index_t i = 0; i < g.rows(); ++i) {
        const auto k = p.economies().find(codes.text(i));
        if (!k) continue;
        const double v = vals[static_cast<std::size_t>(i)];
        if (by_year) {
            const int y = static_cast<int>(g["year"].values()[static_cast<std::size_t>(i)]);
            auto it = per.find(y);
            if (it == per.end()) it = per.emplace(y, unbundle::vector_d::Constant(p.economies().size(), nan)).first;
            it->second(*k) = v;
        } else {
            one(*k) = v;
        }
    }
    auto check = [&](const unbundle::vector_d& v, const std::string& where) {
        for (unbundle::index_t k = 0; k < v.size(); ++k)
            if (std::isnan(v(k)))
                throw unbundle::key_error(a.gdp + ": no GDP for economy '" + p.economies()[k] + "'" + where);
    };
    if (!by_year) {
        check(one, "");
        po.gdp = one;
        return;
    }
    const std::vector<int> years = p.has_year() ? p.years() : std::vector<int>{};
    for (const int y : years) {
        if (a.has_year && y != a.year) continue;
        const auto it = per.find(y);
        if (it == per.end()) throw unbundle::key_error(a.gdp + ": no GDP for year " + std::to_string(y));
        check(it->second, " in " + std::to_string(y));
    }
    po.gdp_by_year = std::move(per);
}

/// The contract's object for one year's scores (docs/cli.md).
json year_json(const unbundle::year_scores& y, bool with_year) {
    const auto& s = y.economies;
    const auto& net = s.network;
    const unbundle::index_t n = s.economies.size();
    json econ = json::array();
    for (unbundle::index_t i = 0; i < n; ++i) {
        json e{{"economy", s.economies[i]},
               {"exports", s.exports(i)},
               {"imports", s.imports(i)},
               {"export_hhi", s.export_hhi(i)},
               {"import_hhi", s.import_hhi(i)},
               {"eigenvector_centrality", s.eigenvector_centrality(i)},
               {"pagerank", s.pagerank(i)},
               {"hub", s.hub(i)},
               {"authority", s.authority(i)},
               {"out_degree", net.out_degree(i)},
               {"in_degree", net.in_degree(i)},
               {"knn", num(net.knn(i))},
               {"clustering_weighted", net.clustering_weighted(i)},
               {"clustering_directed", net.clustering_directed(i)},
               {"breadth", s.breadth(i)},
               {"composite", s.composite(i)},
               // extensions
               {"out_strength", net.out_strength(i)},
               {"in_strength", net.in_strength(i)},
               {"clustering_binary", net.clustering_binary(i)},
               {"export_hhi_normalised", s.export_hhi_normalised(i)},
               {"import_hhi_normalised", s.import_hhi_normalised(i)},
               {"partner_theil", s.partner_theil(i)}};
        // GDP-based fields are omitted without GDP (never NaN)
        if (s.openness) e["openness"] = (*s.openness)(i);
        if (s.depth) e["depth"] = (*s.depth)(i);
        if (s.market_potential) e["market_potential"] = (*s.market_potential)(i);
        if (y.products) {
            const auto& p = *y.products;
            e["product_hhi"] = p.product_hhi(i);
            e["product_hhi_normalised"] = p.product_hhi_normalised(i);
            e["product_theil"] = p.product_theil(i);
            e["grubel_lloyd_aggregate"] = p.grubel_lloyd_aggregate(i);
        }
        econ.push_back(std::move(e));
    }
    const auto& b = y.bilateral;
    json bil = json::array();
    for (unbundle::index_t i = 0; i < n; ++i)
        for (unbundle::index_t j = 0; j < n; ++j) {
            if (i == j) continue;
            json e{{"exporter", s.economies[i]}, {"importer", s.economies[j]}, {"intensity", b.intensity(i, j)}};
            // τ and φ need domestic sales (the diagonal): null without them; τ = +∞ (no two-way trade) is null
            e["novy_tau"] = b.has_domestic ? num(b.novy_tau(i, j)) : json(nullptr);
            e["head_ries_phi"] = b.has_domestic ? num(b.head_ries_phi(i, j)) : json(nullptr);
            bil.push_back(std::move(e));
        }
    json comp_w = json::object();
    for (std::size_t k = 0; k < s.composite_indicators.size(); ++k)
        comp_w[s.composite_indicators[k]] = s.composite_weights(static_cast<unbundle::index_t>(k));
    json j = json::object();
    if (with_year) j["year"] = y.year;
    j["economies"] = std::move(econ);
    j["network"] = {{"density", net.density}, {"reciprocity", net.reciprocity}, {"clustering", net.clustering}};
    j["bilateral"] = std::move(bil);
    j["theta"] = b.theta;
    if (!b.has_domestic)
        j["novy_tau_omitted"] = "no domestic sales (exporter = importer rows) for '" + b.missing_domestic + "'";
    j["composite"] = {{"weights", comp_w}, {"explained_variance_share", s.composite_explained}};
    j["solver"] = {{"eigenvector", solver_json(s.eigenvector_solver)},
                   {"pagerank", solver_json(s.pagerank_solver)},
                   {"hub", solver_json(s.hub_solver)},
                   {"authority", solver_json(s.authority_solver)}};
    if (y.products) {
        const auto& p = *y.products;
        json prods = json::array();
        for (unbundle::index_t i = 0; i < n; ++i)
            for (std::size_t k = 0; k < p.products.size(); ++k) {
                const auto kk = static_cast<unbundle::index_t>(k);
                prods.push_back({{"economy", s.economies[i]},
                                 {"product", p.products[k]},
                                 {"rca", p.rca(i, kk)},
                                 {"rsca", p.rsca(i, kk)},
                                 {"grubel_lloyd", p.grubel_lloyd(i, kk)}});
            }
        j["products"] = std::move(prods);
    }
    if (y.bloc)
        j["bloc"] = {{"members", y.bloc->members},        {"intra_share", y.bloc->intra_share},
                     {"intensity", y.bloc->intensity},    {"intra_trade", y.bloc->intra_trade},
                     {"exports", y.bloc->exports},        {"imports", y.bloc->imports},
                     {"world_trade", y.bloc->world_trade}};
    return j;
}

bool converged(const unbundle::year_scores& y) {
    const auto& s = y.economies;
    return s.eigenvector_solver.converged && s.pagerank_solver.converged && s.hub_solver.converged &&
           s.authority_solver.converged;
}

void print_year(const unbundle::year_scores& y, bool with_year) {
    const auto& s = y.economies;
    if (with_year) std::cout << "year " << y.year << "\n";
    std::cout << std::left << std::setw(10) << "economy" << std::right << std::setw(14) << "exports" << std::setw(14)
              << "imports" << std::setw(10) << "openness" << std::setw(9) << "exp.HHI" << std::setw(10) << "eigvec"
              << std::setw(10) << "pagerank" << std::setw(11) << "composite"
              << "\n";
    std::cout << std::fixed;
    for (unbundle::index_t i = 0; i < s.economies.size(); ++i)
        std::cout << std::left << std::setw(10) << s.economies[i] << std::right << std::setprecision(1) << std::setw(14)
                  << s.exports(i) << std::setw(14) << s.imports(i) << std::setprecision(3) << std::setw(10)
                  << (s.openness ? std::to_string((*s.openness)(i)).substr(0, 5) : std::string("-")) << std::setw(9)
                  << s.export_hhi(i) << std::setprecision(4) << std::setw(10) << s.eigenvector_centrality(i)
                  << std::setw(10) << s.pagerank(i) << std::setprecision(1) << std::setw(11) << s.composite(i) << "\n";
    std::cout << std::setprecision(4) << "network: density " << s.density << ", reciprocity " << s.reciprocity
              << ", clustering " << s.clustering << "\n";
    if (y.bloc)
        std::cout << "bloc (" << y.bloc->members.size() << " members): intra share " << y.bloc->intra_share
                  << ", intensity " << y.bloc->intensity << "\n";
}

/// chart.svg in `dir`: the bloc's intra share and intensity by year.
void write_bloc_chart(const std::vector<unbundle::year_scores>& ys, const std::string& dir) {
    unbundle::line_chart c;
    const auto& members = ys.front().bloc->members;
    std::string label;
    for (std::size_t k = 0; k < members.size(); ++k) label += (k ? "," : "") + members[k];
    c.title = "Bloc " + label + ": intra-bloc share of exports and intensity";
    c.x_label = "year";
    c.y_label = "share / index";
    unbundle::chart_series share{"intra share", {}, {}, ""};
    unbundle::chart_series inten{"intensity", {}, {}, ""};
    for (const auto& y : ys) {
        share.x.push_back(y.year);
        share.y.push_back(y.bloc->intra_share);
        inten.x.push_back(y.year);
        inten.y.push_back(y.bloc->intensity);
    }
    c.series = {share, inten};
    std::filesystem::create_directories(dir);
    unbundle::write_svg(c, (std::filesystem::path(dir) / "chart.svg").string());
}

/// `economies` of one table's value-chain scores (docs/cli.md, `--mrio`).
json value_chain_json(const unbundle::value_chain_scores<double>& s) {
    json econ = json::array();
    for (unbundle::index_t r = 0; r < s.economies.size(); ++r)
        econ.push_back({{"economy", s.economies[r]},
                        {"exports", s.exports(r)},
                        {"gvc_backward", s.gvc_backward(r)},
                        {"gvc_forward", s.gvc_forward(r)},
                        {"gvc_participation", s.gvc_participation(r)},
                        {"gvc_position", s.gvc_position(r)},
                        {"upstreamness", s.upstreamness(r)}});
    return econ;
}

void print_value_chain(const unbundle::value_chain_scores<double>& s) {
    std::cout << std::left << std::setw(8) << "economy" << std::right << std::setw(14) << "exports" << std::setw(9)
              << "back" << std::setw(9) << "fwd" << std::setw(9) << "GVC" << std::setw(9) << "position" << std::setw(8)
              << "U"
              << "\n"
              << std::fixed;
    for (unbundle::index_t r = 0; r < s.economies.size(); ++r)
        std::cout << std::left << std::setw(8) << s.economies[r] << std::right << std::setprecision(1) << std::setw(14)
                  << s.exports(r) << std::setprecision(4) << std::setw(9) << s.gvc_backward(r) << std::setw(9)
                  << s.gvc_forward(r) << std::setw(9) << s.gvc_participation(r) << std::setw(9) << s.gvc_position(r)
                  << std::setprecision(3) << std::setw(8) << s.upstreamness(r) << "\n";
}

/// `unbundle scores --mrio DIR [--years A:B]`: value-chain scores by economy, one table or one per
/// year in one call (value_chain_panel_of with a loader that reads DIR/YYYY).
int run_scores_mrio(const scores_args& a, const context& ctx) {
    if (!a.flows.empty() || a.panel || a.has_year || !a.gdp.empty() || !a.bloc.empty() || !a.product.empty() ||
        !a.distance.empty() || !a.out.empty() || a.has_exporter || a.has_importer || a.has_value)
        throw unbundle::usage_error(
            "--mrio scores an input-output table: FLOWS, --exporter, --importer, --value, --gdp, "
            "--year, --panel, --product, --bloc, --distance and --out apply to bilateral flows");
    stopwatch sw;
    double read_s = 0;
    unbundle::mrio_read_options opt;
    opt.csv = ctx.csv();
    std::vector<std::vector<std::string>> read_notes;
    std::vector<unbundle::value_chain_year<double>> panel;
    if (a.years.empty()) {
        read_notes.emplace_back();
        const auto t = unbundle::read_mrio(a.mrio, opt, &read_notes.back());
        read_s = sw.lap();
        panel.push_back({0, unbundle::value_chain_scores_of(t)});
    } else {
        const auto dirs = table_dirs(a.mrio, a.years); // every DIR/YYYY exists (file_error otherwise)
        std::vector<int> years;
        for (const auto& d : dirs) years.push_back(std::stoi(d.first));
        panel = unbundle::value_chain_panel_of(years, [&](int y) {
            stopwatch rs;
            progress("unbundle scores: " + std::to_string(y) + " ");
            read_notes.emplace_back();
            auto t = unbundle::read_mrio((std::filesystem::path(a.mrio) / std::to_string(y)).string(), opt,
                                         &read_notes.back());
            read_s += rs.lap();
            return t;
        });
        progress("\n");
    }
    const double compute_s = a.years.empty() ? sw.lap() : sw.lap() - read_s;
    auto notes_of = [&](std::size_t k) {
        std::vector<std::string> n = read_notes[k];
        n.insert(n.end(), panel[k].scores.notes.begin(), panel[k].scores.notes.end());
        return n;
    };
    json j;
    if (a.years.empty()) {
        j = json{{"economies", value_chain_json(panel.front().scores)}, {"notes", notes_of(0)}};
    } else {
        json ys = json::array();
        for (std::size_t k = 0; k < panel.size(); ++k)
            ys.push_back(
                {{"year", panel[k].year}, {"economies", value_chain_json(panel[k].scores)}, {"notes", notes_of(k)}});
        j = json{{"years", std::move(ys)}};
    }
    j["timing"] = timing(read_s, compute_s);
    if (ctx.json) {
        emit_json(j);
    } else {
        for (const auto& y : panel) {
            if (!a.years.empty()) std::cout << "year " << y.year << "\n";
            print_value_chain(y.scores);
        }
    }
    return exit_ok;
}

} // namespace

int run_scores(const scores_args& a, const context& ctx) {
    if (!a.mrio.empty()) return run_scores_mrio(a, ctx);
    if (!a.years.empty())
        throw unbundle::usage_error("--years A:B goes with --mrio DIR (for flows: --panel or --year Y)");
    if (a.flows.empty())
        throw unbundle::usage_error(
            "scores: FLOWS (bilateral flows) or --mrio DIR (an input-output table) is required");
    if (!a.has_exporter || !a.has_importer || !a.has_value)
        throw unbundle::usage_error(std::string("scores FLOWS: ") +
                                    (!a.has_exporter   ? "--exporter"
                                     : !a.has_importer ? "--importer"
                                                       : "--value") +
                                    " is required");
    stopwatch sw;
    if (!(a.theta > 0) || !std::isfinite(a.theta))
        throw unbundle::usage_error("--theta must be positive and finite, got " + std::to_string(a.theta));
    if (a.panel && a.has_year) throw unbundle::usage_error("--panel and --year exclude each other");
    if (!a.out.empty() && (!a.panel || a.bloc.empty()))
        throw unbundle::usage_error("--out writes the chart of a bloc over a panel: it needs --panel and --bloc");
    unbundle::csv_options opt = ctx.csv();
    opt.text_columns = {a.exporter, a.importer};
    if (!a.product.empty()) opt.text_columns.push_back(a.product);
    const unbundle::data_frame df = unbundle::read_csv(a.flows, opt);
    std::string ycol = a.year_col;
    if (ycol.empty())
        ycol = df.has("year") ? "year" : (df.has("Year") ? "Year" : "");
    else if (!df.has(ycol))
        throw unbundle::usage_error("--year-col: " + a.flows + " has no column '" + ycol + "'");
    if ((a.has_year || a.panel) && ycol.empty())
        throw unbundle::usage_error(std::string(a.panel ? "--panel" : "--year") + " given but " + a.flows +
                                    " has no 'year' column (name it with --year-col)");
    std::vector<std::string> covs;
    if (!a.distance.empty())
        covs.push_back(a.distance);
    else
        covs.push_back(a.value); // keep no other covariate (the value column is read anyway)
    const auto panel = unbundle::trade_panel::from_frame(
        df, unbundle::panel_columns{a.exporter, a.importer, a.value, ycol, a.product, covs});

    unbundle::panel_scores_options po;
    po.theta = a.theta;
    po.products = !a.product.empty();
    po.distance = a.distance;
    if (!a.bloc.empty()) {
        po.bloc = split_codes(a.bloc);
        // an unknown member is a data error naming it, before any year is scored
        for (const auto& m : po.bloc)
            if (!panel.economies().find(m))
                throw unbundle::key_error("bloc member '" + m + "' is not an economy of " + a.flows + " (" +
                                          std::to_string(panel.economies().size()) + " economies)");
    }
    if (!a.gdp.empty()) read_gdp(a, opt, panel, po);
    const double read_s = sw.lap();

    std::vector<unbundle::year_scores> ys;
    if (!a.panel && !a.has_year && panel.has_year() && panel.years().size() > 1)
        throw unbundle::usage_error(a.flows + " holds several years: choose one with --year, or all with --panel");
    try {
        if (a.panel) {
            ys = unbundle::panel_scores_of(panel, po);
        } else {
            std::optional<int> y;
            if (a.has_year)
                y = a.year;
            else if (panel.has_year() && panel.years().size() == 1)
                y = panel.years().front();
            ys.push_back(unbundle::year_scores_of(panel, y, po));
        }
    } catch (const unbundle::domain_error& e) {
        const std::string msg = e.what();
        if (a.product.empty() && msg.find("duplicate rows") != std::string::npos)
            throw unbundle::domain_error(msg + "; if " + a.flows +
                                         " has one row per product, name that column with --product COL");
        throw;
    }
    const double compute_s = sw.lap();

    json j;
    if (a.panel) {
        json years = json::array();
        for (const auto& y : ys) years.push_back(year_json(y, true));
        j = json{{"years", std::move(years)}};
        if (!po.bloc.empty() && ys.size() > 0)
            j["bloc_change"] = {{"members", po.bloc},
                                {"from", ys.front().year},
                                {"to", ys.back().year},
                                {"intra_share", ys.back().bloc->intra_share - ys.front().bloc->intra_share},
                                {"intensity", ys.back().bloc->intensity - ys.front().bloc->intensity}};
    } else {
        j = year_json(ys.front(), a.has_year || panel.has_year());
    }
    j["timing"] = timing(read_s, compute_s);
    if (!a.out.empty()) {
        write_bloc_chart(ys, a.out);
        j["chart"] = (std::filesystem::path(a.out) / "chart.svg").string();
    }

    for (const auto& y : ys)
        if (!converged(y)) {
            if (ctx.json) emit_json(j);
            const auto& s = y.economies;
            throw unbundle::convergence_error("scores: centrality did not converge" +
                                                  (y.year ? " in " + std::to_string(y.year) : std::string()),
                                              std::max({s.eigenvector_solver.iterations, s.pagerank_solver.iterations,
                                                        s.hub_solver.iterations, s.authority_solver.iterations}),
                                              std::max({s.eigenvector_solver.residual, s.pagerank_solver.residual,
                                                        s.hub_solver.residual, s.authority_solver.residual}));
        }
    if (ctx.json) {
        emit_json(j);
    } else {
        for (const auto& y : ys) print_year(y, a.panel);
        if (a.panel && !po.bloc.empty())
            std::cout << std::setprecision(4) << "bloc change " << ys.front().year << "-" << ys.back().year
                      << ": intra share " << j["bloc_change"]["intra_share"].get<double>() << ", intensity "
                      << j["bloc_change"]["intensity"].get<double>() << "\n";
    }
    return exit_ok;
}

void register_scores(command& program, context& ctx) {
    auto a = std::make_shared<scores_args>();
    auto sub = program.add_subcommand("scores", "Integration scores of a trade network");
    sub.add_option("FLOWS", a->flows, "Long bilateral flows (CSV); or none with --mrio");
    auto eopt = sub.add_option("--exporter", a->exporter, "Exporter column (required with FLOWS)");
    auto iopt = sub.add_option("--importer", a->importer, "Importer column (required with FLOWS)");
    auto vopt = sub.add_option("--value", a->value, "Flow column (required with FLOWS)");
    sub.add_option("--mrio", a->mrio, "Value-chain scores of an MRIO table directory (with --years: of DIR/YYYY)");
    sub.add_option("--years", a->years, "With --mrio: score DIR/YYYY for each year A..B in one call (A:B)");
    sub.add_option("--gdp", a->gdp, "CSV with columns economy,gdp[,year] (adds openness, depth)");
    auto yopt = sub.add_option("--year", a->year, "Select a year from a panel");
    sub.add_flag("--panel", a->panel, "Score every year of the panel in one call");
    sub.add_option("--year-col", a->year_col, "Year column (default: 'year' or 'Year' if present)");
    sub.add_option("--product", a->product, "Product column (adds RCA, Grubel-Lloyd, product HHI/Theil)");
    sub.add_option("--bloc", a->bloc, "Bloc members A,B,C (adds intra-bloc share and intensity)");
    sub.add_option("--theta", a->theta, "Trade elasticity of Novy's tau (default 5)");
    sub.add_option("--distance", a->distance, "Distance column (Harris market potential, with --gdp)");
    sub.add_option("--out", a->out, "Directory for chart.svg of the bloc over the panel (--panel --bloc)");
    sub.on_parsed([&ctx, a, yopt, eopt, iopt, vopt] {
        a->has_year = yopt.given();
        a->has_exporter = eopt.given();
        a->has_importer = iopt.given();
        a->has_value = vopt.given();
        ctx.action = [&ctx, a] { return run_scores(*a, ctx); };
    });
}

} // namespace unbundle_cli
