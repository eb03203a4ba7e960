#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/gravity/frame.hpp>
#include <unbundle/gravity/generator.hpp>

#include <cmath>

TEST_CASE("gravity: the C++ port of gen_gravity.py draws the script's numbers") {
    // first rows of `python3 shared/tools/gen_gravity.py small` (the whole file is identical;
    // checked with cmp when the port was written)
    const auto rows = unbundle::synthetic_gravity_panel(40, 10);
    REQUIRE(rows.size() == 15600);
    const std::string csv = unbundle::synthetic_gravity_csv(rows, 40);
    CHECK(csv.substr(0, csv.find('\n')) == "exporter,importer,year,trade,ln_dist,contig,rta,policy,true_mu");
    double sum = 0;
    int zeros = 0;
    for (const auto& r : rows) {
        sum += r.trade;
        zeros += r.trade == 0;
    }
    // meta.json of the script: sum_y 188698, share_zero 0.46224358974358976
    CHECK(sum == 188698);
    CHECK(zeros == 7211);
}

TEST_CASE("gravity: ppml on the small synthetic panel reproduces the reference") {
    const auto rows = unbundle::synthetic_gravity_panel(40, 10);
    const auto df = unbundle::parse_csv(unbundle::synthetic_gravity_csv(rows, 40), "gravity_small.csv");
    const auto r = unbundle::ppml(df, "trade ~ rta + policy | exporter^year + importer^year + exporter^importer");
    REQUIRE(r.converged);
    // issue 3 reference (fixest): rta 0.42541985247504088, policy -3.8628433811702814; 1,580 dropped
    CHECK(std::abs(r.coefficient("rta") / 0.42541985247504088 - 1) < 1e-7);
    CHECK(std::abs(r.coefficient("policy") / -3.8628433811702814 - 1) < 1e-7);
    CHECK(r.dropped.separated_fe == 1580);
    CHECK(r.dropped.separated_relu == 0);
    CHECK(r.nobs == 14020);
    // fixest's K for the heteroskedasticity-robust variance: 2 + (400 + 400 + 1402) - 2 = 2202
    unbundle::ppml_options opt;
    opt.frame.vcov = unbundle::vcov_spec::hetero();
    const auto h = unbundle::ppml(df, "trade ~ rta + policy | exporter^year + importer^year + exporter^importer", opt);
    CHECK(h.dof_k == 2202);
    CHECK(h.coef(0) == doctest::Approx(r.coef(0)).epsilon(1e-12));
}

TEST_CASE("gravity: exact fixed-effect rank of two dimensions counts connected components") {
    unbundle::fixed_effects fe;
    // two disconnected blocks: {a0,a1} x {b0,b1} and {a2} x {b2}
    fe.codes = {{0, 0, 1, 1, 2}, {0, 1, 0, 1, 2}};
    fe.sizes = {3, 3};
    CHECK(unbundle::detail::fe_rank(fe, {0, 1}) == 6 - 2);
    CHECK(unbundle::detail::fe_rank(fe, {0}) == 3);
    // three dimensions (dense path): add a dimension equal to the first -> no new rank
    fe.codes.push_back({0, 0, 1, 1, 2});
    fe.sizes.push_back(3);
    CHECK(unbundle::detail::fe_rank(fe, {0, 1, 2}) == 4);
}
