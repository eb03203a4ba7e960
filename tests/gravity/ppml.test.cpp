#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/gravity/frame.hpp>

#include <Eigen/LU>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace {

double rel(double a, double b) { return std::abs(a - b) / std::abs(b); }

unbundle::data_frame frame(const char* text) { return unbundle::parse_csv(text, "mem.csv"); }

template <class E> std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return "(no exception)";
}

} // namespace

TEST_CASE("gravity: ppml on trade_eu reproduces fixest" *
          doctest::skip(!unbundle::test::has_data("trade_eu/trade.csv"))) {
    UNBUNDLE_REQUIRE_DATA(path, "trade_eu/trade.csv");
    const auto df = unbundle::read_csv(path.string());
    const char* f = "Euros ~ log(dist_km) | Origin + Destination + Product + Year";
    const auto r = unbundle::ppml(df, f);
    REQUIRE(r.converged);
    // fixest 0.12.2: -1.5278743714656275 (shared/data/README.md), log-likelihood -702,470,445,793.418
    CHECK(rel(r.coefficient("log(dist_km)"), -1.5278743714656275) < 1e-7);
    CHECK(rel(r.loglik, -702470445793.418) < 1e-9);
    CHECK(r.iterations <= 8);
    CHECK(r.nobs == 38325);
    CHECK(r.vcov_type == "cluster:Origin");
    CHECK(r.dof_k == 44); // fixest: 1 + sum (G_q - 1) + 1 - (15 - 1): Origin is nested in the cluster
    // fixest 0.12.2 reports 0.1156778436 (clustered by Origin) and 0.02184722993 (hetero); its
    // variance uses the weights and partialled-out x of its last IRLS step (6th), which the default
    // vcov_convention::fixest reproduces (the IRLS itself goes on to its own convergence)
    CHECK(r.vcov_iteration == 6);
    CHECK(rel(r.std_error("log(dist_km)"), 0.1156778436) < 1e-6);
    unbundle::ppml_options opt;
    opt.frame.vcov = unbundle::vcov_spec::hetero();
    const auto h = unbundle::ppml(df, f, opt);
    CHECK(h.dof_k == 58); // 1 + 60 - 3
    CHECK(rel(h.std_error("log(dist_km)"), 0.02184722993) < 1e-6);
    // fixed effects recovered: the fitted means are exp(x b + sum of the effects)
    const auto& fr = r.fe_coef;
    REQUIRE(fr.size() == 4);
    CHECK(r.fe_coef[1](0) == 0.0); // normalisation: first level of every later dimension at 0
    const auto& origin = df["Origin"].codes();
    (void)origin;
}

TEST_CASE("gravity: ppml vcov_convention::exact is the sandwich at the converged estimate (dense dummies)" *
          doctest::skip(!unbundle::test::has_data("trade_eu/trade.csv"))) {
    // Reference: the same sandwich computed independently with dense dummy columns at the
    // fitted means: A = [x, D] (one level dropped in each later dimension), W = diag(mu),
    // V = n / (n - K) (A'WA)^-1 (sum_n (y_n - mu_n)^2 A_n A_n') (A'WA)^-1, entry (0, 0).
    UNBUNDLE_REQUIRE_DATA(path, "trade_eu/trade.csv");
    const auto df = unbundle::read_csv(path.string());
    const char* f = "Euros ~ log(dist_km) | Origin + Destination + Product + Year";
    unbundle::ppml_options opt;
    opt.vcov_at = unbundle::vcov_convention::exact;
    opt.frame.vcov = unbundle::vcov_spec::hetero();
    const auto r = unbundle::ppml(df, f, opt);
    REQUIRE(r.converged);
    CHECK(r.vcov_iteration == r.iterations);
    const Eigen::Index N = r.nobs;
    REQUIRE(N == df.rows());
    const char* fes[] = {"Origin", "Destination", "Product", "Year"};
    std::vector<std::vector<std::int32_t>> codes;
    Eigen::Index P = 1;
    for (const char* c : fes) {
        codes.push_back(df[c].factorize());
        std::int32_t g = 0;
        for (auto v : codes.back()) g = std::max(g, v + 1);
        P += codes.size() == 1 ? g : g - 1;
    }
    unbundle::matrix_d H = unbundle::matrix_d::Zero(P, P), M = unbundle::matrix_d::Zero(P, P);
    const auto& dist = df["dist_km"].values();
    const auto& y = df["Euros"].values();
    std::vector<Eigen::Index> idx;
    for (Eigen::Index n = 0; n < N; ++n) {
        const auto row = static_cast<std::size_t>(r.rows[static_cast<std::size_t>(n)]);
        idx.clear();
        idx.push_back(0);
        Eigen::Index off = 1;
        for (std::size_t q = 0; q < codes.size(); ++q) {
            const auto c = codes[q][row];
            std::int32_t g = 0;
            for (auto v : codes[q]) g = std::max(g, v + 1);
            if (q == 0)
                idx.push_back(off + c);
            else if (c > 0)
                idx.push_back(off + c - 1);
            off += q == 0 ? g : g - 1;
        }
        const double x = std::log(dist[row]), mu = r.fitted(n), e = y[row] - mu;
        for (auto i : idx)
            for (auto j : idx) {
                const double ai = i == 0 ? x : 1.0, aj = j == 0 ? x : 1.0;
                H(i, j) += mu * ai * aj;
                M(i, j) += e * e * ai * aj;
            }
    }
    const unbundle::matrix_d B = H.inverse();
    const double n = static_cast<double>(N);
    const double v = n / (n - static_cast<double>(P)) * (B * M * B)(0, 0);
    CHECK(r.dof_k == P);
    CHECK(rel(r.se(0), std::sqrt(v)) < 1e-8);
    // fixest's convention differs by 4.4e-6 here: the lagged weights of its 6th IRLS step
    const auto fx = unbundle::ppml(df, f, [&] {
        unbundle::ppml_options o = opt;
        o.vcov_at = unbundle::vcov_convention::fixest;
        return o;
    }());
    CHECK(rel(fx.se(0), std::sqrt(v)) > 1e-6);
}

TEST_CASE("gravity: ppml EU-enlargement effect on WIOD manufacturing (ge_gravity exercise)" *
          doctest::skip(!unbundle::test::has_data("ge_gravity_wiod/trade_2000_2014.csv"))) {
    UNBUNDLE_REQUIRE_DATA(path, "ge_gravity_wiod/trade_2000_2014.csv");
    const auto all = unbundle::read_csv(path.string());
    std::vector<bool> keep(static_cast<std::size_t>(all.rows()));
    const auto& e = all["exporter"].codes();
    const auto& i = all["importer"].codes();
    const auto& el = all["exporter"].levels();
    const auto& il = all["importer"].levels();
    for (std::size_t n = 0; n < keep.size(); ++n)
        keep[n] = el[static_cast<std::size_t>(e[n])] != il[static_cast<std::size_t>(i[n])];
    const auto df = all.filter(keep);
    unbundle::ppml_options opt;
    opt.frame.vcov = unbundle::vcov_spec::parse("cluster:exporter^importer");
    const auto r = unbundle::ppml(
        df, "trade ~ eu_enlargement + other_fta | exporter^year + importer^year + exporter^importer", opt);
    REQUIRE(r.converged);
    // Baier, Yotov & Zylkin's ge_gravity example (Stata ppmlhdfe): 0.224249
    CHECK(std::abs(r.coefficient("eu_enlargement") - 0.224249) < 5e-7);
    CHECK(r.nobs == 7568);
    CHECK(r.vcov.rows() == 2);
    CHECK(r.se(0) > 0);
    CHECK(r.vcov(0, 1) == doctest::Approx(r.vcov(1, 0)));
}

TEST_CASE("gravity: ppml drops exactly the separated observations of ppmlhdfe's 18 test sets" *
          doctest::skip(!unbundle::test::has_data("ppml_separation"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "ppml_separation");
    for (int k = 1; k <= 18; ++k) {
        char name[16];
        std::snprintf(name, sizeof name, "%02d.csv", k);
        CAPTURE(name);
        const auto df = unbundle::read_csv((dir / name).string());
        std::string f = "y ~ ", fe;
        bool any = false;
        for (const auto& c : df.columns()) {
            if (c.name()[0] == 'x') {
                f += (any ? " + " : "") + c.name();
                any = true;
            }
            if (c.name().rfind("id", 0) == 0) fe += (fe.empty() ? "" : " + ") + c.name();
        }
        if (!any) f += "1";
        if (!fe.empty()) f += " | " + fe;
        const auto r = unbundle::ppml(df, f);
        const auto& sep = df["separated"].values();
        std::vector<unbundle::index_t> truth;
        for (std::size_t n = 0; n < sep.size(); ++n)
            if (sep[n] == 1) truth.push_back(static_cast<unbundle::index_t>(n));
        CHECK(r.separated_rows == truth);
        CHECK(r.dropped.separated() == static_cast<unbundle::index_t>(truth.size()));
        CHECK(r.converged);
        CHECK(r.coef.allFinite());
        CHECK(r.se.allFinite());
    }
}

TEST_CASE("gravity: ppml with one fixed effect and no regressor fits group means (closed form)") {
    // E[y | g] = exp(a_g): the MLE is a_g = log(mean of y in g)
    unbundle::vector_d y(6);
    y << 1, 2, 6, 0, 4, 5;
    const unbundle::matrix_d X(6, 0);
    const std::vector<std::vector<std::int32_t>> fe{{0, 0, 0, 1, 1, 1}};
    unbundle::ppml_options opt;
    opt.check_separation = false;
    const auto r = unbundle::ppml(y, X, fe, opt);
    REQUIRE(r.converged);
    REQUIRE(r.fe_coef.size() == 1);
    CHECK(r.fe_coef[0](0) == doctest::Approx(std::log(3.0)).epsilon(1e-9));
    CHECK(r.fe_coef[0](1) == doctest::Approx(std::log(3.0)).epsilon(1e-9));
    CHECK(r.fitted(0) == doctest::Approx(3.0).epsilon(1e-9));
}

TEST_CASE("gravity: ppml with an intercept and a dummy regressor is the ratio of means (closed form)") {
    // y ~ d: b = log(mean(y | d=1) / mean(y | d=0)), intercept = log(mean(y | d=0))
    const auto df = frame("y,d,w\n1,0,1\n3,0,1\n0,0,1\n4,1,1\n8,1,1\n");
    const auto r = unbundle::ppml(df, "y ~ d");
    REQUIRE(r.converged);
    CHECK(r.coefficient("(Intercept)") == doctest::Approx(std::log(4.0 / 3.0)).epsilon(1e-9));
    CHECK(r.coefficient("d") == doctest::Approx(std::log(6.0 / (4.0 / 3.0))).epsilon(1e-9));
    CHECK(r.vcov_type == "iid");
    // offset log(2) on every row halves exp(intercept)
    const auto df2 = frame("y,d,o\n1,0,0.6931471805599453\n3,0,0.6931471805599453\n0,0,0.6931471805599453\n4,1,0."
                           "6931471805599453\n8,1,0.6931471805599453\n");
    unbundle::ppml_options opt;
    opt.frame.offset = "o";
    const auto r2 = unbundle::ppml(df2, "y ~ d", opt);
    CHECK(r2.coefficient("(Intercept)") == doctest::Approx(std::log(2.0 / 3.0)).epsilon(1e-9));
    CHECK(r2.coefficient("d") == doctest::Approx(r.coefficient("d")).epsilon(1e-9));
}

TEST_CASE("gravity: ppml weights equal replicated observations") {
    const auto dfw = frame("y,x,w\n1,0.5,2\n3,1.5,1\n0,0.2,1\n4,2,3\n2,1,1\n");
    const auto dfr = frame("y,x\n1,0.5\n1,0.5\n3,1.5\n0,0.2\n4,2\n4,2\n4,2\n2,1\n");
    unbundle::ppml_options opt;
    opt.frame.weights = "w";
    const auto a = unbundle::ppml(dfw, "y ~ x", opt);
    const auto b = unbundle::ppml(dfr, "y ~ x");
    CHECK(a.coefficient("x") == doctest::Approx(b.coefficient("x")).epsilon(1e-10));
    CHECK(a.deviance == doctest::Approx(b.deviance).epsilon(1e-10));
}

TEST_CASE("gravity: ppml reports bad input clearly") {
    const auto df = frame("y,x,g\n1,2,a\n0,3,a\n2,1,b\n4,5,b\n");
    SUBCASE("unknown column") {
        CHECK_THROWS_AS(unbundle::ppml(df, "y ~ z | g"), unbundle::key_error);
        CHECK(message_of<unbundle::key_error>([&] { unbundle::ppml(df, "y ~ z | g"); }).find("unknown column 'z'") !=
              std::string::npos);
        CHECK_THROWS_AS(unbundle::ppml(df, "y ~ x | h"), unbundle::key_error);
    }
    SUBCASE("non-numeric cell") {
        const auto bad = frame("y,x,g\n1,2,a\n0,oops,a\n2,1,b\n");
        CHECK_THROWS_AS(unbundle::ppml(bad, "y ~ x | g"), unbundle::parse_error);
        const std::string m = message_of<unbundle::parse_error>([&] { unbundle::ppml(bad, "y ~ x | g"); });
        CHECK(m.find("mem.csv:3:2") != std::string::npos);
        CHECK(m.find("oops") != std::string::npos);
    }
    SUBCASE("negative outcome") {
        const auto neg = frame("y,x\n1,2\n-3,1\n2,2\n");
        CHECK_THROWS_AS(unbundle::ppml(neg, "y ~ x"), unbundle::domain_error);
        CHECK(message_of<unbundle::domain_error>([&] { unbundle::ppml(neg, "y ~ x"); }).find("data row 2") !=
              std::string::npos);
    }
    SUBCASE("all-zero outcome") {
        const auto z = frame("y,x\n0,2\n0,1\n0,2\n");
        CHECK_THROWS_AS(unbundle::ppml(z, "y ~ x"), unbundle::domain_error);
        CHECK(message_of<unbundle::domain_error>([&] { unbundle::ppml(z, "y ~ x"); }).find("zero in all") !=
              std::string::npos);
    }
    SUBCASE("log of a non-positive value") {
        const auto l = frame("y,x\n1,2\n3,0\n2,2\n");
        CHECK_THROWS_AS(unbundle::ppml(l, "y ~ log(x)"), unbundle::domain_error);
        CHECK(message_of<unbundle::domain_error>([&] { unbundle::ppml(l, "y ~ log(x)"); }).find("data row 2") !=
              std::string::npos);
    }
    SUBCASE("formula syntax error") {
        CHECK_THROWS_AS(unbundle::ppml(df, "y ~ x |"), unbundle::usage_error);
        CHECK_THROWS_AS(unbundle::vcov_spec::parse("cluster:"), unbundle::usage_error);
        CHECK_THROWS_AS(unbundle::vcov_spec::parse("robustest"), unbundle::usage_error);
    }
    SUBCASE("negative weight") {
        const auto w = frame("y,x,w\n1,2,1\n3,1,-1\n2,2,1\n");
        unbundle::ppml_options opt;
        opt.frame.weights = "w";
        CHECK_THROWS_AS(unbundle::ppml(w, "y ~ x", opt), unbundle::domain_error);
    }
    SUBCASE("array sizes") {
        unbundle::vector_d y(3);
        y << 1, 2, 3;
        const unbundle::matrix_d X = unbundle::matrix_d::Ones(2, 1);
        CHECK_THROWS_AS(unbundle::ppml(y, X, {}), unbundle::dimension_error);
    }
}

TEST_CASE("gravity: ppml drops collinear regressors with a note, as fixest") {
    const auto df = frame("y,x,x2,g\n1,2,4,a\n0,3,6,a\n2,1,2,b\n4,5,10,b\n3,2,4,c\n5,4,8,c\n");
    const auto r = unbundle::ppml(df, "y ~ x + x2 | g");
    REQUIRE(r.converged);
    CHECK(r.names == std::vector<std::string>{"x"});
    CHECK(r.collinear == std::vector<std::string>{"x2"});
    bool noted = false;
    for (const auto& n : r.notes) noted = noted || n.find("'x2' dropped because of collinearity") != std::string::npos;
    CHECK(noted);
    CHECK_THROWS_AS(r.coefficient("x2"), unbundle::key_error);
}

TEST_CASE("gravity: ppml non-convergence is reported, and thrown only when asked" *
          doctest::skip(!unbundle::test::has_data("ppml_separation/11.csv"))) {
    UNBUNDLE_REQUIRE_DATA(path, "ppml_separation/11.csv");
    const auto df = unbundle::read_csv(path.string());
    unbundle::ppml_options opt;
    opt.max_iter = 2;
    const auto r = unbundle::ppml(df, "y ~ x1", opt);
    CHECK_FALSE(r.converged);
    CHECK(r.info.message.find("no convergence in 2 iterations") != std::string::npos);
    opt.throw_on_nonconvergence = true;
    CHECK_THROWS_AS(unbundle::ppml(df, "y ~ x1", opt), unbundle::convergence_error);
}
