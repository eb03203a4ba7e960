// Tests of gravity/vcov.hpp against the sandwich formulas written out by hand on a 6-observation
// problem (2x2 inverse in closed form, scores summed in loops): iid, HC1, one- and two-way
// clustering with fixest's small-sample factors, the fixed-effect count K (nested, exact rank),
// and the error paths.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/gravity/vcov.hpp>

#include <cstdint>
#include <vector>

namespace {

using unbundle::index_t;
using unbundle::matrix_d;

struct problem {
    matrix_d Xt = matrix_d(6, 2);
    std::vector<double> w{1.0, 2.0, 0.5, 1.5, 1.0, 3.0};
    std::vector<double> r{0.3, -0.2, 0.5, -0.4, 0.1, -0.25};
    std::vector<std::vector<std::int32_t>> cl1{{0, 0, 1, 1, 2, 2}};
    std::vector<std::vector<std::int32_t>> cl2{{0, 0, 1, 1, 2, 2}, {0, 1, 0, 1, 0, 1}};
    problem() {
        Xt << 1.0, 0.2, //
            -0.5, 1.0,  //
            0.3, -0.7,  //
            0.8, 0.4,   //
            -1.2, 0.1,  //
            0.6, -0.3;
    }
    /// (Σ w x x')⁻¹ by the 2x2 formula.
    matrix_d bread() const {
        double a = 0, b = 0, d = 0;
        for (index_t n = 0; n < 6; ++n) {
            const double wn = w[static_cast<std::size_t>(n)];
            a += wn * Xt(n, 0) * Xt(n, 0);
            b += wn * Xt(n, 0) * Xt(n, 1);
            d += wn * Xt(n, 1) * Xt(n, 1);
        }
        matrix_d B(2, 2);
        B << d, -b, -b, a;
        return B / (a * d - b * b);
    }
    /// Σ_g S_g S_g' with S_g = Σ_{n∈g} x_n r_n.
    matrix_d meat(const std::vector<std::int32_t>& g, int groups) const {
        matrix_d M = matrix_d::Zero(2, 2);
        for (int k = 0; k < groups; ++k) {
            double s0 = 0, s1 = 0;
            for (std::size_t n = 0; n < 6; ++n)
                if (g[n] == k) {
                    s0 += Xt(static_cast<index_t>(n), 0) * r[n];
                    s1 += Xt(static_cast<index_t>(n), 1) * r[n];
                }
            M(0, 0) += s0 * s0;
            M(0, 1) += s0 * s1;
            M(1, 1) += s1 * s1;
        }
        M(1, 0) = M(0, 1);
        return M;
    }
    unbundle::vcov_inputs inputs(double sigma2 = 1.0) const {
        unbundle::vcov_inputs in;
        in.Xt = &Xt;
        in.w = w.data();
        in.r = r.data();
        in.sigma2 = sigma2;
        return in;
    }
};

} // namespace

TEST_CASE("gravity: compute_vcov equals the sandwich formulas with fixest's small-sample factors") {
    const problem p;
    const matrix_d B = p.bread();
    const unbundle::ssc_options ssc;
    index_t dof = -1;
    std::vector<index_t> sizes;
    // iid: c_K σ² B with c_K = (n − 1) / (n − K) = 5/4
    const matrix_d Vi = unbundle::compute_vcov(p.inputs(2.0), unbundle::vcov_spec::iid(), ssc, dof, sizes);
    CHECK(dof == 2);
    CHECK(unbundle::test::max_rel_diff(Vi, matrix_d(1.25 * 2.0 * B)) < 1e-14);
    // HC1: c_K · n/(n−1) · B (Σ s s') B = n/(n−K) B meat B, each observation its own group
    const matrix_d Vh = unbundle::compute_vcov(p.inputs(), unbundle::vcov_spec::hetero(), ssc, dof, sizes);
    const matrix_d meat_n = p.meat({0, 1, 2, 3, 4, 5}, 6);
    CHECK(unbundle::test::max_rel_diff(Vh, matrix_d(6.0 / 4.0 * B * meat_n * B)) < 1e-13);
    // one-way cluster: c_K · G/(G−1) with G = 3
    const unbundle::vcov_inputs in1 = [&] {
        auto in = p.inputs();
        in.clusters = &p.cl1;
        return in;
    }();
    const matrix_d Vc = unbundle::compute_vcov(in1, unbundle::vcov_spec::clustered({"g"}), ssc, dof, sizes);
    REQUIRE(sizes.size() == 1);
    CHECK(sizes[0] == 3);
    const matrix_d meat_g = p.meat(p.cl1[0], 3);
    CHECK(unbundle::test::max_rel_diff(Vc, matrix_d(1.25 * 1.5 * B * meat_g * B)) < 1e-13);
    // no adjustments: the bare sandwich
    unbundle::ssc_options none;
    none.adj = false;
    none.cluster_adj = false;
    const matrix_d V0 = unbundle::compute_vcov(in1, unbundle::vcov_spec::clustered({"g"}), none, dof, sizes);
    CHECK(unbundle::test::max_rel_diff(V0, matrix_d(B * meat_g * B)) < 1e-13);
    // two-way (Cameron, Gelbach & Miller): M1 + M2 − M12, G = min(3, 2) = 2, then clipped to PSD
    auto in2 = p.inputs();
    in2.clusters = &p.cl2;
    const matrix_d V2 = unbundle::compute_vcov(in2, unbundle::vcov_spec::clustered({"g", "h"}), ssc, dof, sizes);
    REQUIRE(sizes.size() == 2);
    CHECK(sizes[1] == 2);
    const matrix_d M2 = p.meat(p.cl1[0], 3) + p.meat(p.cl2[1], 2) - meat_n; // the intersection is every observation
    matrix_d want = 1.25 * 2.0 * B * M2 * B;
    Eigen::SelfAdjointEigenSolver<matrix_d> es(want);
    want = es.eigenvectors() * es.eigenvalues().cwiseMax(0.0).asDiagonal() * es.eigenvectors().transpose();
    CHECK(unbundle::test::max_rel_diff(V2, want) < 1e-12);
    CHECK(Eigen::SelfAdjointEigenSolver<matrix_d>(V2).eigenvalues().minCoeff() >= -1e-15);
}

TEST_CASE("gravity: compute_vcov counts fixed effects as fixest does, or by their exact rank") {
    const problem p;
    const matrix_d B = p.bread();
    unbundle::fixed_effects fe;
    fe.codes = {{0, 0, 1, 1, 2, 2}, {0, 1, 0, 1, 0, 1}};
    fe.sizes = {3, 2};
    fe.names = {"a", "b"};
    auto in = p.inputs();
    in.fe = &fe;
    index_t dof = -1;
    std::vector<index_t> sizes;
    // K = 2 + 1 + (3 − 1) + (2 − 1) = 6 = n: c_K is not applied (n ≤ K)
    unbundle::compute_vcov(in, unbundle::vcov_spec::iid(), {}, dof, sizes);
    CHECK(dof == 6);
    // one dimension: K = 2 + 1 + 2 = 5, c_K = 5 / 1
    fe.codes.pop_back();
    fe.sizes.pop_back();
    const matrix_d V = unbundle::compute_vcov(in, unbundle::vcov_spec::iid(), {}, dof, sizes);
    CHECK(dof == 5);
    CHECK(unbundle::test::max_rel_diff(V, matrix_d(5.0 * B)) < 1e-14);
    // nested in the cluster variable: only the constant of the fixed effects is counted, K = 3
    in.clusters = &p.cl1;
    unbundle::compute_vcov(in, unbundle::vcov_spec::clustered({"a"}), {}, dof, sizes);
    CHECK(dof == 3);
    // exact rank of two connected dimensions: 3 + 2 − 1 components = 4, K = 6
    fe.codes = {{0, 0, 1, 1, 2, 2}, {0, 1, 0, 1, 0, 1}};
    fe.sizes = {3, 2};
    in.clusters = nullptr;
    unbundle::ssc_options exact;
    exact.exact_fe_rank = true;
    unbundle::compute_vcov(in, unbundle::vcov_spec::iid(), exact, dof, sizes);
    CHECK(dof == 6);
    // two dimensions that split into two connected blocks: a0–b0 and a1–b1
    CHECK(unbundle::detail::fe_components({0, 0, 1, 1}, 2, {0, 0, 1, 1}, 2) == 2);
    CHECK(unbundle::detail::fe_rank(fe, {0, 1}) == 4);
    // three dimensions go through the dense rank: a third copy of the first adds nothing
    fe.codes.push_back(fe.codes[0]);
    fe.sizes.push_back(3);
    CHECK(unbundle::detail::fe_rank(fe, {0, 1, 2}) == 4);
    fe.sizes = {9000, 9000, 9000};
    CHECK_THROWS_AS(unbundle::detail::fe_rank(fe, {0, 1, 2}), unbundle::numerical_error);
    CHECK(unbundle::detail::is_nested({0, 0, 1}, 2, {5, 5, 6}));
    CHECK_FALSE(unbundle::detail::is_nested({0, 0, 1}, 2, {5, 6, 6}));
}

TEST_CASE("gravity: compute_vcov reports a singular Hessian and clustering without clusters") {
    problem p;
    index_t dof = -1;
    std::vector<index_t> sizes;
    const unbundle::ssc_options ssc;
    CHECK_THROWS_AS(unbundle::compute_vcov(p.inputs(), unbundle::vcov_spec::clustered({"g"}), ssc, dof, sizes),
                    unbundle::usage_error);
    p.Xt.col(1).setZero(); // a regressor that is zero everywhere: X'WX has a zero row and column
    CHECK_THROWS_AS(unbundle::compute_vcov(p.inputs(), unbundle::vcov_spec::iid(), ssc, dof, sizes),
                    unbundle::numerical_error);
    // no regressors: an empty variance
    const matrix_d none(6, 0);
    auto in = p.inputs();
    in.Xt = &none;
    CHECK(unbundle::compute_vcov(in, unbundle::vcov_spec::iid(), ssc, dof, sizes).size() == 0);
    CHECK(dof == 0);
}
