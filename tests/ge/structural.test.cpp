// Structural gravity counterfactuals against USITC gegravity's own example (CAN-JPN PTA).
#include <doctest/doctest.h>

#include "ge/gegravity_reference.hpp"
#include "support/approx.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/ge/frame.hpp>
#include <unbundle/ge/hat_algebra.hpp>
#include <unbundle/ge/structural.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace {

using unbundle::index_t;
namespace ref = unbundle::test::gegravity_ref;

/// max over i of |a_i − b_i| / max(1, |b_i|): relative, or absolute for changes near zero.
double worst(const unbundle::vector_d& a, const double* b) {
    double w = 0;
    for (index_t i = 0; i < a.size(); ++i) w = unbundle::test::worse(w, unbundle::test::rel_diff(a(i), b[i]));
    return w;
}

std::vector<unbundle::cost_term> gegravity_terms() {
    return {{"lndist", -0.3898623}, {"contiguity", 0.891577},     {"common_language", 0.0326249},
            {"pta", 0.4711383},     {"international", -3.412584}, {"constant", 16.32434}};
}

struct example {
    unbundle::data_frame df;
    unbundle::bilateral_table tab;
    unbundle::matrix_d T0, T1;
    unbundle::vector_d Y, E;
    explicit example(const std::string& path)
        : df(unbundle::read_csv(path)), tab(df, "exporter", "importer", "year", 2006.0) {
        T0 = tab.t_pow(gegravity_terms());
        unbundle::matrix_d pta = tab.matrix("pta");
        const index_t can = tab.economies().index("CAN"), jpn = tab.economies().index("JPN");
        pta(can, jpn) = pta(jpn, can) = 1;
        unbundle::matrix_d s = unbundle::matrix_d::Constant(tab.size(), tab.size(), 16.32434);
        s += -0.3898623 * tab.matrix("lndist") + 0.891577 * tab.matrix("contiguity") +
             0.0326249 * tab.matrix("common_language") + 0.4711383 * pta - 3.412584 * tab.matrix("international");
        T1 = s.array().exp().matrix();
        Y = tab.economy_values("Y", true);
        E = tab.economy_values("E", false);
    }
};

} // namespace

TEST_CASE("ge: gegravity CAN-JPN PTA example, every country result to 1e-6" *
          doctest::skip(!unbundle::test::has_data("gegravity/sample_data_set.csv"))) {
    UNBUNDLE_REQUIRE_DATA(path, "gegravity/sample_data_set.csv");
    const example ex(path.string());
    REQUIRE(ex.tab.size() == 30);
    for (index_t i = 0; i < 30; ++i) REQUIRE(ex.tab.economies()[i] == ref::countries[i]);
    const index_t can = ex.tab.economies().index("CAN"), jpn = ex.tab.economies().index("JPN"),
                  deu = ex.tab.economies().index("DEU");
    // The example's cost change: +60.181650 % (gegravity prints 11305.165421 -> 18108.800547).
    CHECK(100 * (ex.T1(can, jpn) / ex.T0(can, jpn) - 1) == doctest::Approx(60.181650).epsilon(1e-8));
    CHECK(ex.T0(can, jpn) == doctest::Approx(11305.165421).epsilon(1e-9));

    const auto base = unbundle::make_structural_baseline(ex.T0, ex.Y, ex.E, 5.0, deu, ex.tab.economies().codes());
    REQUIRE(base.mr.info.converged);
    CHECK(base.mr.info.residual <= 1e-12);
    const auto r = unbundle::simulate(base, ex.T1);
    REQUIRE(r.info.converged);

    // Headline numbers of the issue: CAN GDP +0.418261 %, DEU inward resistance unchanged.
    CHECK(r.gdp_pct(can) == doctest::Approx(0.418261).epsilon(1e-6));
    CHECK(r.imr_pct(deu) == 0.0);
    CHECK(r.imr1(deu) == 1.0);

    // Every country result vs gegravity (relative, absolute near zero), tolerance 1e-6.
    const double tol = 1e-6;
    const double all = std::max(
        {worst(r.factory_price_pct, ref::factory_price_pct), worst(r.omr_pct, ref::omr_pct),
         worst(r.imr_pct, ref::imr_pct), worst(r.gdp_pct, ref::gdp_pct), worst(r.welfare_stat, ref::welfare_stat),
         worst(r.terms_of_trade_pct, ref::terms_of_trade_pct), worst(r.output_pct, ref::output_pct),
         worst(r.expenditure_pct, ref::expenditure_pct), worst(r.foreign_exports_pct, ref::foreign_exports_pct),
         worst(r.foreign_imports_pct, ref::foreign_imports_pct), worst(r.intranational_pct, ref::intranational_pct)});
    MESSAGE("largest deviation from gegravity over all country results: " << all);
    CHECK(worst(r.factory_price_pct, ref::factory_price_pct) <= tol);
    CHECK(worst(r.omr_pct, ref::omr_pct) <= tol);
    CHECK(worst(r.imr_pct, ref::imr_pct) <= tol);
    CHECK(worst(r.gdp_pct, ref::gdp_pct) <= tol);
    CHECK(worst(r.welfare_stat, ref::welfare_stat) <= tol);
    CHECK(worst(r.terms_of_trade_pct, ref::terms_of_trade_pct) <= tol);
    CHECK(worst(r.output_pct, ref::output_pct) <= tol);
    CHECK(worst(r.expenditure_pct, ref::expenditure_pct) <= tol);
    CHECK(worst(r.foreign_exports_pct, ref::foreign_exports_pct) <= tol);
    CHECK(worst(r.foreign_imports_pct, ref::foreign_imports_pct) <= tol);
    CHECK(worst(r.intranational_pct, ref::intranational_pct) <= tol);
    CHECK(worst(r.exports_pct, ref::exports_pct) <= tol);
    CHECK(worst(r.imports_pct, ref::imports_pct) <= tol);
    // Resistances in levels (gegravity's MR solutions are accurate to about 1e-8).
    CHECK(worst(base.mr.imr, ref::baseline_imr) <= 1e-7);
    CHECK(worst(base.mr.omr, ref::baseline_omr) <= 1e-7);
    CHECK(worst(r.conditional.imr, ref::conditional_imr) <= 1e-7);
    CHECK(worst(r.conditional.omr, ref::conditional_omr) <= 1e-7);
    CHECK(worst(r.imr1, ref::experiment_imr) <= 1e-7);
    CHECK(worst(r.omr1, ref::experiment_omr) <= 1e-7);
    // Bilateral trade, relative to each flow.
    double wb = 0, wx = 0;
    for (index_t i = 0; i < 30; ++i)
        for (index_t j = 0; j < 30; ++j) {
            const std::size_t k = static_cast<std::size_t>(i * 30 + j);
            wb = unbundle::test::worse(wb, std::abs(base.X(i, j) / ref::baseline_modeled_trade[k] - 1));
            wx = unbundle::test::worse(wx, std::abs(r.X1(i, j) / ref::experiment_trade[k] - 1));
        }
    CHECK(wb <= 1e-6);
    CHECK(wx <= 1e-6);
}

// On hand-built worlds (no shared data needed): the model reproduces the flows it is calibrated to,
// an experiment that changes nothing changes nothing, the full-endowment equilibrium satisfies its
// equations in levels and equals exact hat algebra, in float and double.
namespace {

using unbundle::matrix_d;
using unbundle::vector_d;

/// Five economies, unbalanced (rows exporters, domestic flows on the diagonal).
template <class Scalar> unbundle::matrix_x<Scalar> five_economies() {
    unbundle::matrix_x<Scalar> X(5, 5);
    X << 900, 40, 25, 10, 30, //
        35, 600, 50, 20, 15,  //
        20, 45, 800, 60, 25,  //
        15, 10, 55, 400, 20,  //
        25, 20, 30, 15, 500;
    return X;
}

template <class Scalar> double structural_tol() { return sizeof(Scalar) == sizeof(float) ? 2e-4 : 1e-10; }

template <class Scalar> unbundle::structural_options structural_opts(unbundle::structural_closure c) {
    unbundle::structural_options so;
    so.closure = c;
    so.solver.tol = sizeof(Scalar) == sizeof(float) ? 1e-5 : 1e-12;
    return so;
}

} // namespace

TEST_CASE_TEMPLATE("ge: structural gravity calibrated to generated flows: no change, then market clearing", Scalar,
                   float, double) {
    using mat = unbundle::matrix_x<Scalar>;
    using vec = unbundle::vector_x<Scalar>;
    const mat X = five_economies<Scalar>();
    const vec Y = X.rowwise().sum(), E = X.colwise().sum().transpose();
    // t^(1−σ) read off the flows (X_ij ΣY / (Y_i E_j)): the resistances are then 1 and the model
    // reproduces X exactly
    const mat T0 = Y.cwiseInverse().asDiagonal() * X * E.cwiseInverse().asDiagonal() * Y.sum();
    const double tol = structural_tol<Scalar>();
    for (auto closure : {unbundle::structural_closure::gegravity, unbundle::structural_closure::full_endowment}) {
        CAPTURE(unbundle::to_string(closure));
        const auto so = structural_opts<Scalar>(closure);
        const auto base = unbundle::make_structural_baseline(T0, Y, E, Scalar(5), 2, {}, so);
        REQUIRE(base.mr.info.converged);
        CHECK(unbundle::test::max_rel_diff(base.X, X) <= tol);
        CHECK(unbundle::test::max_rel_diff(base.mr.imr, vec::Ones(5)) <= tol);
        // no change
        const auto same = unbundle::simulate(base, T0, so);
        REQUIRE(same.info.converged);
        CHECK(unbundle::test::max_abs((same.welfare.array() - 1).matrix()) <= tol);
        CHECK(unbundle::test::max_abs(same.gdp_pct) <= 100 * tol);
        CHECK(unbundle::test::max_rel_diff(same.X1, X) <= tol);
        // economies 0 and 3 lower their bilateral costs: T rises by e^0.4 on both flows
        mat T1 = T0;
        T1(0, 3) *= Scalar(std::exp(0.4));
        T1(3, 0) *= Scalar(std::exp(0.4));
        const auto s = unbundle::simulate(base, T1, so);
        REQUIRE(s.info.converged);
        // partial effect: only the two flows change, by e^0.4
        mat ratio = s.X_partial.cwiseQuotient(X);
        CHECK(static_cast<double>(ratio(0, 3)) == doctest::Approx(std::exp(0.4)).epsilon(tol));
        ratio(0, 3) = ratio(3, 0) = 1;
        CHECK(unbundle::test::max_rel_diff(ratio, mat::Ones(5, 5)) <= tol);
        // reference importer, conditional flows at baseline output and expenditure
        CHECK(static_cast<double>(s.imr1(2)) == doctest::Approx(1.0).epsilon(tol));
        CHECK(unbundle::test::max_rel_diff(vec(s.X_conditional.rowwise().sum()), Y) <= tol);
        CHECK(unbundle::test::max_rel_diff(vec(s.X_conditional.colwise().sum().transpose()), E) <= tol);
        // the members gain and trade more with each other
        CHECK(s.welfare(0) > 1);
        CHECK(s.welfare(3) > 1);
        CHECK(s.X1(0, 3) > X(0, 3));
        if (closure == unbundle::structural_closure::full_endowment) {
            // market clearing in levels and E' = φ Y' with φ = E / Y, to the solver's tolerance. Every
            // importer's purchases add up to its expenditure; every exporter's sales to λ Y'_i with one
            // λ = Σ E' / Σ Y' for all: with multiplicative imbalances world expenditure Σ φ_j p_j Y_j
            // differs from world output Σ p_i Y_i unless every p_i moves alike (as in exact hat algebra's
            // multiplicative mode and ge_gravity's `mult`; structural.hpp). Here λ − 1 = 1.036e-5.
            const Scalar lambda = s.E1.sum() / s.Y1.sum();
            CHECK(unbundle::test::max_rel_diff(vec(s.X1.rowwise().sum()), vec(lambda * s.Y1)) <= tol);
            CHECK(unbundle::test::max_rel_diff(vec(s.X1.colwise().sum().transpose()), s.E1) <= tol);
            CHECK(unbundle::test::max_rel_diff(vec(s.E1.cwiseQuotient(s.Y1)), vec(E.cwiseQuotient(Y))) <= tol);
            if (sizeof(Scalar) == sizeof(double)) // (in float, Σ E' / Σ Y' − 1 has only about two digits)
                CHECK(std::abs((static_cast<double>(lambda) - 1) / 1.036038e-5 - 1) < 1e-4);
        }
    }
}

TEST_CASE("ge: full-endowment structural gravity equals exact hat algebra on generated flows") {
    const matrix_d X = five_economies<double>();
    const vector_d Y = X.rowwise().sum(), E = X.colwise().sum().transpose();
    const double sigma = 5;
    const matrix_d T0 = Y.cwiseInverse().asDiagonal() * X * E.cwiseInverse().asDiagonal() * Y.sum();
    matrix_d That = matrix_d::Ones(5, 5);
    That(0, 3) = That(3, 0) = std::exp(0.4);
    That(1, 4) = std::exp(-0.2);
    const auto so = structural_opts<double>(unbundle::structural_closure::full_endowment);
    const auto base = unbundle::make_structural_baseline(T0, Y, E, sigma, 2, {}, so);
    const auto s = unbundle::simulate(base, matrix_d(T0.cwiseProduct(That)), so);
    REQUIRE(s.info.converged);
    unbundle::hat_options ho;
    ho.theta = sigma - 1;
    ho.deficits = unbundle::deficit_mode::multiplicative;
    const auto h = unbundle::solve_hat_algebra(X, That, ho);
    REQUIRE(h.info.converged);
    CHECK(unbundle::test::max_rel_diff(s.welfare, h.welfare) <= 1e-10);
    const matrix_d sh_s = s.X1 * s.X1.colwise().sum().cwiseInverse().asDiagonal();
    const matrix_d sh_h = h.X1 * h.X1.colwise().sum().cwiseInverse().asDiagonal();
    CHECK(unbundle::test::max_abs(sh_s - sh_h) <= 1e-12);
    CHECK(unbundle::test::max_rel_diff(vector_d(s.factory_price / s.factory_price(0)),
                                       vector_d(h.w_hat / h.w_hat(0))) <= 1e-10);
    CHECK(unbundle::test::max_rel_diff(h.welfare, h.acr) <= 1e-10);
}
