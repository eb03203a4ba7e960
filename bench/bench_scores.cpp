// Benchmarks of the integration scores (docs/performance.md, section "Integration scores").
//   BM_scores_year/200/5000        every economy, bilateral, network and product score of one year:
//                                  200 economies, 5,000 products (integration_scores_of with GDP and
//                                  distances, bilateral_scores_of, product_scores_of)
//   BM_network_scores/200          integration_scores_of alone (economy and network scores)
//   BM_product_scores/200/5000     product_scores_of alone (RCA, RSCA, Grubel-Lloyd, HHI, Theil)
//   BM_pagerank_sparse/100000      PageRank of a 100,000-node sparse network with 2,000,000 links
//   BM_eigenvector_sparse/100000   eigenvector centrality of the same network
//   BM_hits_sparse/100000          hub and authority scores (HITS) of the same network: two Lanczos
//                                  runs, on W Wᵀ and Wᵀ W (counters: operator products, converged)
#include <benchmark/benchmark.h>

#include <unbundle/scores/bilateral.hpp>
#include <unbundle/scores/economy.hpp>
#include <unbundle/scores/network.hpp>

#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace {

using unbundle::index_t;
using unbundle::matrix_d;
using unbundle::vector_d;

/// A seeded world: N economies with log-normal sizes, flows ~ size_i size_j / distance (gravity) with
/// 10% of the pairs zero, domestic sales on the diagonal.
struct world {
    unbundle::trade_matrix<double> flows;
    vector_d gdp;
    matrix_d distance;
    unbundle::product_flows<double> products;
};

world make_world(index_t n, index_t k, unsigned seed) {
    std::mt19937 rng(seed);
    std::lognormal_distribution<double> size(0, 1.5);
    std::uniform_real_distribution<double> u(0, 1);
    vector_d y(n);
    for (index_t i = 0; i < n; ++i) y(i) = size(rng);
    std::vector<double> lon(static_cast<std::size_t>(n)), lat(static_cast<std::size_t>(n));
    for (index_t i = 0; i < n; ++i) {
        lon[static_cast<std::size_t>(i)] = 360 * u(rng);
        lat[static_cast<std::size_t>(i)] = 180 * u(rng);
    }
    matrix_d D(n, n), X(n, n);
    for (index_t j = 0; j < n; ++j)
        for (index_t i = 0; i < n; ++i) {
            const double dx = lon[static_cast<std::size_t>(i)] - lon[static_cast<std::size_t>(j)];
            const double dy = lat[static_cast<std::size_t>(i)] - lat[static_cast<std::size_t>(j)];
            D(i, j) = i == j ? 0.0 : 10 + std::sqrt(dx * dx + dy * dy);
            X(i, j) = i == j ? 5 * y(i) : (u(rng) < 0.1 ? 0.0 : y(i) * y(j) / D(i, j));
        }
    std::vector<std::string> codes;
    for (index_t i = 0; i < n; ++i) codes.push_back("E" + std::to_string(i));
    std::vector<std::string> prods;
    for (index_t p = 0; p < k; ++p) prods.push_back("P" + std::to_string(p));
    world w{unbundle::trade_matrix<double>(unbundle::economy_index(codes), X), 10 * y, D, {}};
    w.products.economies = unbundle::economy_index(codes);
    w.products.products = prods;
    w.products.exports.resize(n, k);
    w.products.imports.resize(n, k);
    for (index_t p = 0; p < k; ++p)
        for (index_t i = 0; i < n; ++i) {
            w.products.exports(i, p) = u(rng) < 0.3 ? 0.0 : y(i) * u(rng);
            w.products.imports(i, p) = u(rng) < 0.3 ? 0.0 : y(i) * u(rng);
        }
    return w;
}

void BM_scores_year(benchmark::State& st) {
    const world w = make_world(st.range(0), st.range(1), 42);
    const std::optional<vector_d> gdp = w.gdp;
    const std::optional<matrix_d> dist = w.distance;
    for (auto _ : st) {
        const auto s = unbundle::integration_scores_of(w.flows, gdp, {}, dist);
        const auto b = unbundle::bilateral_scores_of(w.flows, 5.0);
        const auto p = unbundle::product_scores_of(w.products);
        benchmark::DoNotOptimize(s.composite.data());
        benchmark::DoNotOptimize(b.novy_tau.data());
        benchmark::DoNotOptimize(p.rca.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_scores_year)->Args({200, 5000})->Unit(benchmark::kMillisecond);

void BM_network_scores(benchmark::State& st) {
    const world w = make_world(st.range(0), 1, 42);
    const std::optional<vector_d> gdp = w.gdp;
    const std::optional<matrix_d> dist = w.distance;
    for (auto _ : st) {
        const auto s = unbundle::integration_scores_of(w.flows, gdp, {}, dist);
        benchmark::DoNotOptimize(s.composite.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_network_scores)->Arg(200)->Unit(benchmark::kMillisecond);

void BM_product_scores(benchmark::State& st) {
    const world w = make_world(st.range(0), st.range(1), 42);
    for (auto _ : st) {
        const auto p = unbundle::product_scores_of(w.products);
        benchmark::DoNotOptimize(p.rca.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_product_scores)->Args({200, 5000})->Unit(benchmark::kMillisecond);

/// A sparse directed network: n nodes, `links` distinct random links with weights ~ lognormal.
unbundle::sparse_matrix_x<double> make_sparse(index_t n, index_t links, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<index_t> node(0, n - 1);
    std::lognormal_distribution<double> weight(0, 1);
    std::vector<Eigen::Triplet<double>> t;
    t.reserve(static_cast<std::size_t>(links));
    while (static_cast<index_t>(t.size()) < links) {
        const index_t i = node(rng), j = node(rng);
        if (i != j) t.emplace_back(i, j, weight(rng));
    }
    unbundle::sparse_matrix_x<double> W(n, n);
    W.setFromTriplets(t.begin(), t.end()); // duplicates summed (about 200 of 2 million)
    return W;
}

void BM_pagerank_sparse(benchmark::State& st) {
    const auto W = make_sparse(st.range(0), 20 * st.range(0), 7);
    unbundle::solver_info info;
    for (auto _ : st) {
        const vector_d r = unbundle::pagerank(W, {}, &info);
        benchmark::DoNotOptimize(r.data());
        benchmark::ClobberMemory();
    }
    st.counters["iterations"] = info.iterations;
    st.counters["converged"] = info.converged;
}
BENCHMARK(BM_pagerank_sparse)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_eigenvector_sparse(benchmark::State& st) {
    const auto W = make_sparse(st.range(0), 20 * st.range(0), 7);
    unbundle::solver_info info;
    for (auto _ : st) {
        const vector_d c = unbundle::eigenvector_centrality(W, {}, &info);
        benchmark::DoNotOptimize(c.data());
        benchmark::ClobberMemory();
    }
    st.counters["iterations"] = info.iterations;
    st.counters["converged"] = info.converged;
}
BENCHMARK(BM_eigenvector_sparse)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_hits_sparse(benchmark::State& st) {
    const auto W = make_sparse(st.range(0), 20 * st.range(0), 7);
    unbundle::solver_info hub, authority;
    for (auto _ : st) {
        const auto h = unbundle::hits(W);
        benchmark::DoNotOptimize(h.hub.data());
        benchmark::DoNotOptimize(h.authority.data());
        benchmark::ClobberMemory();
        hub = h.hub_solver;
        authority = h.authority_solver;
    }
    st.counters["hub_products"] = hub.iterations;
    st.counters["authority_products"] = authority.iterations;
    st.counters["converged"] = hub.converged && authority.converged;
}
BENCHMARK(BM_hits_sparse)->Arg(100000)->Unit(benchmark::kMillisecond);

} // namespace
