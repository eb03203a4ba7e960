#pragma once
/// @file ge/monte_carlo.hpp
/// Monte Carlo over estimated coefficients: draws β ~ N(b, V) from a point estimate and its variance
/// matrix, runs a GE counterfactual per draw on a pool of threads and summarises the results
/// (mean, standard deviation, 2.5 % / 50 % / 97.5 % quantiles), as gegravity's MonteCarloGE.
///
/// Reproducible: draw d uses its own generator seeded with (seed, d), so results do not depend on the
/// number of threads. Draws whose counterfactual fails (an exception, a non-finite result) are counted
/// in `failed` and left out of the summaries.

#include "../detail/check.hpp"
#include "../detail/linalg.hpp"
#include "../error.hpp"
#include "../fwd.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace unbundle {

/// Settings of a Monte Carlo run.
struct monte_carlo_options {
    int draws = 1000;       ///< number of coefficient draws
    std::uint64_t seed = 1; ///< base seed
    int threads = 0;        ///< worker threads (0 = hardware concurrency)
    bool keep_draws = true; ///< keep every draw's coefficients and results
};

/// Summary of the results over the successful draws (each vector has one entry per result).
template <class Scalar = double> struct monte_carlo_result {
    matrix_x<Scalar> coefficients; ///< K x draws (when keep_draws)
    matrix_x<Scalar> results;      ///< M x draws (when keep_draws; failed draws are NaN)
    vector_x<Scalar> mean, sd, q025, median, q975;
    int succeeded = 0;
    int failed = 0;
    std::vector<std::string> failures; ///< first few failure messages
};

/// Factor L with L Lᵀ = V for a symmetric positive semi-definite V (eigen-decomposition, so singular
/// variance matrices are allowed, as gegravity's allow_singular_covar).
/// @throws dimension_error (not square), domain_error (not finite, not symmetric, negative eigenvalue).
template <class Derived, class Scalar = typename Derived::Scalar>
matrix_x<Scalar> covariance_factor(const Eigen::MatrixBase<Derived>& vcov) {
    detail::check_square(vcov, "covariance_factor", "vcov");
    detail::check_finite(vcov, "covariance_factor", "vcov");
    const matrix_x<Scalar> V = vcov;
    const Scalar scale = std::max(V.cwiseAbs().maxCoeff(), Scalar(1e-300));
    if ((V - V.transpose()).cwiseAbs().maxCoeff() > Scalar(1e-10) * scale)
        throw domain_error("covariance_factor: vcov is not symmetric");
    const auto es = linalg::symmetric_eigen<Scalar>(V);
    if (!es.ok) throw numerical_error("covariance_factor: eigen-decomposition of vcov failed");
    vector_x<Scalar> ev = es.values;
    for (index_t k = 0; k < ev.size(); ++k) {
        if (ev(k) < -Scalar(1e-10) * scale)
            throw domain_error("covariance_factor: vcov is not positive semi-definite (eigenvalue " +
                               detail::to_string_full(ev(k)) + ")");
        ev(k) = std::sqrt(std::max(ev(k), Scalar(0)));
    }
    return es.vectors * ev.asDiagonal();
}

/// Runs `f(beta_draw) -> vector_x<Scalar>` (same length M for every draw) over `opt.draws` draws of
/// β ~ N(estimate, vcov). `f` must be safe to call from several threads at once.
/// @throws dimension_error, domain_error on a bad estimate or vcov; usage_error when draws < 1.
template <class Scalar, class F>
monte_carlo_result<Scalar> monte_carlo(const vector_x<Scalar>& estimate, const matrix_x<Scalar>& vcov, F&& f,
                                       const monte_carlo_options& opt = {}) {
    if (opt.draws < 1) throw usage_error("monte_carlo: draws must be at least 1, got " + std::to_string(opt.draws));
    detail::check_size(vcov.rows(), estimate.size(), "monte_carlo", "vcov");
    detail::check_finite(estimate, "monte_carlo", "estimate");
    const matrix_x<Scalar> L = covariance_factor(vcov);
    const index_t K = estimate.size();
    const int D = opt.draws;
    matrix_x<Scalar> coefs(K, D);
    for (int d = 0; d < D; ++d) {
        std::seed_seq seq{static_cast<std::uint32_t>(opt.seed), static_cast<std::uint32_t>(opt.seed >> 32),
                          static_cast<std::uint32_t>(d)};
        std::mt19937_64 gen(seq);
        std::normal_distribution<double> nd(0.0, 1.0);
        vector_x<Scalar> z(K);
        for (index_t k = 0; k < K; ++k) z(k) = static_cast<Scalar>(nd(gen));
        coefs.col(d) = estimate + L * z;
    }
    std::vector<vector_x<Scalar>> out(static_cast<std::size_t>(D));
    std::vector<std::string> err(static_cast<std::size_t>(D));
    std::atomic<int> next{0};
    auto worker = [&] {
        for (;;) {
            const int d = next.fetch_add(1);
            if (d >= D) return;
            try {
                const vector_x<Scalar> b = coefs.col(d);
                out[static_cast<std::size_t>(d)] = f(b);
                if (!out[static_cast<std::size_t>(d)].allFinite())
                    err[static_cast<std::size_t>(d)] = "non-finite result";
            } catch (const std::exception& e) {
                err[static_cast<std::size_t>(d)] = e.what();
            }
        }
    };
    int nt = opt.threads > 0 ? opt.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    nt = std::min(nt, D);
    std::vector<std::thread> pool;
    for (int t = 1; t < nt; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();

    monte_carlo_result<Scalar> r;
    index_t M = -1;
    for (int d = 0; d < D; ++d)
        if (err[static_cast<std::size_t>(d)].empty()) {
            if (M < 0) M = out[static_cast<std::size_t>(d)].size();
            if (out[static_cast<std::size_t>(d)].size() != M)
                throw dimension_error("monte_carlo: draw " + std::to_string(d) + " returned " +
                                      std::to_string(out[static_cast<std::size_t>(d)].size()) + " results, others " +
                                      std::to_string(M));
        }
    for (int d = 0; d < D; ++d) {
        if (err[static_cast<std::size_t>(d)].empty()) {
            ++r.succeeded;
        } else {
            ++r.failed;
            if (r.failures.size() < 5)
                r.failures.push_back("draw " + std::to_string(d) + ": " + err[static_cast<std::size_t>(d)]);
        }
    }
    if (M < 0) M = 0;
    matrix_x<Scalar> res = matrix_x<Scalar>::Constant(M, D, std::numeric_limits<Scalar>::quiet_NaN());
    for (int d = 0; d < D; ++d)
        if (err[static_cast<std::size_t>(d)].empty()) res.col(d) = out[static_cast<std::size_t>(d)];
    r.mean.setZero(M);
    r.sd.setZero(M);
    r.q025.setZero(M);
    r.median.setZero(M);
    r.q975.setZero(M);
    std::vector<Scalar> v;
    for (index_t m = 0; m < M; ++m) {
        v.clear();
        for (int d = 0; d < D; ++d)
            if (err[static_cast<std::size_t>(d)].empty()) v.push_back(res(m, d));
        if (v.empty()) continue;
        Scalar s = 0;
        for (Scalar x : v) s += x;
        const Scalar mu = s / static_cast<Scalar>(v.size());
        Scalar ss = 0;
        for (Scalar x : v) ss += (x - mu) * (x - mu);
        r.mean(m) = mu;
        r.sd(m) = v.size() > 1 ? std::sqrt(ss / static_cast<Scalar>(v.size() - 1)) : Scalar(0);
        std::sort(v.begin(), v.end());
        auto q = [&](double p) { // type 7 quantile (R's default)
            const double h = (static_cast<double>(v.size()) - 1) * p;
            const auto lo = static_cast<std::size_t>(std::floor(h));
            const std::size_t hi = std::min(lo + 1, v.size() - 1);
            return v[lo] + static_cast<Scalar>(h - static_cast<double>(lo)) * (v[hi] - v[lo]);
        };
        r.q025(m) = q(0.025);
        r.median(m) = q(0.5);
        r.q975(m) = q(0.975);
    }
    if (opt.keep_draws) {
        r.coefficients = std::move(coefs);
        r.results = std::move(res);
    }
    return r;
}

} // namespace unbundle
