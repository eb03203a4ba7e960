// `unbundle scores FLOWS --exporter COL --importer COL --value COL [--gdp GDP.csv] [--year Y]`:
// integration scores of a trade network (scores/network.hpp).

#include "commands.hpp"
#include "common.hpp"

#include <unbundle/error.hpp>
#include <unbundle/core/trade_matrix.hpp>
#include <unbundle/core/trade_panel.hpp>
#include <unbundle/data/csv.hpp>
#include <unbundle/scores/network.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>

namespace unbundle_cli {

struct scores_args {
    std::string flows, exporter = "exporter", importer = "importer", value = "trade", gdp;
    int year = 0;
    bool has_year = false; ///< select `year` from a panel
};

int run_scores(const scores_args& a, const context& ctx) {
    stopwatch sw;
    unbundle::csv_options opt = ctx.csv();
    const unbundle::data_frame df = unbundle::read_csv(a.flows, opt);
    const std::string ycol = df.has("year") ? "year" : (df.has("Year") ? "Year" : "");
    if (a.has_year && ycol.empty())
        throw unbundle::usage_error("--year given but " + a.flows + " has no 'year' column");
    const auto panel = unbundle::trade_panel::from_frame(df, {a.exporter, a.importer, a.value, ycol});
    const unbundle::trade_matrix<double> m =
        a.has_year ? panel.to_matrix(a.year)
                   : (panel.years().size() > 1
                          ? throw unbundle::usage_error(a.flows + " holds several years: choose one with --year")
                          : panel.to_matrix());
    std::optional<unbundle::vector_d> gdp;
    if (!a.gdp.empty()) {
        unbundle::csv_options go = opt;
        go.text_columns = {"economy"};
        const auto g = unbundle::read_csv(a.gdp, go);
        const auto& codes = g["economy"];
        const auto& vals = g["gdp"].values();
        unbundle::vector_d v = unbundle::vector_d::Constant(m.size(), std::numeric_limits<double>::quiet_NaN());
        for (unbundle::index_t i = 0; i < g.rows(); ++i)
            if (const auto k = m.economies().find(codes.text(i))) v(*k) = vals[static_cast<std::size_t>(i)];
        for (unbundle::index_t k = 0; k < m.size(); ++k)
            if (std::isnan(v(k)))
                throw unbundle::key_error(a.gdp + ": no GDP for economy '" + m.economies()[k] + "'");
        gdp = v;
    }
    const double read_s = sw.lap();
    const auto s = unbundle::integration_scores_of(m, gdp);
    const double compute_s = sw.lap();
    json econ = json::array();
    for (unbundle::index_t i = 0; i < m.size(); ++i) {
        json e{{"economy", m.economies()[i]},
               {"exports", s.exports(i)},
               {"imports", s.imports(i)},
               {"export_hhi", s.export_hhi(i)},
               {"import_hhi", s.import_hhi(i)},
               {"eigenvector_centrality", s.eigenvector_centrality(i)},
               {"pagerank", s.pagerank(i)},
               {"hub", s.hub(i)},
               {"authority", s.authority(i)},
               {"out_degree", s.network.out_degree(i)},
               {"in_degree", s.network.in_degree(i)},
               {"knn", s.network.knn(i)},
               {"clustering_weighted", s.network.clustering_weighted(i)},
               {"clustering_directed", s.network.clustering_directed(i)},
               {"breadth", s.breadth(i)},
               {"composite", s.composite(i)}};
        // GDP-based fields are omitted without GDP (never NaN)
        if (s.openness) e["openness"] = (*s.openness)(i);
        if (s.depth) e["depth"] = (*s.depth)(i);
        econ.push_back(std::move(e));
    }
    json loadings = json::object();
    for (std::size_t k = 0; k < s.composite_indicators.size(); ++k)
        loadings[s.composite_indicators[k]] = s.composite_weights(static_cast<unbundle::index_t>(k));
    json j{{"economies", econ},
           {"network", {{"density", s.density}, {"reciprocity", s.reciprocity}, {"clustering", s.clustering}}},
           {"composite", {{"weights", loadings}, {"explained_variance_share", s.composite_explained}}},
           {"solver",
            {{"eigenvector", {{"iterations", s.eigenvector_solver.iterations}, {"residual", s.eigenvector_solver.residual}, {"converged", s.eigenvector_solver.converged}}},
             {"pagerank", {{"iterations", s.pagerank_solver.iterations}, {"residual", s.pagerank_solver.residual}, {"converged", s.pagerank_solver.converged}}}}},
           {"timing", timing(read_s, compute_s)}};
    if (!s.eigenvector_solver.converged || !s.pagerank_solver.converged) {
        if (ctx.json) emit_json(j);
        throw unbundle::convergence_error("scores: centrality did not converge",
                                          std::max(s.eigenvector_solver.iterations, s.pagerank_solver.iterations),
                                          std::max(s.eigenvector_solver.residual, s.pagerank_solver.residual));
    }
    if (ctx.json) {
        emit_json(j);
    } else {
        std::cout << std::left << std::setw(10) << "economy" << std::right << std::setw(14) << "exports"
                  << std::setw(14) << "imports" << std::setw(10) << "openness" << std::setw(9) << "exp.HHI"
                  << std::setw(10) << "eigvec" << std::setw(10) << "pagerank" << std::setw(11) << "composite" << "\n";
        std::cout << std::fixed;
        for (unbundle::index_t i = 0; i < m.size(); ++i)
            std::cout << std::left << std::setw(10) << m.economies()[i] << std::right << std::setprecision(1)
                      << std::setw(14) << s.exports(i) << std::setw(14) << s.imports(i) << std::setprecision(3)
                      << std::setw(10) << (s.openness ? std::to_string((*s.openness)(i)).substr(0, 5) : std::string("-"))
                      << std::setw(9) << s.export_hhi(i) << std::setprecision(4)
                      << std::setw(10) << s.eigenvector_centrality(i) << std::setw(10) << s.pagerank(i)
                      << std::setprecision(1) << std::setw(11) << s.composite(i) << "\n";
        std::cout << std::setprecision(4) << "network: density " << s.density << ", reciprocity "
                  << s.reciprocity << ", clustering " << s.clustering << "\n";
    }
    return exit_ok;
}

void register_scores(CLI::App& app, context& ctx) {
    auto a = std::make_shared<scores_args>();
    auto* sub = app.add_subcommand("scores", "Integration scores of a trade network");
    sub->add_option("FLOWS", a->flows, "Long bilateral flows (CSV)")->required();
    sub->add_option("--exporter", a->exporter, "Exporter column")->required();
    sub->add_option("--importer", a->importer, "Importer column")->required();
    sub->add_option("--value", a->value, "Flow column")->required();
    sub->add_option("--gdp", a->gdp, "CSV with columns economy,gdp (adds openness)");
    auto* yopt = sub->add_option("--year", a->year, "Select a year from a panel (needs a 'year' column)");
    sub->callback([&ctx, a, yopt] {
        a->has_year = yopt->count() > 0;
        ctx.action = [&ctx, a] { return run_scores(*a, ctx); };
    });
}

} // namespace unbundle_cli
