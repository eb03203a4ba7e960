#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/scores/economy.hpp>

#include <cmath>
#include <random>

namespace {
unbundle::matrix_d economy_three() {
    return (unbundle::matrix_d(3, 3) << 80, 10, 10, 20, 60, 20, 5, 15, 100).finished();
}
const std::vector<std::string> names{"A", "B", "C"};
} // namespace

TEST_CASE("scores: openness, depth and Harris market potential by hand") {
    const unbundle::vector_d gdp = (unbundle::vector_d(3) << 100, 200, 50).finished();
    const unbundle::vector_d o = unbundle::openness(economy_three(), gdp);
    CHECK(o(0) == doctest::Approx(0.45).epsilon(1e-15)); // (20 + 25) / 100
    CHECK(o(2) == doctest::Approx(1.0).epsilon(1e-15));  // (20 + 30) / 50
    const unbundle::vector_d d = unbundle::depth(economy_three(), gdp);
    CHECK(d(1) == doctest::Approx(0.2).epsilon(1e-15)); // 40 / 200
    const unbundle::matrix_d dist = (unbundle::matrix_d(3, 3) << 0, 10, 20, 10, 0, 5, 20, 5, 0).finished();
    const unbundle::vector_d mp = unbundle::harris_market_potential(gdp, dist);
    CHECK(mp(0) == doctest::Approx(22.5).epsilon(1e-15)); // 200/10 + 50/20
    CHECK(mp(1) == doctest::Approx(20.0).epsilon(1e-15)); // 100/10 + 50/5
    CHECK(mp(2) == doctest::Approx(45.0).epsilon(1e-15)); // 100/20 + 200/5
    unbundle::matrix_d dist_own = dist;
    dist_own(0, 0) = 4; // internal distance adds the own market
    CHECK(unbundle::harris_market_potential(gdp, dist_own)(0) == doctest::Approx(47.5).epsilon(1e-15));
    SUBCASE("bad input names the economy") {
        unbundle::vector_d bad = gdp;
        bad(1) = 0;
        CHECK_THROWS_WITH_AS(unbundle::openness(economy_three(), bad, &names), doctest::Contains("GDP of 'B'"),
                             unbundle::domain_error);
        CHECK_THROWS_WITH_AS(unbundle::depth(economy_three(), bad, &names), doctest::Contains("'B'"),
                             unbundle::domain_error);
        CHECK_THROWS_AS(unbundle::openness(economy_three(), unbundle::vector_d::Ones(2)), unbundle::dimension_error);
        unbundle::matrix_d d0 = dist;
        d0(1, 2) = 0;
        CHECK_THROWS_WITH_AS(unbundle::harris_market_potential(gdp, d0, &names), doctest::Contains("economy 2 (C)"),
                             unbundle::domain_error);
    }
}

TEST_CASE("scores: Redding-Venables market and supplier access") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.2, 1.0);
    const int n = 5;
    unbundle::matrix_d T(n, n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) T(i, j) = i == j ? 1.0 : u(rng);
    unbundle::vector_d Y(n), E(n);
    for (int i = 0; i < n; ++i) {
        Y(i) = 10 * u(rng);
        E(i) = 10 * u(rng);
    }
    E *= Y.sum() / E.sum();
    const auto r = unbundle::market_access(T, Y, E, 5.0, 0);
    CHECK(r.mr.info.converged);
    // MA_i = Σ_j T_ij E_j / P_j^(1-σ) = E_w Π_i^(1-σ); SA_j = Y_w P_j^(1-σ) (the resistance equations)
    CHECK(unbundle::test::is_approx(r.market_access, unbundle::vector_d(E.sum() * r.mr.omr_pow), 1e-10));
    CHECK(unbundle::test::is_approx(r.supplier_access, unbundle::vector_d(Y.sum() * r.mr.imr_pow), 1e-10));
    // by hand for economy 0
    double ma0 = 0;
    for (int j = 0; j < n; ++j) ma0 += T(0, j) * E(j) / r.mr.imr_pow(j);
    CHECK(r.market_access(0) == doctest::Approx(ma0).epsilon(1e-14));
    unbundle::vector_d bad = Y;
    bad(3) = 0;
    CHECK_THROWS_AS(unbundle::market_access(T, bad, E, 5.0, 0), unbundle::domain_error);
}

TEST_CASE("scores: Balassa RCA and symmetric RCA") {
    const unbundle::matrix_d X = (unbundle::matrix_d(2, 2) << 10, 30, 40, 20).finished();
    const unbundle::matrix_d r = unbundle::rca(X);
    CHECK(r(0, 0) == doctest::Approx(0.5).epsilon(1e-15)); // (10/40) / (50/100)
    CHECK(r(0, 1) == doctest::Approx(1.5).epsilon(1e-15));
    CHECK(r(1, 0) == doctest::Approx(4.0 / 3).epsilon(1e-15));
    const unbundle::matrix_d s = unbundle::rsca(r);
    CHECK(s(0, 0) == doctest::Approx(-1.0 / 3).epsilon(1e-15));
    CHECK(s(0, 1) == doctest::Approx(0.2).epsilon(1e-15));
    SUBCASE("RCA weighted by export shares averages to 1") {
        std::mt19937 rng(3);
        std::uniform_real_distribution<double> u(0, 1);
        unbundle::matrix_d Z(6, 9);
        for (int c = 0; c < 6; ++c)
            for (int k = 0; k < 9; ++k) Z(c, k) = u(rng) < 0.2 ? 0.0 : u(rng);
        const unbundle::matrix_d R = unbundle::rca(Z);
        const unbundle::vector_d Xc = Z.rowwise().sum();
        const unbundle::row_vector_d Xk = Z.colwise().sum();
        const double Xw = Z.sum();
        const unbundle::vector_d by_economy = R * (Xk.transpose() / Xw);     // Σ_k (X_wk / X_w) RCA_ck
        const unbundle::row_vector_d by_product = (Xc.transpose() / Xw) * R; // Σ_c (X_c / X_w) RCA_ck
        CHECK(unbundle::test::is_approx(by_economy, unbundle::vector_d::Ones(6), 1e-14));
        CHECK(unbundle::test::is_approx(by_product, unbundle::row_vector_d::Ones(9), 1e-14));
        CHECK((unbundle::rsca(R).array() >= -1).all());
        CHECK((unbundle::rsca(R).array() < 1).all());
    }
    unbundle::matrix_d neg = X;
    neg(1, 1) = -2;
    CHECK_THROWS_AS(unbundle::rca(neg), unbundle::domain_error);
}

TEST_CASE("scores: Grubel-Lloyd by product and aggregated") {
    const unbundle::matrix_d x = (unbundle::matrix_d(1, 3) << 10, 0, 5).finished();
    const unbundle::matrix_d m = (unbundle::matrix_d(1, 3) << 30, 0, 5).finished();
    const unbundle::matrix_d g = unbundle::grubel_lloyd(x, m);
    CHECK(g(0, 0) == doctest::Approx(0.5).epsilon(1e-15));
    CHECK(g(0, 1) == 0.0); // no trade in the product: 0 (documented)
    CHECK(g(0, 2) == 1.0);
    CHECK(unbundle::grubel_lloyd_aggregate(x, m)(0) == doctest::Approx(0.6).epsilon(1e-15)); // 1 - 20/50
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(0, 1);
    unbundle::matrix_d X(8, 20), M(8, 20);
    for (int c = 0; c < 8; ++c)
        for (int k = 0; k < 20; ++k) {
            X(c, k) = u(rng) < 0.3 ? 0.0 : u(rng);
            M(c, k) = u(rng) < 0.3 ? 0.0 : u(rng);
        }
    const unbundle::matrix_d G = unbundle::grubel_lloyd(X, M);
    CHECK((G.array() >= 0).all());
    CHECK((G.array() <= 1).all());
    const unbundle::vector_d A = unbundle::grubel_lloyd_aggregate(X, M);
    CHECK((A.array() >= 0).all());
    CHECK((A.array() <= 1).all());
    CHECK_THROWS_AS(unbundle::grubel_lloyd(X, unbundle::matrix_d(M.leftCols(3))), unbundle::dimension_error);
}

TEST_CASE("scores: HHI, normalised HHI and Theil") {
    const unbundle::vector_d v = (unbundle::vector_d(3) << 1, 1, 2).finished();
    CHECK(unbundle::hhi(v) == doctest::Approx(0.375).epsilon(1e-15));
    CHECK(unbundle::hhi_normalised(v) == doctest::Approx(0.0625).epsilon(1e-14)); // (0.375 - 1/3) / (2/3)
    const double mu = 4.0 / 3;
    const double t = (2 * (1 / mu) * std::log(1 / mu) + (2 / mu) * std::log(2 / mu)) / 3;
    CHECK(unbundle::theil(v) == doctest::Approx(t).epsilon(1e-14));
    const unbundle::vector_d eq = unbundle::vector_d::Constant(4, 2.5);
    CHECK(unbundle::hhi_normalised(eq) == doctest::Approx(0.0).scale(1));
    CHECK(std::abs(unbundle::theil(eq)) < 1e-15);
    const unbundle::vector_d one = (unbundle::vector_d(4) << 0, 7, 0, 0).finished();
    CHECK(unbundle::hhi_normalised(one) == doctest::Approx(1.0).epsilon(1e-15));
    CHECK(unbundle::theil(one) == doctest::Approx(std::log(4.0)).epsilon(1e-14)); // maximum ln K
    CHECK(unbundle::hhi(unbundle::vector_d::Zero(3)) == 0.0);
}

TEST_CASE("scores: DHL breadth against a hand-computed case") {
    const unbundle::vector_d b = unbundle::dhl_breadth(economy_three());
    // A: shares (1/2, 1/2); rest of the world's imports from others: B 15/35, C 20/35
    CHECK(b(0) == doctest::Approx(13.0 / 14).epsilon(1e-14));
    CHECK((b.array() >= 0).all());
    CHECK((b.array() <= 1).all());
}

TEST_CASE("scores: product_scores_of and an economy without trade") {
    unbundle::product_flows<double> f;
    f.economies = unbundle::economy_index({"A", "B", "C"});
    f.products = {"p1", "p2"};
    f.exports = (unbundle::matrix_d(3, 2) << 10, 30, 40, 20, 5, 0).finished();
    f.imports = (unbundle::matrix_d(3, 2) << 20, 10, 5, 5, 30, 40).finished();
    const auto s = unbundle::product_scores_of(f);
    CHECK(s.rca(0, 0) == doctest::Approx((10.0 / 40) / (55.0 / 105)).epsilon(1e-14));
    CHECK(s.grubel_lloyd(0, 0) == doctest::Approx(1 - 10.0 / 30).epsilon(1e-14));
    CHECK(s.product_hhi(0) == doctest::Approx(0.0625 + 0.5625).epsilon(1e-14));
    CHECK(s.product_hhi_normalised(2) == doctest::Approx(1.0));
    f.exports.row(1).setZero();
    f.imports.row(1).setZero();
    CHECK_THROWS_WITH_AS(unbundle::product_scores_of(f), doctest::Contains("economy 'B' has no international trade"),
                         unbundle::domain_error);
}

TEST_CASE("scores: negative flows are an error naming the economy (RCA, Grubel-Lloyd, products)") {
    // issue 12's bad-input list: negative exports or imports by product
    const unbundle::matrix_d ex = (unbundle::matrix_d(3, 2) << 10, 30, 40, -20, 5, 0).finished();
    const unbundle::matrix_d im = (unbundle::matrix_d(3, 2) << 20, 10, 5, 5, 30, 40).finished();
    CHECK_THROWS_WITH_AS(unbundle::rca(ex, &names), doctest::Contains("-20"), unbundle::domain_error);
    CHECK_THROWS_WITH_AS(unbundle::rca(ex, &names), doctest::Contains("row 1 (B)"), unbundle::domain_error);
    CHECK_THROWS_WITH_AS(unbundle::grubel_lloyd(im, ex, &names), doctest::Contains("imports must be non-negative"),
                         unbundle::domain_error);
    unbundle::product_flows<double> f;
    f.economies = unbundle::economy_index({"A", "B", "C"});
    f.products = {"p1", "p2"};
    f.exports = ex;
    f.imports = im;
    CHECK_THROWS_AS(unbundle::product_scores_of(f), unbundle::domain_error);
}
