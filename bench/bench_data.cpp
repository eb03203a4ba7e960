// Loading real data: a WIOD year directory (Z 1435 x 1435, Y 1435 x 41, x, va, labels),
// its Z.csv alone, and a long bilateral panel. Compare with bench/reference/load_python.py.
#include <benchmark/benchmark.h>

#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/data/trade_panel_reader.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {
std::string data_path(const std::string& rel) {
    const char* env = std::getenv("UNBUNDLE_DATA");
    const std::filesystem::path root =
        env ? std::filesystem::path(env) : std::filesystem::path(UNBUNDLE_SOURCE_DIR) / ".." / "shared" / "data";
    return (root / rel).string();
}

void BM_read_mrio_wiod_year(benchmark::State& st) {
    const std::string dir = data_path("wiod2013/2011");
    if (!std::filesystem::exists(dir)) {
        st.SkipWithError("shared data not found (set UNBUNDLE_DATA)");
        return;
    }
    for (auto _ : st) {
        auto t = unbundle::read_mrio(dir);
        benchmark::DoNotOptimize(t.Z().data());
        benchmark::ClobberMemory();
    }
    st.SetBytesProcessed(
        static_cast<int64_t>(st.iterations()) *
        static_cast<int64_t>(std::filesystem::file_size(dir + "/Z.csv") + std::filesystem::file_size(dir + "/Y.csv")));
}
BENCHMARK(BM_read_mrio_wiod_year)->Unit(benchmark::kMillisecond);

void BM_read_labeled_matrix_wiod_Z(benchmark::State& st) {
    const std::string f = data_path("wiod2013/2011/Z.csv");
    if (!std::filesystem::exists(f)) {
        st.SkipWithError("shared data not found (set UNBUNDLE_DATA)");
        return;
    }
    for (auto _ : st) {
        auto m = unbundle::read_labeled_matrix(f);
        benchmark::DoNotOptimize(m.values.data());
    }
}
BENCHMARK(BM_read_labeled_matrix_wiod_Z)->Unit(benchmark::kMillisecond);

void BM_read_csv_trade_eu(benchmark::State& st) {
    const std::string f = data_path("trade_eu/trade.csv");
    if (!std::filesystem::exists(f)) {
        st.SkipWithError("shared data not found (set UNBUNDLE_DATA)");
        return;
    }
    for (auto _ : st) {
        auto df = unbundle::read_csv(f);
        benchmark::DoNotOptimize(df.rows());
    }
}
BENCHMARK(BM_read_csv_trade_eu)->Unit(benchmark::kMillisecond);

void BM_read_trade_panel_yotov(benchmark::State& st) {
    const std::string f = data_path("yotov/agtpa_applications.csv");
    if (!std::filesystem::exists(f)) {
        st.SkipWithError("shared data not found (set UNBUNDLE_DATA)");
        return;
    }
    for (auto _ : st) {
        auto p = unbundle::read_trade_panel(f, {"exporter", "importer", "trade", "year"});
        benchmark::DoNotOptimize(p.rows());
    }
}
BENCHMARK(BM_read_trade_panel_yotov)->Unit(benchmark::kMillisecond);
} // namespace
