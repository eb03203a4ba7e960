// Exact hat algebra and Stata ge_gravity's EU-enlargement exercise; ACR; hat algebra = structural gravity.
#include <doctest/doctest.h>

#include "ge/ge_gravity_reference.hpp"
#include "support/approx.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/ge/frame.hpp>
#include <unbundle/ge/ge_gravity.hpp>
#include <unbundle/ge/hat_algebra.hpp>
#include <unbundle/ge/structural.hpp>

#include <cmath>
#include <string>

namespace {
using unbundle::index_t;
using unbundle::matrix_d;
using unbundle::vector_d;
namespace sref = unbundle::test::ge_gravity_ref;

/// The 2000 flows of ge_gravity's example and the EU-enlargement partial effects: new EU pairs
/// (eu_enlargement 0 in 2000, 1 in 2014) get beta, every other pair 0.
struct wiod {
    unbundle::data_frame df;
    matrix_d X, newpair;
    std::vector<std::string> names;
    explicit wiod(const std::string& path) : df(unbundle::read_csv(path)) {
        const unbundle::bilateral_table t00(df, "exporter", "importer", "year", 2000.0);
        const unbundle::bilateral_table t14(df, "exporter", "importer", "year", 2014.0);
        X = t00.matrix("trade");
        newpair = t14.matrix("eu_enlargement") - t00.matrix("eu_enlargement");
        names = t00.economies().codes();
    }
};

/// A small unbalanced 4-economy world (rows exporters), domestic flows on the diagonal.
matrix_d small_world() {
    matrix_d X(4, 4);
    X << 500, 40, 30, 10, //
        25, 700, 60, 20,  //
        35, 45, 900, 15,  //
        5, 30, 20, 300;
    return X;
}
} // namespace

TEST_CASE("ge: Stata ge_gravity EU enlargement, HUN welfare 1.0140428 and every economy to 1e-6" *
          doctest::skip(!unbundle::test::has_data("ge_gravity_wiod/trade_2000_2014.csv"))) {
    UNBUNDLE_REQUIRE_DATA(path, "ge_gravity_wiod/trade_2000_2014.csv");
    const wiod w(path.string());
    REQUIRE(w.X.rows() == 44);
    for (index_t i = 0; i < 44; ++i) REQUIRE(w.names[static_cast<std::size_t>(i)] == sref::economies[i]);
    const matrix_d beta = sref::eu_effect * w.newpair;
    // New EU pairs 2000 -> 2014: EU15 x the 13 accession economies both ways, the 13 among
    // themselves, and Norway (EEA) with the 13 both ways: 2*15*13 + 13*12 + 2*13 = 572 ordered
    // pairs, each 0 or 1, none domestic, symmetric.
    CHECK(w.newpair.sum() == 572.0);
    CHECK(w.newpair.cwiseAbs().sum() == 572.0);
    CHECK(unbundle::test::max_abs(w.newpair.diagonal()) == 0.0);
    CHECK(unbundle::test::max_abs(w.newpair - w.newpair.transpose()) == 0.0);
    CHECK(unbundle::test::max_abs(w.newpair.cwiseProduct(w.newpair) - w.newpair) == 0.0);
    for (bool mult : {false, true}) {
        CAPTURE(mult);
        unbundle::ge_gravity_options o;
        o.theta = 4;
        o.multiplicative = mult;
        const auto r = unbundle::ge_gravity(w.X, beta, o, &w.names);
        REQUIRE(r.info.converged);
        const double* ref_w = mult ? sref::w_mult : sref::w_eu;
        const double* ref_x = mult ? sref::X_mult : sref::X_eu;
        double ww = 0, wx = 0;
        for (index_t i = 0; i < 44; ++i) {
            ww = unbundle::test::worse(ww, std::abs(r.welfare(i) - ref_w[i]) / std::abs(ref_w[i]));
            for (index_t j = 0; j < 44; ++j)
                wx = unbundle::test::worse(
                    wx, std::abs(r.new_trade(i, j) / ref_x[static_cast<std::size_t>(i * 44 + j)] - 1));
        }
        // Stata stores floats (relative precision 6e-8): agreement to 1e-6 for every economy and flow.
        MESSAGE("largest deviation from Stata: welfare " << ww << ", flows " << wx);
        CHECK(ww <= 1e-6);
        CHECK(wx <= 1e-6);
        if (!mult) CHECK(r.welfare(20 - 1) == doctest::Approx(1.0140428).epsilon(1e-7)); // HUN is 20th
        CHECK(w.names[19] == "HUN");
    }
}

TEST_CASE("ge: hat algebra satisfies market clearing, the numeraire and ACR to 1e-10") {
    const matrix_d X = small_world();
    matrix_d tau = matrix_d::Ones(4, 4);
    tau(0, 1) = tau(1, 0) = 0.8; // a 20 % cut between economies 0 and 1
    tau(2, 3) = 1.3;
    for (auto mode :
         {unbundle::deficit_mode::keep, unbundle::deficit_mode::zero, unbundle::deficit_mode::multiplicative}) {
        CAPTURE(unbundle::to_string(mode));
        unbundle::hat_options o;
        o.theta = 5;
        o.deficits = mode;
        const auto r = unbundle::solve_hat_algebra(X, unbundle::tau_hat_to_t_hat(tau, 5.0), o);
        REQUIRE(r.info.converged);
        // World GDP is the numeraire.
        CHECK(std::abs(r.Y1.sum() / r.Y0.sum() - 1) <= 1e-12);
        // ACR: real wage = lambda_hat^(-1/theta).
        CHECK(unbundle::test::max_rel_diff(r.real_wage, r.acr) <= 1e-10);
        // Sales shares equal income shares (exact market clearing for keep and zero).
        const vector_d income = r.w_hat.cwiseProduct(r.Y0), sales = r.X1.rowwise().sum();
        CHECK(unbundle::test::max_rel_diff(sales / sales.sum(), income / income.sum()) <= 1e-12);
        if (mode != unbundle::deficit_mode::multiplicative) {
            CHECK(unbundle::test::max_rel_diff(sales, income) <= 1e-10);
        }
        if (mode == unbundle::deficit_mode::zero) {
            CHECK(unbundle::test::max_abs(r.D0) <= 1e-9 * r.Y0.sum());
            CHECK(unbundle::test::max_rel_diff(r.welfare, r.acr) <= 1e-10); // balanced: welfare = ACR
        }
    }
    // No shock: nothing changes.
    const auto r0 = unbundle::solve_hat_algebra(X, matrix_d::Ones(4, 4), unbundle::hat_options{});
    CHECK(unbundle::test::max_rel_diff(r0.w_hat, vector_d::Ones(4)) <= 1e-13);
    CHECK(unbundle::test::max_rel_diff(r0.X1, X) <= 1e-12);
}

TEST_CASE("ge: hat algebra equals the structural-gravity full-endowment solution where the models coincide" *
          doctest::skip(!unbundle::test::has_data("ge_gravity_wiod/trade_2000_2014.csv"))) {
    UNBUNDLE_REQUIRE_DATA(path, "ge_gravity_wiod/trade_2000_2014.csv");
    const wiod w(path.string());
    const index_t n = w.X.rows();
    // Structural baseline: t^(1-sigma) read off the flows (X_ij Ybar / (Y_i E_j)), so that the resistances are 1.
    const vector_d Y = w.X.rowwise().sum(), E = w.X.colwise().sum().transpose();
    const double sigma = 5, Ybar = Y.sum();
    const matrix_d T0 = Y.cwiseInverse().asDiagonal() * w.X * E.cwiseInverse().asDiagonal() * Ybar;
    const matrix_d That = (0.224249 * w.newpair).array().exp().matrix();
    const matrix_d T1 = T0.cwiseProduct(That);
    const index_t deu = 10;
    REQUIRE(w.names[static_cast<std::size_t>(deu)] == "DEU");
    unbundle::structural_options so;
    so.closure = unbundle::structural_closure::full_endowment;
    const auto base = unbundle::make_structural_baseline(T0, Y, E, sigma, deu, w.names, so);
    REQUIRE(base.mr.info.converged);
    CHECK(unbundle::test::max_rel_diff(base.X, w.X) <= 1e-10); // the model reproduces the data
    const auto s = unbundle::simulate(base, T1, so);
    REQUIRE(s.info.converged);

    // (1) Structural equilibrium conditions in levels, checked with the resistance solver (an independent code path):
    const auto mr1 = unbundle::solve_resistances(T1, s.Y1, s.E1, sigma, deu);
    REQUIRE(mr1.info.converged);
    CHECK(unbundle::test::max_rel_diff(mr1.imr, s.imr1) <= 1e-10);
    CHECK(unbundle::test::max_rel_diff(mr1.omr, s.omr1) <= 1e-10);
    // factory-gate prices: p^(1-sigma) = (Y'_i/Y')/(Y_i/Y) * Pi^(1-sigma)/Pi'^(1-sigma)
    for (index_t i = 0; i < n; ++i) {
        const double lhs = std::pow(s.factory_price(i), 1 - sigma);
        const double rhs = (s.Y1(i) / s.Y1.sum()) / (Y(i) / Ybar) * base.mr.omr_pow(i) / mr1.omr_pow(i);
        CHECK(std::abs(lhs / rhs - 1) <= 1e-10);
    }
    // (2) Hat algebra with multiplicative imbalances (E = phi Y) on the same flows: same real outcomes.
    unbundle::hat_options ho;
    ho.theta = sigma - 1;
    ho.deficits = unbundle::deficit_mode::multiplicative;
    const auto h = unbundle::solve_hat_algebra(w.X, That, ho);
    REQUIRE(h.info.converged);
    CHECK(unbundle::test::max_rel_diff(s.welfare, h.welfare) <= 1e-10);
    const matrix_d sh_s = s.X1 * s.X1.colwise().sum().cwiseInverse().asDiagonal();
    const matrix_d sh_h = h.X1 * h.X1.colwise().sum().cwiseInverse().asDiagonal();
    CHECK(unbundle::test::max_abs(sh_s - sh_h) <= 1e-12);
    // relative factory-gate prices
    CHECK(unbundle::test::max_rel_diff(s.factory_price / s.factory_price(0), h.w_hat / h.w_hat(0)) <= 1e-10);
    // ACR holds for the structural solution too: real income change = lambda_hat^(-1/(sigma-1)).
    CHECK(unbundle::test::max_rel_diff(h.welfare, h.acr) <= 1e-10);

    // (3) Conditional GE: hat algebra's conditional closure equals the structural conditional stage.
    unbundle::hat_options hc = ho;
    hc.closure = unbundle::ge_closure::conditional;
    hc.reference = deu;
    const auto c = unbundle::solve_hat_algebra(w.X, That, hc);
    REQUIRE(c.info.converged);
    CHECK(unbundle::test::max_rel_diff(c.P_hat, s.conditional.imr) <= 1e-10);
    CHECK(unbundle::test::max_rel_diff(c.X1 / Ybar, s.X_conditional / Ybar) <= 1e-12);
}

TEST_CASE("ge: solve_hat_algebra on labelled types equals the matrix call and checks the economies") {
    const unbundle::economy_index econ{"A", "B", "C"};
    matrix_d X(3, 3);
    X << 100, 10, 5, 8, 120, 6, 4, 9, 90;
    const unbundle::trade_matrix<double> flows(econ, X);
    const unbundle::trade_costs<double> c0(econ, matrix_d::Constant(3, 3, 0.4), matrix_d::Constant(3, 3, 0.6),
                                           matrix_d::Constant(3, 3, 0.8));
    const auto c1 = c0.cut(unbundle::cost_component::ideas, 0.5);
    unbundle::cost_loadings<double> a;
    a.a = {1.0, 1.0, 0.2};
    unbundle::hat_options o;
    o.theta = 4;
    // Off the diagonal only the ideas factor of τ changes, 1.6 -> 1.3: T̂ = (1.3/1.6)^(−4); 1 at home.
    matrix_d That = matrix_d::Constant(3, 3, std::pow(1.3 / 1.6, -4.0));
    That.diagonal().setOnes();
    const auto ref = unbundle::solve_hat_algebra(X, That, o);
    REQUIRE(ref.info.converged);
    CHECK(ref.economies.empty());
    const auto h1 = unbundle::solve_hat_algebra(flows, unbundle::cost_change<double>{econ, That}, o);
    CHECK(h1.economies == econ);
    CHECK(unbundle::test::max_rel_diff(h1.welfare, ref.welfare) <= 1e-15);
    const auto h2 = unbundle::solve_hat_algebra(flows, c0, c1, a, o);
    CHECK(h2.economies == econ);
    CHECK(unbundle::test::max_rel_diff(h2.welfare, ref.welfare) <= 1e-12);
    CHECK(unbundle::test::max_rel_diff(h2.X1, ref.X1) <= 1e-12);
    // an integer θ converts to the matrix's scalar
    CHECK(unbundle::test::max_rel_diff(unbundle::tau_hat_to_t_hat(c0.hat(c1, a), 4), That) <= 1e-14);

    const unbundle::economy_index other{"A", "B", "D"}, reordered{"A", "C", "B"};
    CHECK_THROWS_WITH_AS(unbundle::solve_hat_algebra(flows, unbundle::cost_change<double>{other, That}, o),
                         doctest::Contains("economy 'C' of the flows is not in the cost change"), unbundle::key_error);
    CHECK_THROWS_WITH_AS(unbundle::solve_hat_algebra(flows, unbundle::cost_change<double>{reordered, That}, o),
                         doctest::Contains("position 1 is 'B' in the flows but 'C' in the cost change"),
                         unbundle::dimension_error);
    const auto z = unbundle::trade_costs<double>::zero(other);
    CHECK_THROWS_WITH_AS(unbundle::solve_hat_algebra(flows, z, z, a, o), doctest::Contains("'C'"), unbundle::key_error);
}
