// Benchmarks of include/unbundle/mrio/: the Leontief factorisation, accounts with Ghosh, and the
// KWW, WWZ and Borin–Mancini decompositions, shocks, lockdowns and influence measures on WIOD 2011
// (n = 1435), plus random productive
// tables of WIOD 2016 (2464), OECD ICIO (3465) and EXIOBASE (9800) size.
// Reproduce: see docs/performance.md ("Input-output").

#include <benchmark/benchmark.h>

#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/mrio/accounts.hpp>
#include <unbundle/mrio/decompose.hpp>
#include <unbundle/mrio/influence.hpp>
#include <unbundle/mrio/lockdown.hpp>
#include <unbundle/mrio/shock.hpp>
#include <unbundle/mrio/value_added.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>

namespace {

std::string data_dir() {
    if (const char* e = std::getenv("UNBUNDLE_DATA")) return e;
    return std::string(UNBUNDLE_SOURCE_DIR) + "/../shared/data";
}

const unbundle::mrio<double>* wiod2011() {
    static std::unique_ptr<unbundle::mrio<double>> t;
    if (!t) {
        const std::string d = data_dir() + "/wiod2013/2011";
        if (!std::filesystem::is_directory(d)) return nullptr;
        t = std::make_unique<unbundle::mrio<double>>(unbundle::read_mrio(d));
    }
    return t.get();
}

#define NEED_WIOD(st)                                                                                                  \
    const auto* table = wiod2011();                                                                                    \
    if (!table) {                                                                                                      \
        st.SkipWithError("WIOD 2011 not found (set UNBUNDLE_DATA)");                                                   \
        return;                                                                                                        \
    }

// A random productive MRIO with G regions x N sectors: domestic blocks denser than foreign ones,
// column sums of A about 0.55, final demand positive. Deterministic (seeded).
unbundle::mrio<double> random_mrio(unbundle::index_t G, unbundle::index_t N, unsigned seed) {
    const unbundle::index_t n = G * N;
    std::mt19937_64 g(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    unbundle::matrix_d Z(n, n);
    for (unbundle::index_t j = 0; j < n; ++j)
        for (unbundle::index_t i = 0; i < n; ++i) Z(i, j) = u(g) * ((i / N == j / N) ? 20.0 : 1.0);
    unbundle::matrix_d Y(n, G);
    for (unbundle::index_t r = 0; r < G; ++r)
        for (unbundle::index_t i = 0; i < n; ++i) Y(i, r) = u(g) * ((i / N == r) ? 50.0 : 2.0);
    // scale Z's columns so that intermediate inputs are 55% of output (x = Z1 + Y1 by construction)
    // x_j unknown before scaling; use x = Z1 + Y1 after a fixed-point of column scalings (3 passes suffice)
    for (int pass = 0; pass < 3; ++pass) {
        const unbundle::vector_d x = Z.rowwise().sum() + Y.rowwise().sum();
        for (unbundle::index_t j = 0; j < n; ++j) Z.col(j) *= 0.55 * x(j) / Z.col(j).sum();
    }
    std::vector<std::string> rc, sc;
    for (unbundle::index_t r = 0; r < G; ++r) rc.push_back("R" + std::to_string(r));
    for (unbundle::index_t s = 0; s < N; ++s) sc.push_back("s" + std::to_string(s));
    return unbundle::mrio<double>(unbundle::economy_index(rc), unbundle::sector_index(sc), std::move(Z), std::move(Y));
}

void BM_leontief_lu_wiod(benchmark::State& st) {
    NEED_WIOD(st);
    for (auto _ : st) {
        unbundle::leontief<double> L(*table);
        benchmark::DoNotOptimize(&L);
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_leontief_lu_wiod)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_leontief_inverse_wiod(benchmark::State& st) {
    NEED_WIOD(st);
    unbundle::leontief_options o;
    o.method = unbundle::leontief_method::inverse;
    for (auto _ : st) {
        unbundle::leontief<double> L(*table, o);
        benchmark::DoNotOptimize(L.inverse().data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_leontief_inverse_wiod)->Unit(benchmark::kMillisecond)->UseRealTime();

// pymrio calc_all with Ghosh: A, L, G, x, multipliers (+ here upstreamness/downstreamness)
void BM_accounts_ghosh_wiod(benchmark::State& st) {
    NEED_WIOD(st);
    unbundle::accounts_options o;
    o.ghosh = true;
    for (auto _ : st) {
        auto a = unbundle::accounts(*table, o);
        benchmark::DoNotOptimize(a.G.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_accounts_ghosh_wiod)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_accounts_solves_wiod(benchmark::State& st) {
    NEED_WIOD(st);
    for (auto _ : st) {
        auto a = unbundle::accounts(*table);
        benchmark::DoNotOptimize(a.upstreamness.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_accounts_solves_wiod)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_value_added_trade_wiod(benchmark::State& st) {
    NEED_WIOD(st);
    for (auto _ : st) {
        unbundle::value_chain<double> vc(*table);
        auto v = unbundle::value_added_in_trade(vc);
        benchmark::DoNotOptimize(v.vax.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_value_added_trade_wiod)->Unit(benchmark::kMillisecond)->UseRealTime();

// The decompositions, each from the table (factorisation included), as the R packages are timed.
void BM_decompose_wiod(benchmark::State& st, unbundle::decomposition_method m) {
    NEED_WIOD(st);
    unbundle::value_chain_options o;
    o.explicit_inverse = m != unbundle::decomposition_method::kww;
    for (auto _ : st) {
        unbundle::value_chain<double> vc(*table, o);
        auto d = unbundle::decompose(vc, m);
        benchmark::DoNotOptimize(d.terms[0].data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK_CAPTURE(BM_decompose_wiod, kww, unbundle::decomposition_method::kww)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_decompose_wiod, wwz, unbundle::decomposition_method::wwz)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_decompose_wiod, bm_source, unbundle::decomposition_method::bm_source)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_decompose_wiod, bm_sink, unbundle::decomposition_method::bm_sink)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Borin–Mancini bilateral perspective (one extraction per exporter-importer pair, 1,640 on WIOD)
void BM_decompose_bilateral_wiod(benchmark::State& st, unbundle::decomposition_method m) {
    NEED_WIOD(st);
    unbundle::value_chain_options o;
    o.explicit_inverse = true;
    for (auto _ : st) {
        unbundle::value_chain<double> vc(*table, o);
        auto d = unbundle::decompose(vc, m, unbundle::bm_perspective::bilateral);
        benchmark::DoNotOptimize(d.terms[0].data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK_CAPTURE(BM_decompose_bilateral_wiod, bm_source, unbundle::decomposition_method::bm_source)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_decompose_bilateral_wiod, bm_sink, unbundle::decomposition_method::bm_sink)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Explicit Leontief inverse of random productive tables (vs numpy.linalg.inv): n = G x N
void BM_leontief_inverse_random(benchmark::State& st) {
    const auto n = static_cast<unbundle::index_t>(st.range(0));
    const unbundle::index_t N = n == 2464 ? 56 : n == 3465 ? 45 : 35;
    const auto t = random_mrio(n / N, N, 42);
    unbundle::leontief_options o;
    o.method = unbundle::leontief_method::inverse;
    for (auto _ : st) {
        unbundle::leontief<double> L(t, o);
        benchmark::DoNotOptimize(L.inverse().data());
        benchmark::ClobberMemory();
    }
    st.counters["n"] = static_cast<double>(n);
}
BENCHMARK(BM_leontief_inverse_random)->Arg(1435)->Arg(2464)->Arg(3465)->Unit(benchmark::kMillisecond)->UseRealTime();

// EXIOBASE size (49 regions x 200 products = 9800): full accounts. Heavy: run it alone
// (--benchmark_filter=BM_accounts_exiobase) under /usr/bin/time -v for the peak memory.
void BM_accounts_exiobase(benchmark::State& st) {
    const bool ghosh = st.range(0) != 0;
    for (auto _ : st) {
        st.PauseTiming();
        auto t = random_mrio(49, 200, 7);
        st.ResumeTiming();
        unbundle::accounts_options o;
        o.ghosh = ghosh;
        auto a = unbundle::accounts(t, o);
        benchmark::DoNotOptimize(a.upstreamness.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_accounts_exiobase)->Arg(0)->Arg(1)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

// Shocks after the factorisation (the LU is built once, outside the loop).
void BM_shock_demand_wiod(benchmark::State& st) {
    NEED_WIOD(st);
    const unbundle::leontief<double> L(*table);
    for (auto _ : st) {
        auto r = unbundle::propagate_shock(L, *table,
                                           unbundle::shock_vector(*table, {{"*", "c22", -0.5}, {"*", "c25", -0.6}}),
                                           {unbundle::shock_model::demand, false});
        benchmark::DoNotOptimize(r.region_d_gdp.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_shock_demand_wiod)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_shock_supply_wiod(benchmark::State& st) {
    NEED_WIOD(st);
    const unbundle::leontief<double> L(*table);
    for (auto _ : st) {
        auto r = unbundle::propagate_shock(L, *table, unbundle::shock_vector(*table, {{"*", "*", -0.1}}),
                                           {unbundle::shock_model::supply, false});
        benchmark::DoNotOptimize(r.region_d_gdp.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_shock_supply_wiod)->Unit(benchmark::kMillisecond)->UseRealTime();

// The 41 x 41 spillover matrix (41 right-hand sides) after the factorisation.
void BM_spillover_wiod(benchmark::State& st) {
    NEED_WIOD(st);
    const unbundle::leontief<double> L(*table);
    for (auto _ : st) {
        auto r = unbundle::propagate_shock(L, *table, unbundle::shock_vector(*table, {{"*", "*", -0.1}}),
                                           {unbundle::shock_model::demand, true});
        benchmark::DoNotOptimize(r.spillover.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_spillover_wiod)->Unit(benchmark::kMillisecond)->UseRealTime();

// A lockdown of all 41 regions with attribution (default remote shares) after the factorisation.
void BM_lockdown_wiod(benchmark::State& st) {
    NEED_WIOD(st);
    const unbundle::leontief<double> L(*table);
    for (auto _ : st) {
        auto r = unbundle::lockdown(L, *table, {{"*", 0.1}, {"ITA", 0.15}});
        benchmark::DoNotOptimize(r.spillover.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_lockdown_wiod)->Unit(benchmark::kMillisecond)->UseRealTime();

// All influence measures (Domar two ways, influence vector, linkages, world GDP per own GDP)
// after the factorisation.
void BM_influence_wiod(benchmark::State& st) {
    NEED_WIOD(st);
    const unbundle::leontief<double> L(*table);
    for (auto _ : st) {
        auto r = unbundle::influence(L, *table);
        benchmark::DoNotOptimize(r.world_gdp_per_own_gdp.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_influence_wiod)->Unit(benchmark::kMillisecond)->UseRealTime();

// From the table: the factorisation, the 41 x 41 spillover matrix and all influence measures.
void BM_spillover_influence_from_table_wiod(benchmark::State& st) {
    NEED_WIOD(st);
    for (auto _ : st) {
        const unbundle::leontief<double> L(*table);
        auto s = unbundle::propagate_shock(L, *table, unbundle::shock_vector(*table, {{"*", "*", -0.1}}),
                                           {unbundle::shock_model::supply, true});
        auto r = unbundle::influence(L, *table);
        benchmark::DoNotOptimize(s.spillover.data());
        benchmark::DoNotOptimize(r.world_gdp_per_own_gdp.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_spillover_influence_from_table_wiod)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace
