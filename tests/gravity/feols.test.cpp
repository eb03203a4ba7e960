#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/gravity/feols.hpp>

#include <Eigen/QR>

#include <cmath>
#include <vector>

TEST_CASE("gravity: feols with fixed effects equals OLS on dummies, with the same sandwich variances") {
    // reference: dense OLS of y on [x1 x2 D] (Frisch–Waugh–Lovell), variances computed directly
    const int G1 = 5, G2 = 4;
    std::vector<std::int32_t> c1, c2, cl;
    std::vector<double> yv, x1v, x2v;
    for (int i = 0; i < G1; ++i)
        for (int t = 0; t < G2; ++t)
            for (int r = 0; r < 2 + (i + t) % 2; ++r) {
                c1.push_back(i);
                c2.push_back(t);
                cl.push_back(i % 3);
                const double a = std::sin(1.3 * i + 0.7 * t + r), b = std::cos(0.4 * i * t + r * 1.1);
                x1v.push_back(a);
                x2v.push_back(b + 0.3 * a);
                yv.push_back(1.0 + 0.5 * a - 2.0 * b + 0.2 * i - 0.1 * t + 0.3 * std::sin(7.0 * (i + 3 * t + 5 * r)));
            }
    const Eigen::Index N = static_cast<Eigen::Index>(yv.size());
    unbundle::hdfe_problem p;
    p.y = Eigen::Map<unbundle::vector_d>(yv.data(), N);
    p.X.resize(N, 2);
    p.X.col(0) = Eigen::Map<unbundle::vector_d>(x1v.data(), N);
    p.X.col(1) = Eigen::Map<unbundle::vector_d>(x2v.data(), N);
    p.names = {"x1", "x2"};
    p.fe.codes = {c1, c2};
    p.fe.sizes = {G1, G2};
    p.fe.names = {"i", "t"};
    // dense reference
    const Eigen::Index P = 2 + G1 + G2 - 1;
    unbundle::matrix_d A = unbundle::matrix_d::Zero(N, P);
    A.leftCols(2) = p.X;
    for (Eigen::Index n = 0; n < N; ++n) {
        A(n, 2 + c1[static_cast<std::size_t>(n)]) = 1;
        if (c2[static_cast<std::size_t>(n)] > 0) A(n, 2 + G1 + c2[static_cast<std::size_t>(n)] - 1) = 1;
    }
    const unbundle::matrix_d AtA = A.transpose() * A;
    const unbundle::matrix_d inv = AtA.inverse();
    const unbundle::vector_d beta = inv * A.transpose() * p.y;
    const unbundle::vector_d e = p.y - A * beta;
    const double n = static_cast<double>(N), K = static_cast<double>(P);
    unbundle::ppml_options opt;
    opt.inner_tol = 1e-13;
    SUBCASE("iid") {
        const auto r = unbundle::feols(p, opt, unbundle::vcov_spec::iid());
        CHECK(r.coef(0) == doctest::Approx(beta(0)).epsilon(1e-10));
        CHECK(r.coef(1) == doctest::Approx(beta(1)).epsilon(1e-10));
        CHECK(r.dof_k == P);
        const double s2 = e.squaredNorm() / (n - K);
        CHECK(r.se(0) == doctest::Approx(std::sqrt(s2 * inv(0, 0))).epsilon(1e-8));
        CHECK(r.se(1) == doctest::Approx(std::sqrt(s2 * inv(1, 1))).epsilon(1e-8));
    }
    SUBCASE("hetero") {
        const auto r = unbundle::feols(p, opt, unbundle::vcov_spec::hetero());
        unbundle::matrix_d meat = unbundle::matrix_d::Zero(P, P);
        for (Eigen::Index k = 0; k < N; ++k) meat += e(k) * e(k) * A.row(k).transpose() * A.row(k);
        // fixest's HC1: (n - 1) / (n - K) times n / (n - 1)
        const unbundle::matrix_d V = n / (n - K) * inv * meat * inv;
        CHECK(r.se(0) == doctest::Approx(std::sqrt(V(0, 0))).epsilon(1e-8));
        CHECK(r.vcov(0, 1) == doctest::Approx(V(0, 1)).epsilon(1e-8));
    }
    SUBCASE("one-way cluster") {
        p.clusters = {cl};
        p.cluster_names = {"c"};
        const auto r = unbundle::feols(p, opt, unbundle::vcov_spec::clustered({"c"}));
        unbundle::matrix_d S = unbundle::matrix_d::Zero(3, P);
        for (Eigen::Index k = 0; k < N; ++k) S.row(cl[static_cast<std::size_t>(k)]) += e(k) * A.row(k);
        const unbundle::matrix_d meat = S.transpose() * S;
        // i is nested in the clusters (c = i mod 3): fixest counts K = 2 coefficients + (G2 - 1)
        // levels of t + 1 (the constant, which stays when nested effects are removed)
        const double Kn = 2 + G2;
        const unbundle::matrix_d V = (n - 1) / (n - Kn) * 3.0 / 2.0 * inv * meat * inv;
        CHECK(r.dof_k == 2 + G2);
        CHECK(r.se(1) == doctest::Approx(std::sqrt(V(1, 1))).epsilon(1e-8));
        REQUIRE(r.cluster_sizes.size() == 1);
        CHECK(r.cluster_sizes[0] == 3);
    }
    SUBCASE("fixed effects recovered reproduce the fitted values") {
        const auto r = unbundle::feols(p, opt, unbundle::vcov_spec::iid());
        REQUIRE(r.fe_coef.size() == 2);
        for (Eigen::Index k = 0; k < N; ++k) {
            const double fit = r.coef(0) * p.X(k, 0) + r.coef(1) * p.X(k, 1) +
                               r.fe_coef[0](c1[static_cast<std::size_t>(k)]) +
                               r.fe_coef[1](c2[static_cast<std::size_t>(k)]);
            CHECK(fit == doctest::Approx(r.fitted(k)).epsilon(1e-8));
        }
        CHECK(r.fe_coef[1](0) == 0.0);
    }
}

TEST_CASE("gravity: feols two-way clustering adds the one-way meats and subtracts the intersection") {
    std::vector<double> yv, xv;
    std::vector<std::int32_t> a, b;
    for (int k = 0; k < 40; ++k) {
        a.push_back(k % 5);
        b.push_back(k % 7);
        xv.push_back(std::sin((k % 5) * 1.3) + std::cos((k % 7) * 0.7) + 0.3 * std::sin(k * 0.9));
        yv.push_back(1 + 2 * xv.back() + std::sin((k % 5) * 2.1) + std::cos((k % 7) * 1.7) + 0.2 * std::cos(k * 2.3));
    }
    unbundle::hdfe_problem p;
    p.y = Eigen::Map<unbundle::vector_d>(yv.data(), 40);
    p.X.resize(40, 2);
    p.X.col(0).setOnes();
    p.X.col(1) = Eigen::Map<unbundle::vector_d>(xv.data(), 40);
    p.names = {"(Intercept)", "x"};
    p.clusters = {a, b};
    p.cluster_names = {"a", "b"};
    const auto r = unbundle::feols(p, {}, unbundle::vcov_spec::clustered({"a", "b"}));
    const unbundle::matrix_d& X = p.X;
    const unbundle::matrix_d inv = (X.transpose() * X).inverse();
    const unbundle::vector_d e = p.y - X * (inv * X.transpose() * p.y);
    auto meat = [&](auto code, int G) {
        unbundle::matrix_d S = unbundle::matrix_d::Zero(G, 2);
        for (int k = 0; k < 40; ++k) S.row(code(k)) += e(k) * X.row(k);
        return unbundle::matrix_d(S.transpose() * S);
    };
    const unbundle::matrix_d M = meat([&](int k) { return a[static_cast<std::size_t>(k)]; }, 5) +
                                 meat([&](int k) { return b[static_cast<std::size_t>(k)]; }, 7) -
                                 meat([&](int k) { return k % 35; }, 35);
    const unbundle::matrix_d V = 39.0 / 38.0 * 5.0 / 4.0 * inv * M * inv;
    REQUIRE(V(1, 1) > 0);
    CHECK(r.vcov(1, 1) == doctest::Approx(V(1, 1)).epsilon(1e-9));
}
