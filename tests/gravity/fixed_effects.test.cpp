#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/gravity/fixed_effects.hpp>

#include <Eigen/QR>

#include <cstdint>
#include <vector>

namespace {

// Residual of the weighted least-squares fit of v on the dense dummy matrix (reference).
unbundle::vector_d dense_residual(const unbundle::fixed_effects& fe, const unbundle::vector_d& v,
                                  const unbundle::vector_d& w) {
    const Eigen::Index N = v.size();
    const Eigen::Index L = fe.total_levels();
    unbundle::matrix_d D = unbundle::matrix_d::Zero(N, L);
    Eigen::Index off = 0;
    for (std::size_t q = 0; q < fe.codes.size(); ++q) {
        for (Eigen::Index n = 0; n < N; ++n) D(n, off + fe.codes[q][static_cast<std::size_t>(n)]) = 1;
        off += fe.sizes[q];
    }
    const unbundle::vector_d sw = w.cwiseSqrt();
    const unbundle::matrix_d Dw = sw.asDiagonal() * D;
    const unbundle::vector_d vw = sw.cwiseProduct(v);
    Eigen::CompleteOrthogonalDecomposition<unbundle::matrix_d> qr(Dw);
    const unbundle::vector_d a = qr.solve(vw);
    return v - D * a;
}

} // namespace

TEST_CASE("gravity: one fixed effect is partialled out by weighted group means") {
    unbundle::fixed_effects fe;
    fe.codes = {{0, 0, 1, 1, 1}};
    fe.sizes = {2};
    unbundle::vector_d v(5), w(5);
    v << 1, 3, 2, 4, 9;
    w << 1, 3, 1, 1, 2;
    unbundle::fe_projector p(fe);
    p.set_weights(w.data());
    unbundle::matrix_d alpha, out(5, 1);
    const auto info = p.partial_out(v, alpha, out);
    CHECK(info.converged);
    // group 0: weighted mean (1*1 + 3*3)/4 = 2.5; group 1: (2 + 4 + 18)/4 = 6
    unbundle::vector_d expect(5);
    expect << -1.5, 0.5, -4, -2, 3;
    CHECK(unbundle::test::is_approx(out, expect, 1e-14));
}

TEST_CASE("gravity: two balanced fixed effects give the two-way within transform") {
    // closed form for a balanced panel: v_it - mean_i - mean_t + grand mean
    const int I = 6, T = 5;
    unbundle::fixed_effects fe;
    fe.codes.assign(2, {});
    unbundle::vector_d v(I * T);
    for (int i = 0; i < I; ++i)
        for (int t = 0; t < T; ++t) {
            fe.codes[0].push_back(i);
            fe.codes[1].push_back(t);
            v(i * T + t) = std::sin(1.0 + i * 0.7 + t * t * 0.3) + 0.1 * i * t;
        }
    fe.sizes = {I, T};
    unbundle::vector_d expect(I * T);
    const double grand = v.mean();
    for (int i = 0; i < I; ++i)
        for (int t = 0; t < T; ++t) {
            double mi = 0, mt = 0;
            for (int s = 0; s < T; ++s) mi += v(i * T + s) / T;
            for (int j = 0; j < I; ++j) mt += v(j * T + t) / I;
            expect(i * T + t) = v(i * T + t) - mi - mt + grand;
        }
    unbundle::fe_projector p(fe);
    p.set_weights(nullptr);
    unbundle::matrix_d alpha, out(I * T, 1);
    unbundle::projection_options opt;
    opt.tol = 1e-13;
    const auto info = p.partial_out(v, alpha, out, opt);
    CHECK(info.converged);
    CHECK(unbundle::test::is_approx(out, expect, 1e-11));
}

TEST_CASE("gravity: three weighted fixed effects match a dense dummy regression, warm start included") {
    // unbalanced exporter-year, importer-year and pair structure
    unbundle::fixed_effects fe;
    fe.codes.assign(3, {});
    std::vector<double> vv, ww;
    const int N = 7, T = 4;
    for (int t = 0; t < T; ++t)
        for (int i = 0; i < N; ++i)
            for (int j = 0; j < N; ++j) {
                if (i == j || (i + j + t) % 5 == 0) continue;
                fe.codes[0].push_back(i * T + t);
                fe.codes[1].push_back(j * T + t);
                fe.codes[2].push_back(i * N + j);
                vv.push_back(std::cos(0.3 * i - 0.2 * j + 0.5 * t) + 0.05 * i * j);
                ww.push_back(0.5 + ((i * 7 + j * 3 + t) % 11) / 5.0);
            }
    for (auto& c : fe.codes) fe.sizes.push_back(unbundle::detail::densify_codes(c));
    const Eigen::Index M = static_cast<Eigen::Index>(vv.size());
    const unbundle::vector_d v = Eigen::Map<unbundle::vector_d>(vv.data(), M);
    const unbundle::vector_d w = Eigen::Map<unbundle::vector_d>(ww.data(), M);
    const unbundle::vector_d ref = dense_residual(fe, v, w);
    unbundle::fe_projector p(fe);
    p.set_weights(w.data());
    unbundle::matrix_d alpha, out(M, 2), V(M, 2);
    V.col(0) = v;
    V.col(1) = 2 * v;
    unbundle::projection_options opt;
    opt.tol = 1e-12;
    const auto info = p.partial_out(V, alpha, out, opt);
    CHECK(info.converged);
    CHECK(unbundle::test::is_approx(out.col(0), ref, 1e-8));
    CHECK(unbundle::test::is_approx(out.col(1), (2 * ref).eval(), 1e-8));
    // warm start from the solution: converges at once
    const auto again = p.partial_out(V, alpha, out, opt);
    CHECK(again.converged);
    CHECK(again.iterations <= 2);
    // the iteration cap is reported, not hidden
    unbundle::matrix_d cold;
    opt.max_iter = 1;
    opt.tol = 1e-15;
    const auto capped = p.partial_out(V, cold, out, opt);
    CHECK_FALSE(capped.converged);
    CHECK(capped.message.find("no convergence") != std::string::npos);
}

TEST_CASE("gravity: interaction codes combine two variables into one dense code") {
    const std::vector<std::int32_t> a{0, 0, 1, 1, -1}, b{0, 1, 0, 1, 0};
    const auto c = unbundle::detail::interact_codes(a, b, 2);
    CHECK(c == std::vector<std::int32_t>{0, 1, 2, 3, -1});
}
