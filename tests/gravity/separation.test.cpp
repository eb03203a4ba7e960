// Tests of gravity/separation.hpp on hand-built data whose separated observations are known:
// all-zero fixed-effect groups, chains of singletons, and the ReLU certificate (dense and
// iterative paths agree) for a regressor that separates, a fixed effect that separates, and none.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/gravity/separation.hpp>

#include <vector>

namespace {

unbundle::fixed_effects one_dim(std::vector<std::int32_t> codes, std::int32_t groups) {
    unbundle::fixed_effects fe;
    fe.names = {"g"};
    fe.codes = {std::move(codes)};
    fe.sizes = {groups};
    return fe;
}

} // namespace

TEST_CASE("gravity: drop_zero_groups and drop_singletons drop exactly the known observations") {
    unbundle::vector_d y(6);
    y << 0, 0, 1, 2, 0, 3;
    const auto fe = one_dim({0, 0, 1, 1, 2, 2}, 3);
    std::vector<char> keep(6, 1);
    CHECK(unbundle::drop_zero_groups(y, fe, keep) == 2); // group 0 has only zeros
    CHECK(keep == std::vector<char>{0, 0, 1, 1, 1, 1});
    CHECK(unbundle::drop_zero_groups(y, fe, keep) == 0); // nothing new
    // singletons: codes a = (0,0,1,1,2) leave obs 4 alone; then b = (0,1,1,2,2) leaves obs 0 and 3
    // alone; then obs 1 and 2 are alone in a: the whole chain goes.
    unbundle::fixed_effects two;
    two.codes = {{0, 0, 1, 1, 2}, {0, 1, 1, 2, 2}};
    two.sizes = {3, 3};
    two.names = {"a", "b"};
    std::vector<char> k2(5, 1);
    CHECK(unbundle::drop_singletons(two, k2) == 5);
    CHECK(k2 == std::vector<char>(5, 0));
    // groups of two everywhere: nothing is a singleton
    const auto pairs = one_dim({0, 0, 1, 1}, 2);
    std::vector<char> k3(4, 1);
    CHECK(unbundle::drop_singletons(pairs, k3) == 0);
    CHECK(unbundle::drop_singletons(unbundle::fixed_effects{}, k3) == 0);
}

TEST_CASE("gravity: relu_separation finds the observation a regressor separates, on both paths") {
    // z = θ0 + θ1 x must vanish where y > 0 (x = 0 there, so θ0 = 0): z = θ1 x is positive only at
    // observation 0 (x = 1, y = 0); observation 1 (x = 0, y = 0) is not separated.
    unbundle::vector_d y(5);
    y << 0, 0, 1, 2, 3;
    unbundle::matrix_d X(5, 2);
    X << 1, 1, //
        1, 0,  //
        1, 0,  //
        1, 0,  //
        1, 0;
    const unbundle::fixed_effects none;
    for (double limit : {4e6, 0.0}) {
        CAPTURE(limit);
        unbundle::relu_options o;
        o.dense_limit = limit;
        const auto r = unbundle::relu_separation(y, X, none, o);
        CHECK(r.converged);
        CHECK(r.count == 1);
        CHECK(r.separated == std::vector<char>{1, 0, 0, 0, 0});
        REQUIRE(r.certificate.size() == 5);
        CHECK(r.certificate(0) > o.tol);
        CHECK(unbundle::test::max_abs(r.certificate.tail(3)) <= o.tol);
    }
}

TEST_CASE(
    "gravity: relu_separation agrees with the zero-group rule for a fixed effect and finds nothing in regular data") {
    unbundle::vector_d y(6);
    y << 0, 0, 1, 2, 0, 3;
    const auto fe = one_dim({0, 0, 1, 1, 2, 2}, 3);
    const unbundle::matrix_d X = unbundle::matrix_d::Zero(6, 0);
    for (double limit : {4e6, 0.0}) {
        CAPTURE(limit);
        unbundle::relu_options o;
        o.dense_limit = limit;
        const auto r = unbundle::relu_separation(y, X, fe, o);
        CHECK(r.converged);
        CHECK(r.separated == std::vector<char>{1, 1, 0, 0, 0, 0});
        CHECK(r.count == 2);
    }
    // every outcome positive: nothing to check
    const unbundle::vector_d pos = unbundle::vector_d::Constant(6, 2.0);
    const auto p = unbundle::relu_separation(pos, X, fe);
    CHECK(p.converged);
    CHECK(p.count == 0);
    // zeros mixed with positives inside every group and an intercept: no separation
    unbundle::vector_d mixed(6);
    mixed << 0, 1, 2, 0, 1, 0;
    unbundle::matrix_d c = unbundle::matrix_d::Ones(6, 1);
    const auto m = unbundle::relu_separation(mixed, c, one_dim({0, 0, 1, 1, 2, 2}, 3));
    CHECK(m.converged);
    CHECK(m.count == 0);
}
