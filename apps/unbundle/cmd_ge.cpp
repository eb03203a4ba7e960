// `unbundle ge DATA --exporter COL --importer COL --value COL`: general-equilibrium effects of a change
// in bilateral trade costs (docs/cli.md, section "unbundle ge").
// Two modes: from observed flows (--shock: exact hat algebra) and from estimated costs (--costs and
// --experiment: structural gravity as USITC gegravity).

#include "commands.hpp"
#include "common.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/detail/check.hpp>
#include <unbundle/error.hpp>
#include <unbundle/ge/frame.hpp>
#include <unbundle/ge/hat_algebra.hpp>
#include <unbundle/ge/structural.hpp>

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace unbundle_cli {

using unbundle::index_t;

struct ge_args {
    std::string data, exporter, importer, value, year_col = "year";
    std::optional<double> year;
    std::optional<double> sigma, theta;
    // observed-flows mode
    std::string shock, closure = "full", deficits = "keep";
    // estimated-costs mode
    std::string costs, output_col, expenditure_col, reference, experiment, system = "gegravity";
    int max_iter = 200;
    double tol = 1e-12;
    bool no_bilateral = false;
};

namespace {

std::vector<unbundle::cost_term> parse_costs(const std::string& s) {
    std::vector<unbundle::cost_term> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ',')) {
        const auto eq = item.find('=');
        if (item.empty()) continue;
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
            throw unbundle::usage_error("--costs: expected VAR=BETA, got '" + item + "'");
        unbundle::cost_term t;
        t.variable = item.substr(0, eq);
        const std::string num = item.substr(eq + 1);
        double v = 0;
        if (!unbundle::detail::parse_double(num, v) || !std::isfinite(v))
            throw unbundle::usage_error("--costs: coefficient of '" + t.variable + "' is not a number: '" + num + "'");
        t.beta = v;
        out.push_back(t);
    }
    if (out.empty()) throw unbundle::usage_error("--costs: no VAR=BETA terms given");
    return out;
}

/// solver_json with the solver's message (the contract's `solver` of `unbundle ge`).
json ge_solver_json(const unbundle::solver_info& s) {
    json j = solver_json(s);
    j["message"] = s.message;
    return j;
}

void throw_if_not_converged(const unbundle::solver_info& s, const std::string& what) {
    if (!s.converged)
        throw unbundle::convergence_error("ge: " + what + " did not converge: " + s.message, s.iterations, s.residual);
}

/// The contract's `bilateral` list: one object per ordered pair (exporter, importer), with the
/// values `fields(i, k, object)` adds.
template <class Fields> json bilateral_json(const std::vector<std::string>& names, Fields fields) {
    json bil = json::array();
    const auto n = static_cast<index_t>(names.size());
    for (index_t i = 0; i < n; ++i)
        for (index_t k = 0; k < n; ++k) {
            json o{{"exporter", names[static_cast<std::size_t>(i)]}, {"importer", names[static_cast<std::size_t>(k)]}};
            fields(i, k, o);
            bil.push_back(std::move(o));
        }
    return bil;
}

/// Observed-flows mode: exact hat algebra.
json ge_observed(const ge_args& a, const unbundle::data_frame& df, const unbundle::bilateral_table& tab, double theta,
                 stopwatch& sw, double& read_s) {
    const auto& econ = tab.economies();
    const std::vector<std::string>& names = econ.codes();
    const unbundle::matrix_d X = tab.matrix(a.value);
    const index_t n = tab.size();
    // The shock: exporter,importer,tau_hat; absent pairs unchanged.
    unbundle::matrix_d tau = unbundle::matrix_d::Ones(n, n);
    {
        unbundle::csv_options o;
        o.text_columns = {"exporter", "importer"};
        const unbundle::data_frame sh = unbundle::read_csv(a.shock, o);
        const auto& ex = sh["exporter"];
        const auto& im = sh["importer"];
        const auto& th = sh["tau_hat"];
        if (!th.is_numeric()) throw unbundle::domain_error(a.shock + ": column 'tau_hat' is not numeric");
        for (index_t r = 0; r < sh.rows(); ++r) {
            const std::string e = ex.text(r), m = im.text(r);
            const auto i = econ.find(e), j = econ.find(m);
            if (!i)
                throw unbundle::key_error(a.shock + ": line " + std::to_string(r + 2) + ": unknown exporter '" + e +
                                          "'");
            if (!j)
                throw unbundle::key_error(a.shock + ": line " + std::to_string(r + 2) + ": unknown importer '" + m +
                                          "'");
            if (th.missing(r))
                throw unbundle::domain_error(a.shock + ": line " + std::to_string(r + 2) + ": tau_hat is missing");
            const double v = th.values()[static_cast<std::size_t>(r)];
            if (!(v > 0) || !std::isfinite(v))
                throw unbundle::domain_error(a.shock + ": line " + std::to_string(r + 2) +
                                             ": tau_hat must be positive, got " + unbundle::detail::to_string_full(v));
            tau(*i, *j) = v;
        }
    }
    (void)df;
    read_s = sw.lap();
    unbundle::hat_options o;
    o.theta = theta;
    if (a.closure == "full")
        o.closure = unbundle::ge_closure::full;
    else if (a.closure == "conditional")
        o.closure = unbundle::ge_closure::conditional;
    else
        throw unbundle::usage_error("--closure must be conditional or full, got '" + a.closure + "'");
    if (a.deficits == "keep")
        o.deficits = unbundle::deficit_mode::keep;
    else if (a.deficits == "zero")
        o.deficits = unbundle::deficit_mode::zero;
    else if (a.deficits == "mult" || a.deficits == "multiplicative")
        o.deficits = unbundle::deficit_mode::multiplicative;
    else
        throw unbundle::usage_error("--deficits must be keep, zero or mult, got '" + a.deficits + "'");
    o.reference = a.reference.empty() ? 0 : econ.index(a.reference);
    o.solver.max_iter = a.max_iter;
    o.solver.tol = a.tol;
    const auto h = unbundle::solve_hat_algebra(X, unbundle::tau_hat_to_t_hat(tau, theta), o, &names);
    if (o.deficits == unbundle::deficit_mode::zero) throw_if_not_converged(h.balance_info, "removing the deficits");
    throw_if_not_converged(h.info, "the counterfactual");
    json countries = json::array();
    double ft0 = 0, ft1 = 0, w0 = 0, w1 = 0;
    for (index_t i = 0; i < n; ++i) {
        const double fx0 = h.X0.row(i).sum() - h.X0(i, i), fx1 = h.X1.row(i).sum() - h.X1(i, i);
        const double fm0 = h.X0.col(i).sum() - h.X0(i, i), fm1 = h.X1.col(i).sum() - h.X1(i, i);
        ft0 += fx0;
        ft1 += fx1;
        w0 += h.E0(i);
        w1 += h.E1(i) / h.P_hat(i);
        countries.push_back(json{{"country", names[static_cast<std::size_t>(i)]},
                                 {"welfare_pct", 100 * (h.welfare(i) - 1)},
                                 {"factory_price_pct", 100 * (h.w_hat(i) - 1)},
                                 {"price_index_pct", 100 * (h.P_hat(i) - 1)},
                                 {"omr_pct", 100 * (h.Pi_hat(i) - 1)},
                                 {"imr_pct", 100 * (h.P_hat(i) - 1)},
                                 {"output_pct", 100 * (h.Y1(i) / h.Y0(i) - 1)},
                                 {"expenditure_pct", 100 * (h.E1(i) / h.E0(i) - 1)},
                                 {"terms_of_trade_pct", 100 * (h.w_hat(i) / h.P_hat(i) - 1)},
                                 {"exports_pct", 100 * (fx1 / fx0 - 1)},
                                 {"imports_pct", 100 * (fm1 / fm0 - 1)},
                                 {"intranational_pct", 100 * (h.X1(i, i) / h.X0(i, i) - 1)},
                                 {"real_wage_pct", 100 * (h.real_wage(i) - 1)},
                                 {"acr_welfare_pct", 100 * (h.acr(i) - 1)}});
    }
    json j{{"mode", "observed"},
           {"theta", theta},
           {"closure", a.closure},
           {"deficits", unbundle::to_string(o.deficits)},
           {"countries", countries},
           {"world", {{"trade_pct", 100 * (ft1 / ft0 - 1)}, {"welfare_pct", 100 * (w1 / w0 - 1)}}},
           {"solver", ge_solver_json(h.info)}};
    if (!a.no_bilateral)
        j["bilateral"] = bilateral_json(names, [&](index_t i, index_t k, json& pair) {
            pair["baseline"] = h.X0(i, k);
            pair["counterfactual"] = h.X1(i, k);
        });
    return j;
}

/// Estimated-costs mode: structural gravity as gegravity.
json ge_costs(const ge_args& a, const unbundle::bilateral_table& tab, double sigma, stopwatch& sw, double& read_s) {
    const auto& econ = tab.economies();
    const std::vector<std::string>& names = econ.codes();
    const index_t n = tab.size();
    if (a.output_col.empty() || a.expenditure_col.empty())
        throw unbundle::usage_error("--costs needs --output-col and --expenditure-col");
    if (a.reference.empty()) throw unbundle::usage_error("--costs needs --reference ECONOMY");
    if (a.experiment.empty()) throw unbundle::usage_error("--costs needs --experiment EXP.csv");
    const auto terms = parse_costs(a.costs);
    (void)tab.matrix(a.value); // the flows must be there and complete
    const unbundle::vector_d Y = tab.economy_values(a.output_col, true);
    const unbundle::vector_d E = tab.economy_values(a.expenditure_col, false);
    const unbundle::matrix_d T0 = tab.t_pow(terms);
    unbundle::csv_options o;
    o.text_columns = {"exporter", "importer"};
    const unbundle::data_frame ex = unbundle::read_csv(a.experiment, o);
    const unbundle::matrix_d T1 = unbundle::experiment_t_pow(tab, terms, ex, "exporter", "importer");
    read_s = sw.lap();
    const index_t ref = econ.index(a.reference);
    unbundle::structural_options so;
    so.solver.max_iter = a.max_iter;
    so.solver.tol = a.tol;
    if (a.system == "gegravity")
        so.closure = unbundle::structural_closure::gegravity;
    else if (a.system == "endowment" || a.system == "full_endowment")
        so.closure = unbundle::structural_closure::full_endowment;
    else
        throw unbundle::usage_error("--system must be gegravity or endowment, got '" + a.system + "'");
    const auto base = unbundle::make_structural_baseline(T0, Y, E, sigma, ref, names, so);
    throw_if_not_converged(base.mr.info, "the baseline multilateral resistances");
    const auto r = unbundle::simulate(base, T1, so);
    throw_if_not_converged(r.info, "the counterfactual");
    json countries = json::array();
    for (index_t i = 0; i < n; ++i)
        countries.push_back(json{{"country", names[static_cast<std::size_t>(i)]},
                                 {"welfare_pct", 100 * (r.welfare(i) - 1)},
                                 {"factory_price_pct", r.factory_price_pct(i)},
                                 {"price_index_pct", r.imr_pct(i)},
                                 {"omr_pct", r.omr_pct(i)},
                                 {"imr_pct", r.imr_pct(i)},
                                 {"output_pct", r.output_pct(i)},
                                 {"expenditure_pct", r.expenditure_pct(i)},
                                 {"terms_of_trade_pct", r.terms_of_trade_pct(i)},
                                 {"exports_pct", r.foreign_exports_pct(i)},
                                 {"imports_pct", r.foreign_imports_pct(i)},
                                 {"intranational_pct", r.intranational_pct(i)},
                                 {"gdp_pct", r.gdp_pct(i)},
                                 {"welfare_statistic", r.welfare_stat(i)},
                                 {"conditional_imr_pct", r.conditional_imr_pct(i)},
                                 {"conditional_omr_pct", r.conditional_omr_pct(i)}});
    json j{{"mode", "costs"},
           {"sigma", sigma},
           {"reference", a.reference},
           {"system", unbundle::to_string(so.closure)},
           {"countries", countries},
           {"world", {{"trade_pct", r.world_trade_pct}, {"welfare_pct", 100 * (r.world_welfare - 1)}}},
           {"solver", ge_solver_json(r.info)}};
    if (!a.no_bilateral)
        j["bilateral"] = bilateral_json(names, [&](index_t i, index_t k, json& pair) {
            pair["baseline"] = base.X(i, k);
            pair["counterfactual"] = r.X1(i, k);
            pair["partial"] = r.X_partial(i, k);
            pair["conditional"] = r.X_conditional(i, k);
        });
    return j;
}

void print_ge(const json& j) {
    std::cout << "General equilibrium (" << j["mode"].get<std::string>() << " mode)\n";
    std::cout << std::left << std::setw(10) << "country" << std::right;
    for (const char* h : {"welfare%", "price%", "P%", "output%", "exports%", "imports%", "domestic%"})
        std::cout << std::setw(12) << h;
    std::cout << "\n";
    std::cout << std::fixed << std::setprecision(5);
    for (const auto& c : j["countries"]) {
        std::cout << std::left << std::setw(10) << c["country"].get<std::string>() << std::right;
        for (const char* k : {"welfare_pct", "factory_price_pct", "price_index_pct", "output_pct", "exports_pct",
                              "imports_pct", "intranational_pct"})
            std::cout << std::setw(12) << c[k].get<double>();
        std::cout << "\n";
    }
    std::cout << "world: trade " << j["world"]["trade_pct"].get<double>() << " %, welfare "
              << j["world"]["welfare_pct"].get<double>() << " %\n";
    std::cout.unsetf(std::ios::floatfield);
    std::cout << "solver: " << j["solver"]["iterations"] << " iterations, residual " << j["solver"]["residual"]
              << (j["solver"]["converged"].get<bool>() ? ", converged" : ", NOT converged") << "\n";
}

} // namespace

int run_ge(const ge_args& a, const context& ctx) {
    stopwatch sw;
    const bool observed = !a.shock.empty(), costs = !a.costs.empty();
    if (observed == costs)
        throw unbundle::usage_error("ge: give exactly one of --shock (observed flows) or --costs (estimated costs)");
    double sigma = 5;
    if (a.theta) sigma = *a.theta + 1;
    if (a.sigma) sigma = *a.sigma;
    if (!(sigma > 1) || !std::isfinite(sigma))
        throw unbundle::usage_error("ge: sigma must be > 1 (theta > 0), got sigma = " +
                                    unbundle::detail::to_string_full(sigma));
    unbundle::csv_options o = ctx.csv();
    o.text_columns = {a.exporter, a.importer};
    const unbundle::data_frame df = unbundle::read_csv(a.data, o);
    const unbundle::bilateral_table tab(df, a.exporter, a.importer, a.year ? a.year_col : std::string(), a.year);
    double read_s = 0;
    json j = observed ? ge_observed(a, df, tab, sigma - 1, sw, read_s) : ge_costs(a, tab, sigma, sw, read_s);
    j["timing"] = timing(read_s, sw.lap());
    return finish(ctx, j, print_ge);
}

void register_ge(command& program, context& ctx) {
    auto sub =
        program.add_subcommand("ge", "General-equilibrium effects of a change in bilateral trade costs (one sector)");
    auto a = std::make_shared<ge_args>();
    sub.add_option("DATA", a->data, "Bilateral flows, one year, domestic flows included (CSV)").required();
    sub.add_option("--exporter", a->exporter, "Exporter column").required();
    sub.add_option("--importer", a->importer, "Importer column").required();
    sub.add_option("--value", a->value, "Flow column").required();
    sub.add_option("--year", a->year, "Select this year from a panel");
    sub.add_option("--year-col", a->year_col, "Year column for --year (default: year)");
    auto s = sub.add_option("--sigma", a->sigma, "Elasticity of substitution (default 5)");
    auto t = sub.add_option("--theta", a->theta, "Trade elasticity (= sigma - 1)");
    s.excludes(t);
    t.excludes(s);
    sub.add_option("--shock", a->shock, "Observed-flows mode: CSV exporter,importer,tau_hat");
    sub.add_option("--closure", a->closure, "conditional|full (observed-flows mode; default full)");
    sub.add_option("--deficits", a->deficits, "keep|zero|mult (observed-flows mode; default keep)");
    sub.add_option("--costs", a->costs, "Estimated-costs mode: VAR=BETA,... with t^(1-sigma) = exp(sum beta VAR)");
    sub.add_option("--output-col", a->output_col, "Output Y of each exporter, repeated on its rows");
    sub.add_option("--expenditure-col", a->expenditure_col, "Expenditure E of each importer, repeated on its rows");
    sub.add_option("--reference", a->reference, "Reference importer (inward resistance normalised to 1)");
    sub.add_option("--experiment", a->experiment, "CSV exporter,importer and new values of cost variables");
    sub.add_option("--system", a->system, "Full-GE system of the costs mode: gegravity (default) | endowment");
    sub.add_option("--max-iter", a->max_iter, "Solver iterations (default 200)").non_negative();
    sub.add_option("--tol", a->tol, "Solver tolerance on the max log residual (default 1e-12)").positive();
    sub.add_flag("--no-bilateral", a->no_bilateral, "Leave the bilateral list out of the output");
    sub.on_parsed([&ctx, a] { ctx.action = [&ctx, a] { return run_ge(*a, ctx); }; });
}

} // namespace unbundle_cli
