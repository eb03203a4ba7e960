// Tests of gravity/model.hpp: parsing and printing the variance spec, looking up results by name,
// and building the estimation problem from a hand-written table (logs, dropped rows, dense
// fixed-effect codes with their level names, weights, offset, default clustering) with every
// error path.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/csv.hpp>
#include <unbundle/gravity/formula.hpp>
#include <unbundle/gravity/frame.hpp>
#include <unbundle/gravity/model.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace {

// Row 3 (0-based 2) misses x; row 5 has weight 0: both are dropped.
const char* const table = "y,x,z,g,h,w,off\n"
                          "1,1,0.5,b,u,1,0.1\n"
                          "2,2,1.5,a,u,2,0.2\n"
                          "3,,2.5,a,v,1,0.3\n"
                          "4,4,3.5,c,v,1,0.4\n"
                          "5,5,4.5,b,v,0,0.5\n"
                          "6,6,5.5,c,u,3,0.6\n";

} // namespace

TEST_CASE("gravity: vcov_spec parses every accepted form and prints it back") {
    using unbundle::vcov_spec;
    CHECK(vcov_spec::parse("iid").kind == unbundle::vcov_kind::iid);
    CHECK(vcov_spec::parse("standard").kind == unbundle::vcov_kind::iid);
    for (const char* h : {"hetero", "robust", "HC1", "hc1"})
        CHECK(vcov_spec::parse(h).kind == unbundle::vcov_kind::hetero);
    const auto one = vcov_spec::parse("cluster:pair");
    CHECK(one.kind == unbundle::vcov_kind::cluster);
    CHECK(one.cluster == std::vector<std::string>{"pair"});
    CHECK(one.kind_set);
    const auto two = vcov_spec::parse("cluster: exporter + importer ");
    CHECK(two.cluster == std::vector<std::string>{"exporter", "importer"});
    CHECK(two.to_string() == "cluster:exporter+importer");
    CHECK(vcov_spec::parse(vcov_spec::hetero().to_string()).kind == unbundle::vcov_kind::hetero);
    CHECK(vcov_spec::iid().to_string() == "iid");
    CHECK_THROWS_AS(vcov_spec::parse("sandwich"), unbundle::usage_error);
    CHECK_THROWS_AS(vcov_spec::parse("cluster:"), unbundle::usage_error);
    CHECK_THROWS_AS(vcov_spec::parse("cluster:a+b+c"), unbundle::usage_error);
}

TEST_CASE("gravity: hdfe_result looks coefficients and fixed effects up by name") {
    unbundle::hdfe_result r;
    r.model = "ppml";
    r.names = {"lndist", "rta"};
    r.coef = unbundle::vector_d(2);
    r.coef << -0.8, 0.3;
    r.se = unbundle::vector_d(2);
    r.se << 0.05, 0.1;
    r.collinear = {"contig"};
    r.fe_names = {"exporter"};
    r.fe_coef = {unbundle::vector_d(2)};
    r.fe_coef[0] << 1.5, 2.5;
    r.fe_levels = {{"AUS", "BRA"}};
    CHECK(r.index("rta") == 1);
    CHECK(r.coefficient("lndist") == -0.8);
    CHECK(r.std_error("rta") == 0.1);
    CHECK(r.fixed_effect("exporter", "BRA") == 2.5);
    CHECK_THROWS_WITH_AS(r.index("contig"), doctest::Contains("collinear"), unbundle::key_error);
    CHECK_THROWS_AS(r.fixed_effect("exporter", "CHN"), unbundle::key_error);
    CHECK_THROWS_AS(r.fixed_effect("importer", "AUS"), unbundle::key_error);
    unbundle::drop_counts d;
    d.missing = 1;
    d.separated_fe = 2;
    d.separated_relu = 3;
    d.singletons = 4;
    CHECK(d.separated() == 5);
    CHECK(d.total() == 10);
}

TEST_CASE("gravity: build_problem turns a formula on a table into arrays, dropping what it must") {
    const auto df = unbundle::parse_csv(table, "t.csv");
    unbundle::frame_options o;
    o.weights = "w";
    o.offset = "off";
    unbundle::index_t missing = -1;
    unbundle::vcov_spec vs;
    const auto p = unbundle::build_problem(df, unbundle::parse_formula("y ~ log(x) + z | g"), o, "test", &missing, &vs);
    CHECK(missing == 2);
    REQUIRE(p.nobs() == 4);
    CHECK(p.rows == std::vector<unbundle::index_t>{0, 1, 3, 5});
    CHECK(p.names == std::vector<std::string>{"log(x)", "z"});
    REQUIRE(p.X.cols() == 2);
    const double xs[] = {1, 2, 4, 6}, zs[] = {0.5, 1.5, 3.5, 5.5}, ws[] = {1, 2, 1, 3}, ys[] = {1, 2, 4, 6};
    for (unbundle::index_t m = 0; m < 4; ++m) {
        CHECK(p.X(m, 0) == doctest::Approx(std::log(xs[m])).epsilon(1e-15));
        CHECK(p.X(m, 1) == zs[m]);
        CHECK(p.weights(m) == ws[m]);
        CHECK(p.y(m) == ys[m]);
    }
    CHECK(p.offset(3) == 0.6);
    // g over the kept rows is b, a, c, c: dense codes in order of first appearance
    REQUIRE(p.fe.dims() == 1);
    CHECK(p.fe.codes[0] == std::vector<std::int32_t>{0, 1, 2, 2});
    CHECK(p.fe.sizes[0] == 3);
    CHECK(p.fe.levels[0] == std::vector<std::string>{"b", "a", "c"});
    // default variance with fixed effects: clustered by the first one
    CHECK(vs.kind == unbundle::vcov_kind::cluster);
    CHECK(vs.cluster == std::vector<std::string>{"g"});
    REQUIRE(p.clusters.size() == 1);
    CHECK(p.clusters[0] == p.fe.codes[0]);
    // without fixed effects: an intercept and iid; an interaction cluster a^b
    unbundle::frame_options o2;
    o2.vcov = unbundle::vcov_spec::clustered({"g^h"});
    const auto q = unbundle::build_problem(df, unbundle::parse_formula("y ~ z"), o2, "test", nullptr, &vs);
    CHECK(q.nobs() == 6);
    CHECK(q.names == std::vector<std::string>{"(Intercept)", "z"});
    CHECK(q.X.col(0).isOnes());
    REQUIRE(q.clusters.size() == 1);
    // g^h levels: bu, au, av, cv, bv, cu: six distinct
    CHECK(*std::max_element(q.clusters[0].begin(), q.clusters[0].end()) == 5);
    CHECK(unbundle::detail::split_interaction("g^h") == std::vector<std::string>{"g", "h"});
    const auto r = unbundle::build_problem(df, unbundle::parse_formula("y ~ z"), {}, "test", nullptr, &vs);
    CHECK(vs.kind == unbundle::vcov_kind::iid);
    CHECK(r.weights.size() == 0);
}

TEST_CASE("gravity: build_problem names the row, column or value it cannot use") {
    const auto df = unbundle::parse_csv(table, "t.csv");
    const auto bad = unbundle::parse_csv("y,x,w\n1,0,1\n2,1,1\n", "bad.csv");
    CHECK_THROWS_WITH_AS(
        unbundle::build_problem(bad, unbundle::parse_formula("y ~ log(x)"), {}, "ppml", nullptr, nullptr),
        doctest::Contains("data row 1"), unbundle::domain_error);
    const auto negw = unbundle::parse_csv("y,x,w\n1,1,-1\n2,1,1\n", "negw.csv");
    unbundle::frame_options o;
    o.weights = "w";
    CHECK_THROWS_AS(unbundle::build_problem(negw, unbundle::parse_formula("y ~ x"), o, "ppml", nullptr, nullptr),
                    unbundle::domain_error);
    CHECK_THROWS_AS(unbundle::build_problem(df, unbundle::parse_formula("y ~ nope"), {}, "ppml", nullptr, nullptr),
                    unbundle::key_error);
    const auto empty = unbundle::parse_csv("y,x\n1,\n,2\n", "empty.csv");
    CHECK_THROWS_AS(unbundle::build_problem(empty, unbundle::parse_formula("y ~ x"), {}, "ppml", nullptr, nullptr),
                    unbundle::domain_error);
}
