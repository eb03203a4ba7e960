// Benchmarks of scenario runs (include/unbundle/scenario/run.hpp): Baldwin's path on the demo world
// (16 economies x 4 sectors; the full path, and the path with Shapley attribution, 8 equilibria a
// year) and WIOD 1995-2011 (41 x 35, calibrated on 1995) with Shapley attribution on 2 threads.
// Reproduce: see docs/performance.md ("Scenarios").

#include <benchmark/benchmark.h>

#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/scenario/run.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>

namespace {

std::string data_dir() {
    if (const char* e = std::getenv("UNBUNDLE_DATA")) return e;
    return std::string(UNBUNDLE_SOURCE_DIR) + "/../shared/data";
}

unbundle::scenario<double> demo_path(bool shapley) {
    unbundle::scenario<double> s;
    s.world = unbundle::make_scenario_demo_world();
    s.paths = unbundle::baldwin_paths();
    s.first_year = 1820;
    s.last_year = 2040;
    s.step = 5; // as `unbundle demo`
    s.shapley = shapley;
    s.threads = 1;
    return s;
}

void BM_scenario_path_demo(benchmark::State& st) {
    const auto s = demo_path(false);
    for (auto _ : st) benchmark::DoNotOptimize(unbundle::run_scenario(s));
}
BENCHMARK(BM_scenario_path_demo)->Unit(benchmark::kMillisecond);

void BM_scenario_path_shapley_demo(benchmark::State& st) {
    auto s = demo_path(true);
    s.threads = static_cast<int>(st.range(0));
    for (auto _ : st) benchmark::DoNotOptimize(unbundle::run_scenario(s));
}
BENCHMARK(BM_scenario_path_shapley_demo)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_scenario_path_shapley_wiod(benchmark::State& st) {
    const std::string d = data_dir() + "/wiod2013/1995";
    if (!std::filesystem::is_directory(d)) {
        st.SkipWithError("WIOD 1995 not found (set UNBUNDLE_DATA)");
        return;
    }
    unbundle::mrio_read_options ro;
    ro.use_published_x = false;
    unbundle::scenario<double> s;
    s.world = unbundle::world_from_mrio(unbundle::read_mrio(d, ro));
    s.paths = unbundle::baldwin_paths();
    s.first_year = 1995;
    s.last_year = 2011;
    s.threads = static_cast<int>(st.range(0));
    for (auto _ : st) {
        const auto r = unbundle::run_scenario(s);
        for (const auto& y : r.years)
            if (!y.solver.converged) st.SkipWithError("a year did not converge");
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_scenario_path_shapley_wiod)->Arg(2)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

} // namespace
