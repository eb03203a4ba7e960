// Benchmarks of the gravity estimators on the synthetic panels of shared/tools/gen_gravity.py:
//   python3 ../shared/tools/gen_gravity.py medium --out /tmp/gravity_medium.csv
//   python3 ../shared/tools/gen_gravity.py large  --out /tmp/gravity_large.csv
// (paths overridable with UNBUNDLE_GRAVITY_MEDIUM / UNBUNDLE_GRAVITY_LARGE). A panel that is
// absent is reported as skipped. Single thread: the estimator uses no threads.

#include <unbundle/data/csv.hpp>
#include <unbundle/gravity/feols.hpp>
#include <unbundle/gravity/frame.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace {

const char* kFormula = "trade ~ rta + policy | exporter^year + importer^year + exporter^importer";

const unbundle::data_frame* panel(const std::string& size) {
    static std::map<std::string, std::unique_ptr<unbundle::data_frame>> cache;
    auto it = cache.find(size);
    if (it != cache.end()) return it->second.get();
    const std::string env = "UNBUNDLE_GRAVITY_" + std::string(size == "medium"  ? "MEDIUM"
                                                              : size == "large" ? "LARGE"
                                                                                : "SMALL");
    std::string path = "/tmp/gravity_" + size + ".csv";
    if (const char* p = std::getenv(env.c_str())) path = p;
    std::unique_ptr<unbundle::data_frame> df;
    if (std::filesystem::exists(path)) df = std::make_unique<unbundle::data_frame>(unbundle::read_csv(path));
    return (cache[size] = std::move(df)).get();
}

void run_ppml(benchmark::State& state, const std::string& size, bool relu) {
    Eigen::setNbThreads(1);
    const unbundle::data_frame* df = panel(size);
    if (!df) {
        state.SkipWithError(("panel /tmp/gravity_" + size + ".csv absent: generate it with gen_gravity.py").c_str());
        return;
    }
    unbundle::ppml_options opt;
    opt.check_separation = relu;
    double b = 0;
    int iters = 0;
    for (auto _ : state) {
        const unbundle::hdfe_result r = unbundle::ppml(*df, kFormula, opt);
        b = r.coef(0);
        iters = r.iterations;
        // not DoNotOptimize(b): with g++ 12 and benchmark 1.7.1 the counter then printed
        // rta=9.88131e-324 (integer bits); keeping the result's storage alive is enough
        benchmark::DoNotOptimize(r.coef.data());
        benchmark::ClobberMemory();
    }
    state.counters["rta"] = b;
    state.counters["irls_iter"] = iters;
    state.counters["nobs"] = static_cast<double>(df->rows());
}

void BM_ppml_small(benchmark::State& s) { run_ppml(s, "small", true); }
void BM_ppml_medium(benchmark::State& s) { run_ppml(s, "medium", true); }
void BM_ppml_large(benchmark::State& s) { run_ppml(s, "large", true); }
void BM_ppml_medium_norelu(benchmark::State& s) { run_ppml(s, "medium", false); }
void BM_ppml_large_norelu(benchmark::State& s) { run_ppml(s, "large", false); }

void BM_read_csv_medium(benchmark::State& state) {
    std::string path = "/tmp/gravity_medium.csv";
    if (!std::filesystem::exists(path)) {
        state.SkipWithError("panel /tmp/gravity_medium.csv absent");
        return;
    }
    for (auto _ : state) {
        const unbundle::data_frame df = unbundle::read_csv(path);
        benchmark::DoNotOptimize(df.rows());
    }
}

} // namespace

BENCHMARK(BM_ppml_small)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ppml_medium)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ppml_medium_norelu)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ppml_large)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_ppml_large_norelu)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_read_csv_medium)->Unit(benchmark::kMillisecond)->Iterations(3);
