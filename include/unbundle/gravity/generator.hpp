#pragma once
/// @file gravity/generator.hpp
/// A C++ port of `shared/tools/gen_gravity.py`: the deterministic synthetic structural-gravity
/// panel (SplitMix64 stream, Box–Muller normals, Poisson by inversion below 10 and Hörmann's
/// PTRS above), giving the same numbers as the script (checked against its output file bit for
/// bit: the doubles print identically with shortest round-trip formatting). Lets tests and
/// benchmarks use the panels without Python.
///
/// DGP (i exporter, j importer, t year, i != j): y ~ Poisson(exp(c + ex_it + im_jt + pair_ij +
/// 0.4 rta_ijt - 4.0 policy_ijt)); see the script for the details.

#include "../fwd.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace unbundle {

/// One row of the synthetic panel.
struct synthetic_flow {
    int exporter, importer, year; ///< economy indices 0..N-1, year 2000 + t
    double trade;                 ///< Poisson draw
    double ln_dist;
    int contig, rta;
    double policy, true_mu;
};

namespace detail {

/// SplitMix64 with the uniform/normal/Poisson draws of gen_gravity.py (own name: data/demo_world.hpp
/// has a plain SplitMix64 of its own).
class gravity_rng {
  public:
    explicit gravity_rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next_u64() {
        state_ += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// U(0,1): (k + 0.5) / 2^53.
    double uniform() { return (static_cast<double>(next_u64() >> 11) + 0.5) * (1.0 / 9007199254740992.0); }
    double normal(double mean, double sd) {
        if (has_spare_) {
            has_spare_ = false;
            return mean + sd * spare_;
        }
        const double u1 = uniform(), u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double two_pi = 2.0 * 3.141592653589793;
        spare_ = r * std::sin(two_pi * u2);
        has_spare_ = true;
        return mean + sd * r * std::cos(two_pi * u2);
    }
    long poisson(double mu) {
        if (mu <= 0.0) return 0;
        if (mu < 10.0) {
            const double u = uniform();
            long k = 0;
            double p = std::exp(-mu);
            double s = p;
            while (u > s && k < 1000) {
                ++k;
                p *= mu / static_cast<double>(k);
                s += p;
            }
            return k;
        }
        const double slam = std::sqrt(mu);
        const double loglam = std::log(mu);
        const double b = 0.931 + 2.53 * slam;
        const double a = -0.059 + 0.02483 * b;
        const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
        const double vr = 0.9277 - 3.6224 / (b - 2.0);
        for (;;) {
            const double U = uniform() - 0.5;
            const double V = uniform();
            const double us = 0.5 - std::abs(U);
            const long k = static_cast<long>(std::floor((2.0 * a / us + b) * U + mu + 0.43));
            if (us >= 0.07 && V <= vr) return k;
            if (k < 0 || (us < 0.013 && V > us)) continue;
            if ((std::log(V) + std::log(invalpha) - std::log(a / (us * us) + b)) <=
                (-mu + static_cast<double>(k) * loglam - std::lgamma(static_cast<double>(k) + 1)))
                return k;
        }
    }

  private:
    std::uint64_t state_;
    bool has_spare_ = false;
    double spare_ = 0;
};

} // namespace detail

/// The panel of gen_gravity.py for N economies and T years (small: 40, 10; medium: 150, 20;
/// large: 200, 40), rows in the script's order (year, exporter, importer).
template <class Dep = void>
inline std::vector<synthetic_flow> synthetic_gravity_panel(int N, int T, std::uint64_t seed = 20240601) {
    detail::gravity_rng rng(seed);
    const double pi = 3.141592653589793;
    const double rad_to_deg = 180.0 / pi, deg_to_rad = pi / 180.0;
    const auto n = static_cast<std::size_t>(N);
    std::vector<double> lat(n), lon(n), a(n), g(n), h(n), mfn0(n), mfn_decline(n);
    for (auto& v : lat) v = std::asin(2.0 * rng.uniform() - 1.0) * rad_to_deg * 0.8;
    for (auto& v : lon) v = 360.0 * rng.uniform() - 180.0;
    for (auto& v : a) v = rng.normal(0.0, 1.2);
    for (auto& v : g) v = rng.normal(0.02, 0.02);
    for (auto& v : h) v = rng.normal(0.02, 0.02);
    for (auto& v : mfn0) v = 0.15 * rng.uniform();
    for (auto& v : mfn_decline) v = 0.03 * rng.uniform();
    std::vector<double> ex(n * static_cast<std::size_t>(T)), im(ex.size());
    for (int i = 0; i < N; ++i)
        for (int t = 0; t < T; ++t)
            ex[static_cast<std::size_t>(i) * static_cast<std::size_t>(T) + static_cast<std::size_t>(t)] =
                a[static_cast<std::size_t>(i)] + g[static_cast<std::size_t>(i)] * t + rng.normal(0.0, 0.05);
    for (int j = 0; j < N; ++j)
        for (int t = 0; t < T; ++t)
            im[static_cast<std::size_t>(j) * static_cast<std::size_t>(T) + static_cast<std::size_t>(t)] =
                0.8 * a[static_cast<std::size_t>(j)] + h[static_cast<std::size_t>(j)] * t + rng.normal(0.0, 0.05);
    std::vector<double> ln_dist(n * n);
    std::vector<int> contig(n * n), start(n * n);
    auto at = [N](int i, int j) {
        return static_cast<std::size_t>(i) * static_cast<std::size_t>(N) + static_cast<std::size_t>(j);
    };
    for (int i = 0; i < N; ++i)
        for (int j = i + 1; j < N; ++j) {
            const double p1 = lat[static_cast<std::size_t>(i)] * deg_to_rad,
                         p2 = lat[static_cast<std::size_t>(j)] * deg_to_rad;
            const double dl = (lon[static_cast<std::size_t>(j)] - lon[static_cast<std::size_t>(i)]) * deg_to_rad;
            double c = std::sin(p1) * std::sin(p2) + std::cos(p1) * std::cos(p2) * std::cos(dl);
            c = std::max(-1.0, std::min(1.0, c));
            const double d = std::max(100.0, 6371.0 * std::acos(c));
            ln_dist[at(i, j)] = ln_dist[at(j, i)] = std::log(d);
            contig[at(i, j)] = contig[at(j, i)] = d < 1000.0 ? 1 : 0;
            const double p_sign = d < 5000.0 ? 0.5 : 0.15;
            int s = 1000000000;
            if (rng.uniform() < p_sign) s = static_cast<int>(std::floor(rng.uniform() * 1.5 * T)) - T / 2;
            start[at(i, j)] = start[at(j, i)] = s;
        }
    std::vector<double> pair(n * n);
    for (int i = 0; i < N; ++i)
        for (int j = 0; j < N; ++j)
            if (i != j) pair[at(i, j)] = -1.0 * ln_dist[at(i, j)] + 0.5 * contig[at(i, j)] + rng.normal(0.0, 0.5);
    std::vector<synthetic_flow> rows;
    rows.reserve(static_cast<std::size_t>(T) * n * (n - 1));
    std::vector<double> eta0;
    eta0.reserve(rows.capacity());
    for (int t = 0; t < T; ++t)
        for (int i = 0; i < N; ++i)
            for (int j = 0; j < N; ++j) {
                if (i == j) continue;
                const int rta = t >= start[at(i, j)] ? 1 : 0;
                double tariff = 0.0;
                if (!rta)
                    tariff = std::max(0.0, mfn0[static_cast<std::size_t>(j)] -
                                               mfn_decline[static_cast<std::size_t>(j)] * t / std::max(1, T - 1) * 3.0 +
                                               0.02 * rng.uniform());
                const double pol = std::log1p(tariff);
                const double e =
                    ex[static_cast<std::size_t>(i) * static_cast<std::size_t>(T) + static_cast<std::size_t>(t)] +
                    im[static_cast<std::size_t>(j) * static_cast<std::size_t>(T) + static_cast<std::size_t>(t)] +
                    pair[at(i, j)] + 0.4 * rta + -4.0 * pol;
                rows.push_back({i, j, 2000 + t, 0.0, ln_dist[at(i, j)], contig[at(i, j)], rta, pol, 0.0});
                eta0.push_back(e);
            }
    std::vector<double> sorted = eta0;
    std::sort(sorted.begin(), sorted.end());
    const double med = sorted[sorted.size() / 2];
    const double c = std::log(0.7) - med;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const double mu = std::exp(c + eta0[k]);
        rows[k].trade = static_cast<double>(rng.poisson(mu));
        rows[k].true_mu = mu;
    }
    return rows;
}

/// The panel as CSV text in the script's format (header
/// `exporter,importer,year,trade,ln_dist,contig,rta,policy,true_mu`, economies `C00`...).
template <class Dep = void> inline std::string synthetic_gravity_csv(const std::vector<synthetic_flow>& rows, int N) {
    const int width = static_cast<int>(std::to_string(N - 1).size());
    auto code = [width](int i) {
        std::string s = std::to_string(i);
        return "C" + std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
    };
    auto num = [](double v) {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        std::string s(buf, r.ptr);
        // Python's repr always shows a decimal point or exponent for floats
        if (s.find_first_of(".en") == std::string::npos) s += ".0";
        return s;
    };
    std::string out = "exporter,importer,year,trade,ln_dist,contig,rta,policy,true_mu\n";
    out.reserve(rows.size() * 90);
    for (const auto& r : rows) {
        out += code(r.exporter) + ',' + code(r.importer) + ',' + std::to_string(r.year) + ',' +
               std::to_string(static_cast<long>(r.trade)) + ',' + num(r.ln_dist) + ',' + std::to_string(r.contig) +
               ',' + std::to_string(r.rta) + ',' + num(r.policy) + ',' + num(r.true_mu) + '\n';
    }
    return out;
}

} // namespace unbundle
