#include <unbundle/scenario/indicators.hpp>

#include <doctest/doctest.h>

#include <cmath>

namespace {
// Two regions, one sector: Z = [10 5; 2 20], Y = [60 10; 8 50] (rows sellers, columns buyers).
unbundle::mrio<double> two_region() {
    unbundle::matrix_d Z(2, 2), Y(2, 2);
    Z << 10, 5, 2, 20;
    Y << 60, 10, 8, 50;
    return unbundle::mrio<double>(unbundle::economy_index{"A", "B"}, unbundle::sector_index{"s"}, Z, Y);
}
} // namespace

TEST_CASE("scenario/indicators: trade to GDP, VAX ratio and GVC participation of a 2-region table by hand") {
    const auto t = two_region();
    const auto s = unbundle::table_indicators(t);
    // x = (85, 80), va = x − Z'1 = (73, 55); exports E = (5 + 10, 2 + 8) = (15, 10)
    CHECK(s.trade_to_gdp == doctest::Approx(25.0 / 128.0).epsilon(1e-14));
    // L = (I − A)^-1 with A = Z / x (columns), by the 2 x 2 formula
    const double a11 = 10.0 / 85, a12 = 5.0 / 80, a21 = 2.0 / 85, a22 = 20.0 / 80;
    const double det = (1 - a11) * (1 - a22) - a12 * a21;
    const double L11 = (1 - a22) / det, L12 = a12 / det, L21 = a21 / det, L22 = (1 - a11) / det;
    const double v1 = 73.0 / 85, v2 = 55.0 / 80;
    // VAX_AB = v_A (L_AA Y_AB + L_AB Y_BB), VAX_BA = v_B (L_BA Y_AA + L_BB Y_BA)
    const double vaxAB = v1 * (L11 * 10 + L12 * 50), vaxBA = v2 * (L21 * 60 + L22 * 8);
    CHECK(s.vax_ratio == doctest::Approx((vaxAB + vaxBA) / 25.0).epsilon(1e-13));
    // two regions: no third country to re-export to, so participation = backward = v_B L_BA E_A + v_A L_AB E_B
    const double vsA = v2 * L21 * 15, vsB = v1 * L12 * 10;
    CHECK(s.gvc_participation == doctest::Approx((vsA + vsB) / 25.0).epsilon(1e-13));
    CHECK(s.economy_gvc_participation(0) == doctest::Approx(vsA / 15).epsilon(1e-13));
    CHECK(s.services_trade_share == 0.0); // the sector's kind is unknown, not services
    // openness of A: (exports 15 + imports 2 + 8) / va 73
    CHECK(s.openness(0) == doctest::Approx(25.0 / 73).epsilon(1e-14));
    // integration score of A: (import share 10/80 of its purchases + GVC + VAX exports / va) / 3 x 100
    CHECK(s.economy_integration(0) == doctest::Approx(100.0 / 3 * (10.0 / 80 + vsA / 15 + vaxAB / 73)).epsilon(1e-12));
    CHECK(s.integration_score ==
          doctest::Approx((73 * s.economy_integration(0) + 55 * s.economy_integration(1)) / 128).epsilon(1e-13));
}

TEST_CASE("scenario/indicators: services' share of trade by sector kind") {
    // two regions, a goods and a services sector; region-major rows A_g, A_s, B_g, B_s
    unbundle::matrix_d Z = unbundle::matrix_d::Zero(4, 4), Y(4, 2);
    Z(0, 2) = 4;                     // A goods -> B goods sector (exported intermediate)
    Z(1, 3) = 6;                     // A services -> B services sector
    Z(2, 1) = 10;                    // B goods -> A services sector
    Z(0, 1) = 3;                     // domestic
    Y << 50, 7, 40, 3, 5, 60, 8, 30; // A_g (50 to A, 7 to B), A_s (40, 3), B_g (5, 60), B_s (8, 30)
    std::vector<unbundle::sector> secs{{"g", "goods", unbundle::sector_kind::goods},
                                       {"s", "services", unbundle::sector_kind::services}};
    unbundle::mrio<double> t(unbundle::economy_index{"A", "B"}, unbundle::sector_index(secs), Z, Y);
    const auto s = unbundle::table_indicators(t);
    // exports: A_g 4 + 7, A_s 6 + 3, B_g 10 + 5, B_s 8  → services (9 + 8) / 43
    CHECK(s.services_trade_share == doctest::Approx(17.0 / 43.0).epsilon(1e-14));
}

TEST_CASE("scenario/indicators: Gini and coefficient of variation, equal and population weights") {
    const unbundle::vector_d y = (unbundle::vector_d(2) << 1, 3).finished();
    const auto e = unbundle::gini_and_cv(y, unbundle::vector_d());
    CHECK(e[0] == doctest::Approx(0.25).epsilon(1e-15)); // Σ|Δ| / (2 N² mean) = 4 / 16
    CHECK(e[1] == doctest::Approx(0.5).epsilon(1e-15));  // sd 1 / mean 2
    const unbundle::vector_d p = (unbundle::vector_d(2) << 3, 1).finished();
    const auto w = unbundle::gini_and_cv(y, p);
    CHECK(w[0] == doctest::Approx(0.25).epsilon(1e-15)); // 2·3·1·2 / (2·16·1.5)
    CHECK(w[1] == doctest::Approx(std::sqrt(0.75) / 1.5).epsilon(1e-14));
}

TEST_CASE("scenario/indicators: welfare side from the equilibrium's changes") {
    const auto t = two_region();
    const unbundle::vector_d I0 = unbundle::baseline_incomes(t); // final spending (68, 60)
    CHECK(I0(0) == doctest::Approx(68));
    const unbundle::vector_d W = (unbundle::vector_d(2) << 1.1, 1.0).finished();
    const unbundle::vector_d w = (unbundle::vector_d(2) << 1.05, 0.98).finished();
    const unbundle::vector_d pop = (unbundle::vector_d(2) << 2, 10).finished();
    const auto s = unbundle::compute_indicators(t, I0, W, w, pop);
    CHECK(s.welfare_index == doctest::Approx((68 * 1.1 + 60) / 128).epsilon(1e-15));
    CHECK(s.real_income_per_head(0) == doctest::Approx(68 * 1.1 / 2).epsilon(1e-15));
    CHECK(s.real_income_per_head(1) == doctest::Approx(6.0).epsilon(1e-15));
    CHECK(s.wage_index(1) == 0.98);
    const auto gc = unbundle::gini_and_cv(s.real_income_per_head, pop);
    CHECK(s.convergence == gc[0]);
    CHECK(s.value("welfare_index") == s.welfare_index);
    CHECK_THROWS_AS(s.value("nonsense"), unbundle::key_error);
    CHECK_THROWS_AS(unbundle::compute_indicators(t, I0, unbundle::vector_d(unbundle::vector_d::Ones(3)), w),
                    unbundle::dimension_error);
}
