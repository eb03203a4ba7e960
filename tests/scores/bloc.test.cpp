#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/scores/bloc.hpp>

TEST_CASE("scores: intra-bloc share and intensity against a hand-computed case") {
    const unbundle::matrix_d X = (unbundle::matrix_d(3, 3) << 80, 10, 10, 20, 60, 20, 5, 15, 100).finished();
    const unbundle::trade_matrix<double> t({"A", "B", "C"}, X);
    const auto b = unbundle::bloc_scores_of(t, {"A", "B"});
    // intra 10 + 20 = 30; exports 20 + 40 = 60; imports 25 + 25 = 50; world 80
    CHECK(b.intra_trade == 30.0);
    CHECK(b.intra_share == doctest::Approx(0.5).epsilon(1e-15));
    CHECK(b.intensity == doctest::Approx(0.5 / (50.0 / 80)).epsilon(1e-15));
    // a bloc of every economy: share 1, intensity 1
    const auto all = unbundle::bloc_scores_of(t, {"C", "A", "B"});
    CHECK(all.intra_share == doctest::Approx(1.0).epsilon(1e-15));
    CHECK(all.intensity == doctest::Approx(1.0).epsilon(1e-15));
    // a single economy has no intra-bloc trade
    CHECK(unbundle::bloc_scores_of(t, {"C"}).intra_share == 0.0);
}

TEST_CASE("scores: bad blocs") {
    const unbundle::matrix_d X = (unbundle::matrix_d(3, 3) << 80, 10, 0, 20, 60, 0, 0, 0, 100).finished();
    const unbundle::trade_matrix<double> t({"A", "B", "C"}, X);
    CHECK_THROWS_WITH_AS(unbundle::bloc_scores_of(t, {"A", "XX"}), doctest::Contains("'XX'"), unbundle::key_error);
    CHECK_THROWS_AS(unbundle::bloc_scores_of(t, {}), unbundle::usage_error);
    CHECK_THROWS_WITH_AS(unbundle::bloc_scores_of(t, {"A", "A"}), doctest::Contains("twice"), unbundle::usage_error);
    CHECK_THROWS_AS(unbundle::bloc_scores_of(t, {"C"}), unbundle::domain_error); // C does not trade
}
