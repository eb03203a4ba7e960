// Structural gravity counterfactuals against USITC gegravity's own example (CAN-JPN PTA).
#include <doctest/doctest.h>

#include "support/approx.hpp"
#include "ge/gegravity_reference.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/ge/frame.hpp>
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
    for (index_t i = 0; i < a.size(); ++i) w = std::max(w, std::abs(a(i) - b[i]) / std::max(1.0, std::abs(b[i])));
    return w;
}

std::vector<unbundle::cost_term> gegravity_terms() {
    return {{"lndist", -0.3898623}, {"contiguity", 0.891577}, {"common_language", 0.0326249},
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

TEST_CASE("ge: gegravity CAN-JPN PTA example, every country result to 1e-6") {
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
    const double all = std::max({worst(r.factory_price_pct, ref::factory_price_pct), worst(r.omr_pct, ref::omr_pct),
                                 worst(r.imr_pct, ref::imr_pct), worst(r.gdp_pct, ref::gdp_pct),
                                 worst(r.welfare_stat, ref::welfare_stat), worst(r.terms_of_trade_pct, ref::terms_of_trade_pct),
                                 worst(r.output_pct, ref::output_pct), worst(r.expenditure_pct, ref::expenditure_pct),
                                 worst(r.foreign_exports_pct, ref::foreign_exports_pct),
                                 worst(r.foreign_imports_pct, ref::foreign_imports_pct),
                                 worst(r.intranational_pct, ref::intranational_pct)});
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
            wb = std::max(wb, std::abs(base.X(i, j) / ref::baseline_modeled_trade[k] - 1));
            wx = std::max(wx, std::abs(r.X1(i, j) / ref::experiment_trade[k] - 1));
        }
    CHECK(wb <= 1e-6);
    CHECK(wx <= 1e-6);
}
