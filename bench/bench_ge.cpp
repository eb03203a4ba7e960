// Benchmarks of the general-equilibrium solvers (docs/performance.md, section "General equilibrium").
//   BM_gegravity_example_end_to_end   gegravity's CAN-JPN example from the CSV file: read, build, baseline, simulate
//   BM_gegravity_example_solve        the same without reading (baseline resistances + counterfactual)
//   BM_structural_full_endowment/N    synthetic N-economy world: baseline + exact full-endowment counterfactual
//   BM_structural_gegravity/N         the same with gegravity's system
//   BM_hat_algebra/N                  exact hat algebra (deficits kept) on the synthetic flows
//   BM_monte_carlo_wiod/draws/threads PPML-estimated EU enlargement, draws from the clustered vcov, 44 economies
#include <benchmark/benchmark.h>

#include <unbundle/data/csv.hpp>
#include <unbundle/ge/frame.hpp>
#include <unbundle/ge/from_estimates.hpp>
#include <unbundle/ge/hat_algebra.hpp>
#include <unbundle/ge/structural.hpp>
#include <unbundle/gravity/frame.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace {

using unbundle::index_t;
using unbundle::matrix_d;
using unbundle::vector_d;

std::string data_path(const std::string& rel) {
    if (const char* env = std::getenv("UNBUNDLE_DATA")) return std::string(env) + "/" + rel;
    return std::string(UNBUNDLE_SOURCE_DIR) + "/../shared/data/" + rel;
}

const std::vector<unbundle::cost_term> terms{{"lndist", -0.3898623},         {"contiguity", 0.891577},
                                             {"common_language", 0.0326249}, {"pta", 0.4711383},
                                             {"international", -3.412584},   {"constant", 16.32434}};

/// gegravity's example from the CSV: returns CAN's GDP change.
double gegravity_example(const unbundle::data_frame& df) {
    const unbundle::bilateral_table tab(df, "exporter", "importer", "year", 2006.0);
    const matrix_d T0 = tab.t_pow(terms);
    matrix_d pta = tab.matrix("pta");
    const index_t can = tab.economies().index("CAN"), jpn = tab.economies().index("JPN");
    pta(can, jpn) = pta(jpn, can) = 1;
    const matrix_d T1 = T0.cwiseProduct((0.4711383 * (pta - tab.matrix("pta"))).array().exp().matrix());
    const auto base =
        unbundle::make_structural_baseline(T0, tab.economy_values("Y", true), tab.economy_values("E", false), 5.0,
                                           tab.economies().index("DEU"), tab.economies().codes());
    const auto r = unbundle::simulate(base, T1);
    return r.gdp_pct(can);
}

void BM_gegravity_example_end_to_end(benchmark::State& st) {
    const std::string path = data_path("gegravity/sample_data_set.csv");
    if (!std::filesystem::exists(path)) {
        st.SkipWithError("shared data not found (set UNBUNDLE_DATA)");
        return;
    }
    for (auto _ : st) {
        const unbundle::data_frame df = unbundle::read_csv(path);
        benchmark::DoNotOptimize(gegravity_example(df));
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_gegravity_example_end_to_end)->Unit(benchmark::kMillisecond);

void BM_gegravity_example_solve(benchmark::State& st) {
    const std::string path = data_path("gegravity/sample_data_set.csv");
    if (!std::filesystem::exists(path)) {
        st.SkipWithError("shared data not found (set UNBUNDLE_DATA)");
        return;
    }
    const unbundle::data_frame df = unbundle::read_csv(path);
    const unbundle::bilateral_table tab(df, "exporter", "importer", "year", 2006.0);
    const matrix_d T0 = tab.t_pow(terms);
    matrix_d T1 = T0;
    const index_t can = tab.economies().index("CAN"), jpn = tab.economies().index("JPN");
    T1(can, jpn) *= std::exp(0.4711383);
    T1(jpn, can) *= std::exp(0.4711383);
    const vector_d Y = tab.economy_values("Y", true), E = tab.economy_values("E", false);
    const index_t deu = tab.economies().index("DEU");
    for (auto _ : st) {
        const auto base = unbundle::make_structural_baseline(T0, Y, E, 5.0, deu);
        const auto r = unbundle::simulate(base, T1);
        benchmark::DoNotOptimize(r.gdp_pct(can));
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_gegravity_example_solve)->Unit(benchmark::kMicrosecond);

/// A synthetic world of n economies: random locations, t^(1-sigma) from distance and a border, lognormal sizes,
/// and an experiment in which the first n/10 economies form an agreement (+0.47 on t^(1-sigma) in logs).
struct synthetic {
    matrix_d T0, T1, X;
    vector_d Y, E;
    explicit synthetic(index_t n) {
        std::mt19937_64 g(42);
        std::uniform_real_distribution<double> u(0, 1);
        std::normal_distribution<double> z(0, 1);
        vector_d lat(n), lon(n);
        for (index_t i = 0; i < n; ++i) {
            lat(i) = 100 * u(g);
            lon(i) = 100 * u(g);
        }
        Y.resize(n);
        for (index_t i = 0; i < n; ++i) Y(i) = std::exp(10 + 1.5 * z(g));
        E = Y.cwiseProduct((0.1 * vector_d::NullaryExpr(n, [&] { return z(g); })).array().exp().matrix());
        E *= Y.sum() / E.sum();
        T0.resize(n, n);
        for (index_t j = 0; j < n; ++j)
            for (index_t i = 0; i < n; ++i) {
                const double d = i == j ? 0.5 : std::hypot(lat(i) - lat(j), lon(i) - lon(j)) + 1;
                T0(i, j) = std::exp(-std::log(d) - (i == j ? 0 : 2.5) + 0.2 * z(g));
            }
        T1 = T0;
        const index_t k = std::max<index_t>(2, n / 10);
        for (index_t i = 0; i < k; ++i)
            for (index_t j = 0; j < k; ++j)
                if (i != j) T1(i, j) *= std::exp(0.47);
    }
};

void BM_structural_full_endowment(benchmark::State& st) {
    const synthetic w(st.range(0));
    unbundle::structural_options o;
    o.closure = unbundle::structural_closure::full_endowment;
    for (auto _ : st) {
        const auto base = unbundle::make_structural_baseline(w.T0, w.Y, w.E, 5.0, 0, {}, o);
        const auto r = unbundle::simulate(base, w.T1, o);
        if (!r.info.converged) st.SkipWithError("did not converge");
        benchmark::DoNotOptimize(r.welfare(0));
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_structural_full_endowment)->Arg(30)->Arg(44)->Arg(100)->Arg(200)->Unit(benchmark::kMillisecond);

void BM_structural_gegravity(benchmark::State& st) {
    const synthetic w(st.range(0));
    for (auto _ : st) {
        const auto base = unbundle::make_structural_baseline(w.T0, w.Y, w.E, 5.0, 0);
        const auto r = unbundle::simulate(base, w.T1);
        benchmark::DoNotOptimize(r.welfare(0));
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_structural_gegravity)->Arg(30)->Arg(200)->Unit(benchmark::kMillisecond);

void BM_hat_algebra(benchmark::State& st) {
    const synthetic w(st.range(0));
    const auto base = unbundle::make_structural_baseline(w.T0, w.Y, w.E, 5.0, 0);
    const matrix_d That = w.T1.cwiseQuotient(w.T0);
    for (auto _ : st) {
        const auto h = unbundle::solve_hat_algebra(base.X, That, unbundle::hat_options{});
        benchmark::DoNotOptimize(h.welfare(0));
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_hat_algebra)->Arg(44)->Arg(200)->Unit(benchmark::kMillisecond);

void BM_monte_carlo_wiod(benchmark::State& st) {
    const std::string path = data_path("ge_gravity_wiod/trade_2000_2014.csv");
    if (!std::filesystem::exists(path)) {
        st.SkipWithError("shared data not found (set UNBUNDLE_DATA)");
        return;
    }
    const unbundle::data_frame df = unbundle::read_csv(path);
    std::vector<bool> intl(static_cast<std::size_t>(df.rows()));
    for (index_t r = 0; r < df.rows(); ++r)
        intl[static_cast<std::size_t>(r)] = df["exporter"].text(r) != df["importer"].text(r);
    unbundle::ppml_options po;
    po.frame.vcov = unbundle::vcov_spec::clustered({"expcode^impcode"});
    const auto fit = unbundle::ppml(
        df.filter(intl), "trade ~ eu_enlargement + other_fta | expcode^year + impcode^year + expcode^impcode", po);
    const unbundle::bilateral_table t00(df, "exporter", "importer", "year", 2000.0);
    const unbundle::bilateral_table t14(df, "exporter", "importer", "year", 2014.0);
    const matrix_d X = t00.matrix("trade");
    const std::vector<unbundle::regressor_change> exp{
        {"eu_enlargement", t14.matrix("eu_enlargement") - t00.matrix("eu_enlargement")}};
    unbundle::hat_options ho;
    ho.theta = 4;
    unbundle::monte_carlo_options mc;
    mc.draws = static_cast<int>(st.range(0));
    mc.threads = static_cast<int>(st.range(1));
    mc.keep_draws = false;
    for (auto _ : st) {
        const auto r = unbundle::monte_carlo_from_fit(fit, X, exp, ho, mc);
        if (r.failed) st.SkipWithError("failed draws");
        benchmark::DoNotOptimize(r.sd(19));
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_monte_carlo_wiod)->Args({1000, 1})->Args({1000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace
