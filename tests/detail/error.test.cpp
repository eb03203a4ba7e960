// Tests of error.hpp's detail::with_context: the prefix goes in front of the message, the error
// keeps its type (and a convergence_error its iterations and residual), a parse_error passes as it
// is, and an empty prefix or no error leaves everything alone.
#include <doctest/doctest.h>

#include <unbundle/error.hpp>

#include <string>

TEST_CASE("with_context: prefixes the message and keeps the type and data") {
    using unbundle::detail::with_context;
    CHECK(with_context("year 2011: ", [] { return 7; }) == 7);
    CHECK_THROWS_WITH_AS(with_context("year 2011: ", []() -> int { throw unbundle::key_error("no economy 'X'"); }),
                         "year 2011: no economy 'X'", unbundle::key_error);
    CHECK_THROWS_WITH_AS(with_context("year 2011: ", []() -> int { throw unbundle::file_error("t/2011: no Z.csv"); }),
                         "year 2011: t/2011: no Z.csv", unbundle::file_error);
    try {
        with_context("year 1995: ", []() -> int { throw unbundle::convergence_error("did not converge", 42, 1e-3); });
        FAIL("no exception");
    } catch (const unbundle::convergence_error& e) {
        CHECK(std::string(e.what()) == "year 1995: did not converge");
        CHECK(e.iterations() == 42);
        CHECK(e.residual() == 1e-3);
    }
    try {
        with_context("year 1995: ", []() -> int {
            throw unbundle::parse_error("Z.csv:3:2: 'x' is not a number", "Z.csv", 3, 2);
        });
        FAIL("no exception");
    } catch (const unbundle::parse_error& e) {
        CHECK(std::string(e.what()) == "Z.csv:3:2: 'x' is not a number");
        CHECK(e.line() == 3);
    }
    CHECK_THROWS_WITH_AS(with_context("", []() -> int { throw unbundle::domain_error("negative flow"); }),
                         "negative flow", unbundle::domain_error);
}
