#include <unbundle/scenario/shapley.hpp>

#include <Eigen/Core>
#include <doctest/doctest.h>

#include <cmath>

TEST_CASE("scenario/shapley: closed form of an additive game with one interaction") {
    // v(S) = Σ_{c∈S} a_c + b·1{goods, ideas ∈ S}: φ_goods = a_0 + b/2, φ_ideas = a_1 + b/2, φ_people = a_2
    const double a[3] = {0.3, -0.7, 1.9}, b = 0.25;
    std::array<double, 8> v{};
    for (unsigned m = 0; m < 8; ++m) {
        for (std::size_t c = 0; c < 3; ++c)
            if (unbundle::coalition_has(m, c)) v[m] += a[c];
        if ((m & 3u) == 3u) v[m] += b;
    }
    const auto phi = unbundle::shapley3(v);
    CHECK(phi[0] == doctest::Approx(a[0] + b / 2).epsilon(1e-15));
    CHECK(phi[1] == doctest::Approx(a[1] + b / 2).epsilon(1e-15));
    CHECK(phi[2] == doctest::Approx(a[2]).epsilon(1e-15));
}

TEST_CASE("scenario/shapley: majority game gives 1/3 each - efficiency to 1e-12") {
    std::array<double, 8> v{0, 0, 0, 1, 0, 1, 1, 1};
    const auto phi = unbundle::shapley3(v);
    for (double p : phi) CHECK(std::abs(p - 1.0 / 3.0) < 1e-15);
    // an arbitrary game: values add up to v(all) − v(∅)
    std::array<double, 8> w{0.4, 1.7, -2.2, 3.1, 0.9, -5.5, 7.25, 11.125};
    const auto q = unbundle::shapley3(w);
    CHECK(std::abs(q[0] + q[1] + q[2] - (w[7] - w[0])) < 1e-12);
    // a dummy player (people never changes anything) gets 0
    std::array<double, 8> d{0, 2, 3, 7, 0, 2, 3, 7};
    CHECK(std::abs(unbundle::shapley3(d)[2]) < 1e-15);
}

TEST_CASE("scenario/shapley: vector-valued games (one value per economy)") {
    std::array<Eigen::VectorXd, 8> v;
    for (unsigned m = 0; m < 8; ++m) {
        v[m] = Eigen::VectorXd::Zero(2);
        if (m & 1u) v[m](0) += 1;
        if (m & 4u) v[m](1) += 2;
        if (m == 7u) v[m] += Eigen::VectorXd::Constant(2, 0.9);
    }
    const auto phi = unbundle::shapley3(v);
    CHECK(phi[0](0) == doctest::Approx(1.3));
    CHECK(phi[1](0) == doctest::Approx(0.3));
    CHECK(phi[2](1) == doctest::Approx(2.3));
    const Eigen::VectorXd total = phi[0] + phi[1] + phi[2];
    CHECK((total - (v[7] - v[0])).cwiseAbs().maxCoeff() < 1e-12);
}
