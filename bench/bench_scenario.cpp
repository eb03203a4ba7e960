// Benchmarks of the scenario engine's model (docs/performance.md, section "Scenarios").
//   BM_scenario_calibrate_demo / _wiod   calibration of multisector_model on the demo world / WIOD 1995
//   BM_scenario_year_demo/warm           one equilibrium on the demo world (6 x 5): every foreign cost
//                                        10 % lower, cold (warm = 0) or warm-started from the equilibrium
//                                        of a 9 % cut (warm = 1), counterfactual MRIO included
//   BM_scenario_year_wiod/warm           the same on WIOD 1995 (41 economies x 35 sectors, n = 1435)
#include <benchmark/benchmark.h>

#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/scenario/model.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

namespace {

std::string data_path(const std::string& rel) {
    if (const char* env = std::getenv("UNBUNDLE_DATA")) return std::string(env) + "/" + rel;
    return std::string(UNBUNDLE_SOURCE_DIR) + "/../shared/data/" + rel;
}

unbundle::cost_hats<double> cut(unbundle::index_t N, unbundle::index_t J, double f) {
    auto k = unbundle::cost_hats<double>::ones(N, J);
    for (auto* v : {&k.final_use, &k.intermediate})
        for (auto& m : *v) {
            m.setConstant(f);
            m.diagonal().setOnes();
        }
    return k;
}

const unbundle::mrio<double>* wiod1995() {
    static std::unique_ptr<unbundle::mrio<double>> t;
    if (!t) {
        const std::string dir = data_path("wiod2013/1995");
        if (!std::filesystem::exists(dir)) return nullptr;
        t = std::make_unique<unbundle::mrio<double>>(unbundle::read_mrio(dir));
    }
    return t.get();
}

void year(benchmark::State& st, const unbundle::mrio<double>& t) {
    const unbundle::multisector_model<double> m(t);
    const auto k = cut(m.economies(), m.sectors(), 0.9);
    const auto prev = m.solve(cut(m.economies(), m.sectors(), 0.91));
    const bool warm = st.range(0) != 0;
    int iters = 0;
    bool ok = true;
    for (auto _ : st) {
        auto e = m.solve(k, warm ? &prev : nullptr);
        iters = e.solver.iterations;
        ok = ok && e.solver.converged;
        benchmark::DoNotOptimize(e.welfare_hat.data());
        benchmark::ClobberMemory();
    }
    st.counters["iterations"] = iters;
    if (!ok) st.SkipWithError("did not converge");
}

void BM_scenario_year_demo(benchmark::State& st) { year(st, unbundle::make_demo_world()); }
BENCHMARK(BM_scenario_year_demo)->Arg(0)->Arg(1)->ArgName("warm")->Unit(benchmark::kMillisecond);

void BM_scenario_year_wiod(benchmark::State& st) {
    const auto* t = wiod1995();
    if (!t) {
        st.SkipWithError("shared data not found (set UNBUNDLE_DATA)");
        return;
    }
    year(st, *t);
}
BENCHMARK(BM_scenario_year_wiod)->Arg(0)->Arg(1)->ArgName("warm")->Unit(benchmark::kMillisecond);

void BM_scenario_calibrate_demo(benchmark::State& st) {
    const auto t = unbundle::make_demo_world();
    for (auto _ : st) {
        unbundle::multisector_model<double> m(t);
        benchmark::DoNotOptimize(&m);
    }
}
BENCHMARK(BM_scenario_calibrate_demo)->Unit(benchmark::kMillisecond);

void BM_scenario_calibrate_wiod(benchmark::State& st) {
    const auto* t = wiod1995();
    if (!t) {
        st.SkipWithError("shared data not found (set UNBUNDLE_DATA)");
        return;
    }
    for (auto _ : st) {
        unbundle::multisector_model<double> m(*t);
        benchmark::DoNotOptimize(&m);
    }
}
BENCHMARK(BM_scenario_calibrate_wiod)->Unit(benchmark::kMillisecond);

} // namespace
