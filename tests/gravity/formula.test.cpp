#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/gravity/formula.hpp>

#include <string>

using unbundle::formula_term;
using unbundle::parse_formula;

TEST_CASE("gravity: formula with regressors, log() and interacted fixed effects") {
    const auto f =
        parse_formula("trade ~ rta + log(dist) + policy | exporter^year + importer^year + exporter^importer");
    CHECK(f.outcome == "trade");
    REQUIRE(f.regressors.size() == 3);
    CHECK(f.regressors[0].column == "rta");
    CHECK(f.regressors[1].column == "dist");
    CHECK(f.regressors[1].fn == formula_term::transform::log);
    CHECK(f.regressors[1].label() == "log(dist)");
    REQUIRE(f.fixed_effects.size() == 3);
    CHECK(f.fixed_effects[0] == std::vector<std::string>{"exporter", "year"});
    CHECK(f.fixed_effect_name(2) == "exporter^importer");
    CHECK_FALSE(f.intercept);
}

TEST_CASE("gravity: formula without fixed effects has an intercept - '1' means no regressors") {
    const auto f = parse_formula("y~x1+x2");
    CHECK(f.intercept);
    CHECK(f.regressors.size() == 2);
    CHECK(f.fixed_effects.empty());
    const auto g = parse_formula("y ~ 1 | id1 + id2");
    CHECK(g.regressors.empty());
    CHECK(g.fixed_effects.size() == 2);
    const auto h = parse_formula("y ~ x - 1");
    CHECK_FALSE(h.intercept);
    const auto b = parse_formula("`trade value` ~ `log dist`");
    CHECK(b.outcome == "trade value");
    CHECK(b.regressors[0].column == "log dist");
}

TEST_CASE("gravity: formula syntax errors are usage_error naming the position") {
    auto fails = [](const char* text, const char* needle) {
        try {
            parse_formula(text);
            FAIL("no exception for " << text);
        } catch (const unbundle::usage_error& e) {
            const std::string msg = e.what();
            INFO(msg);
            CHECK(msg.find("position") != std::string::npos);
            CHECK(msg.find(needle) != std::string::npos);
        }
    };
    fails("", "empty formula");
    fails("trade rta", "expected '~'");
    fails("trade ~", "expected a regressor");
    fails("trade ~ rta +", "expected regressor name");
    fails("trade ~ rta | exporter + ", "fixed effect name");
    fails("trade ~ exp(rta)", "unsupported function");
    fails("trade ~ log(rta", "expected ')'");
    fails("trade ~ rta | a | b", "only one '|'");
    fails("trade ~ rta * b", "expected '+' or '|'");
    fails("trade ~ 2", "must be 0 or 1");
    CHECK_THROWS_AS(parse_formula("y ~ x ^"), unbundle::usage_error);
}
