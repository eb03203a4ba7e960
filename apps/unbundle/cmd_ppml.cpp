// `unbundle ppml DATA FORMULA`: Poisson PML with high-dimensional fixed effects (docs/cli.md).

#include "commands.hpp"
#include "common.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/error.hpp>
#include <unbundle/gravity/formula.hpp>
#include <unbundle/gravity/frame.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace unbundle_cli {

struct ppml_args {
    std::string data, formula, vcov, weights, offset;
    double tol = 1e-8;
    int maxit = 100;
    bool keep_singletons = false;
    bool no_relu = false;
    bool exact_rank = false;
    bool fixef = false;
};

namespace {

json ppml_json(const unbundle::hdfe_result& r, double read_s) {
    json coef = json::object(), se = json::object(), fes = json::object(), vc = json::array();
    for (std::size_t k = 0; k < r.names.size(); ++k) {
        const auto i = static_cast<unbundle::index_t>(k);
        coef[r.names[k]] = r.coef(i);
        se[r.names[k]] = r.se(i);
        json row = json::array();
        for (unbundle::index_t j = 0; j < r.vcov.cols(); ++j) row.push_back(r.vcov(i, j));
        vc.push_back(row);
    }
    for (std::size_t q = 0; q < r.fe_names.size(); ++q) fes[r.fe_names[q]] = r.fe_sizes[q];
    json j{{"coefficients", coef},
           {"std_errors", se},
           {"vcov", r.vcov_type},
           {"vcov_matrix", vc},
           {"nobs", r.nobs},
           {"dropped",
            {{"singletons", r.dropped.singletons},
             {"separated", r.dropped.separated()},
             {"missing", r.dropped.missing},
             {"separated_fe", r.dropped.separated_fe},
             {"separated_relu", r.dropped.separated_relu}}},
           {"collinear", r.collinear},
           {"iterations", r.iterations},
           {"converged", r.converged},
           {"deviance", r.deviance},
           {"loglik", r.loglik},
           {"pseudo_r2", r.pseudo_r2},
           {"dof_k", r.dof_k},
           {"fixed_effects", fes},
           {"notes", r.notes},
           {"formula", r.formula}};
    j["timing"] = timing(read_s, r.compute_seconds);
    return j;
}

void print_ppml(const unbundle::hdfe_result& r, const json& j) {
    std::printf("PPML  %s\n", r.formula.c_str());
    std::printf("observations %lld (dropped: %lld separated, %lld singletons, %lld missing)\n",
                static_cast<long long>(r.nobs), static_cast<long long>(r.dropped.separated()),
                static_cast<long long>(r.dropped.singletons), static_cast<long long>(r.dropped.missing));
    std::printf("fixed effects:");
    for (std::size_t q = 0; q < r.fe_names.size(); ++q)
        std::printf(" %s (%lld)", r.fe_names[q].c_str(), static_cast<long long>(r.fe_sizes[q]));
    std::printf("\nstandard errors: %s\n\n", r.vcov_type.c_str());
    std::printf("%-28s %16s %14s %10s\n", "", "estimate", "std. error", "z");
    for (std::size_t k = 0; k < r.names.size(); ++k) {
        const auto i = static_cast<unbundle::index_t>(k);
        std::printf("%-28s %16.8g %14.8g %10.3f\n", r.names[k].c_str(), r.coef(i), r.se(i), r.coef(i) / r.se(i));
    }
    std::printf("\ndeviance %.10g  log-likelihood %.10g  pseudo-R2 %.6f\n", r.deviance, r.loglik, r.pseudo_r2);
    std::printf("iterations %d  converged %s\n", r.iterations, r.converged ? "yes" : "no");
    for (const auto& n : r.notes) std::printf("note: %s\n", n.c_str());
    std::printf("time: read %.3f s, compute %.3f s\n", j["timing"]["read_s"].get<double>(), r.compute_seconds);
}

} // namespace

int run_ppml(const ppml_args& a, const context& ctx) {
    stopwatch sw;
    unbundle::ppml_options opt;
    opt.tol = a.tol;
    opt.max_iter = a.maxit;
    opt.drop_singletons = !a.keep_singletons;
    opt.check_separation = !a.no_relu;
    opt.ssc.exact_fe_rank = a.exact_rank;
    opt.frame.weights = a.weights;
    opt.frame.offset = a.offset;
    if (!a.vcov.empty()) opt.frame.vcov = unbundle::vcov_spec::parse(a.vcov);
    const unbundle::formula f = unbundle::parse_formula(a.formula); // syntax errors: exit 2
    (void)f;
    const unbundle::data_frame df = unbundle::read_csv(a.data, ctx.csv());
    const double read_s = sw.lap();
    const unbundle::hdfe_result r = unbundle::ppml(df, a.formula, opt);
    const json j = ppml_json(r, read_s);
    if (!r.converged)
        throw unbundle::convergence_error("ppml did not converge: " + r.info.message, r.iterations, r.info.residual);
    return finish(ctx, j, [&](const json& o) { print_ppml(r, o); });
}

void register_ppml(command& program, context& ctx) {
    auto a = std::make_shared<ppml_args>();
    auto sub =
        program.add_subcommand("ppml", "Poisson PML with high-dimensional fixed effects (fixest formula syntax)");
    sub.add_option("DATA", a->data, "CSV file of observations (.csv or .csv.gz)").required();
    sub.add_option("FORMULA", a->formula, "e.g. 'trade ~ rta + log(dist) | exporter^year + importer^year'").required();
    sub.add_option("--vcov", a->vcov, "iid | hetero | cluster:VAR[+VAR] (default: cluster by the first fixed effect)");
    sub.add_option("--weights", a->weights, "column of observation weights");
    sub.add_option("--offset", a->offset, "column added to the linear predictor");
    sub.add_option("--tol", a->tol, "relative change in deviance (default 1e-8)").positive();
    sub.add_option("--maxit", a->maxit, "maximum IRLS iterations (default 100)").positive();
    sub.add_flag("--keep-singletons", a->keep_singletons, "do not drop singleton observations");
    sub.add_flag("--no-relu", a->no_relu, "skip the ReLU separation check (fixed-effect check still runs)");
    sub.add_flag("--exact-fe-rank", a->exact_rank, "count fixed effects in K by their exact rank");
    sub.on_parsed([&ctx, a] { ctx.action = [&ctx, a] { return run_ppml(*a, ctx); }; });
}

} // namespace unbundle_cli
