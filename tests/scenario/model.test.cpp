// The multi-sector model in changes: no change reproduces the table, one sector = the GE module's
// exact hat algebra and ACR, the change solution = the ratio of two level solutions (Caliendo &
// Parro's check), homogeneity, falls raise welfare, float, bad input, WIOD 1995.
#include <doctest/doctest.h>

#include "support/approx.hpp"

#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/ge/hat_algebra.hpp>
#include <unbundle/scenario/costs.hpp>
#include <unbundle/scenario/model.hpp>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {
using unbundle::index_t;
using unbundle::matrix_d;
using unbundle::vector_d;
using model = unbundle::multisector_model<double>;
using hats = unbundle::cost_hats<double>;

std::vector<std::string> codes(const char* prefix, index_t n) {
    std::vector<std::string> out;
    for (index_t i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
    return out;
}

/// A random N x J table whose intermediate sourcing differs across buying sectors (not
/// proportional), with deficits, optionally a negative final-demand entry and a zero-output sector.
unbundle::mrio<double> random_world(index_t N, index_t J, unsigned seed, bool traps) {
    std::mt19937 g(seed);
    std::uniform_real_distribution<double> u(0.1, 1.0);
    const index_t n = N * J;
    matrix_d Z(n, n), Y(n, N);
    for (index_t c = 0; c < n; ++c)
        for (index_t r = 0; r < n; ++r) Z(r, c) = u(g) * ((r / J == c / J) ? 4.0 : 1.0);
    for (index_t c = 0; c < N; ++c)
        for (index_t r = 0; r < n; ++r) Y(r, c) = 10.0 * u(g) * ((r / J == c) ? 5.0 : 1.0);
    if (traps) {
        Y(1, 2) = -0.5;         // an inventory drawdown
        Z.row(J + 2).setZero(); // region-sector (1, 2): no output at all
        Y.row(J + 2).setZero();
        Z.col(J + 2).setZero();
        for (index_t r = 0; r < n; ++r) Z(r, 2 * J) = 0; // no intermediate purchases by (2, 0)
    }
    std::vector<unbundle::sector> secs;
    for (index_t j = 0; j < J; ++j)
        secs.push_back(
            {"s" + std::to_string(j), "", j % 2 ? unbundle::sector_kind::services : unbundle::sector_kind::goods});
    return unbundle::mrio<double>(unbundle::economy_index(codes("E", N)), unbundle::sector_index(secs), Z, Y);
}

/// κ̂ with every foreign entry drawn from [lo, hi] (diagonal 1).
hats random_hats(index_t N, index_t J, unsigned seed, double lo, double hi) {
    std::mt19937 g(seed);
    std::uniform_real_distribution<double> u(lo, hi);
    hats k = hats::ones(N, J);
    for (auto* v : {&k.final_use, &k.intermediate})
        for (auto& m : *v)
            for (index_t c = 0; c < N; ++c)
                for (index_t r = 0; r < N; ++r)
                    if (r != c) m(r, c) = u(g);
    return k;
}

hats uniform_hats(index_t N, index_t J, double f) {
    hats k = hats::ones(N, J);
    for (auto* v : {&k.final_use, &k.intermediate})
        for (auto& m : *v) {
            m.setConstant(f);
            m.diagonal().setOnes();
        }
    return k;
}

void check_reproduces(const model& m, const unbundle::equilibrium<double>& e) {
    REQUIRE(e.solver.converged);
    const auto& b = m.baseline();
    const double scale = b.x().maxCoeff();
    CHECK((e.table.Z() - b.Z()).cwiseAbs().maxCoeff() / scale <= 1e-12);
    CHECK((e.table.Y() - b.Y()).cwiseAbs().maxCoeff() / scale <= 1e-12);
    CHECK((e.table.x() - b.x()).cwiseAbs().maxCoeff() / scale <= 1e-12);
    CHECK((e.table.va() - b.va()).cwiseAbs().maxCoeff() / scale <= 1e-12);
    for (const vector_d* v : {&e.wage_hat, &e.income_hat, &e.price_hat, &e.welfare_hat})
        CHECK((v->array() - 1.0).abs().maxCoeff() <= 1e-12);
    CHECK((e.unit_cost_hat.array() - 1.0).abs().maxCoeff() <= 1e-12);
}

/// World welfare: income-weighted mean of the welfare changes.
double world_welfare(const model& m, const unbundle::equilibrium<double>& e) {
    const matrix_d Y = m.baseline().Y();
    double num = 0, den = 0;
    for (index_t n = 0; n < m.economies(); ++n) {
        const double I = Y.col(n).sum();
        num += I * e.welfare_hat(n);
        den += I;
    }
    return num / den;
}

// ---- an independent solver of the model in LEVELS (Caliendo & Parro's check) -------------------
struct level_world {
    index_t N, J;
    vector_d theta, L, D;         // D: deficits in units of world labour income (Σ D = 0)
    matrix_d beta;                // J x N: β_nk
    std::vector<matrix_d> gam;    // per n: J x J, γ_n(j, k)
    matrix_d alpha;               // J x N
    matrix_d A;                   // J x N: productivity terms T_ij (i economy column)
    std::vector<matrix_d> kF, kI; // per j: N x N κ levels (rows exporters i, columns importers n)
};

struct level_eq {
    vector_d w;                     // wages
    matrix_d c, PF, PI, x;          // J x N
    std::vector<matrix_d> piF, piI; // per j: N x N (rows i, cols n)
    matrix_d F, M;                  // J x N
};

level_eq solve_levels(const level_world& W) {
    const index_t N = W.N, J = W.J;
    level_eq e;
    e.w = vector_d::Ones(N);
    e.c = matrix_d::Ones(J, N);
    e.PI = matrix_d::Ones(J, N);
    e.PF = matrix_d::Ones(J, N);
    e.x = matrix_d::Ones(J, N);
    e.piF.assign(static_cast<std::size_t>(J), matrix_d::Zero(N, N));
    e.piI = e.piF;
    e.F = matrix_d::Zero(J, N);
    e.M = matrix_d::Zero(J, N);
    auto index = [&](const std::vector<matrix_d>& k, const matrix_d& cc, index_t j, index_t n, matrix_d* pi) {
        double s = 0;
        for (index_t i = 0; i < N; ++i)
            s += W.A(j, i) * std::pow(k[static_cast<std::size_t>(j)](i, n) * cc(j, i), -W.theta(j));
        if (pi)
            for (index_t i = 0; i < N; ++i)
                (*pi)(i, n) = W.A(j, i) * std::pow(k[static_cast<std::size_t>(j)](i, n) * cc(j, i), -W.theta(j)) / s;
        return std::pow(s, -1.0 / W.theta(j));
    };
    for (int outer = 0; outer < 20000; ++outer) {
        // prices given wages: plain fixed point
        for (int it = 0; it < 5000; ++it) {
            matrix_d cn(J, N);
            for (index_t n = 0; n < N; ++n)
                for (index_t k = 0; k < J; ++k) {
                    double lc = W.beta(k, n) * std::log(e.w(n));
                    for (index_t j = 0; j < J; ++j)
                        lc += W.gam[static_cast<std::size_t>(n)](j, k) * std::log(e.PI(j, n));
                    cn(k, n) = std::exp(lc);
                }
            for (index_t n = 0; n < N; ++n)
                for (index_t j = 0; j < J; ++j) e.PI(j, n) = index(W.kI, cn, j, n, nullptr);
            const double d = (cn - e.c).cwiseAbs().maxCoeff();
            e.c = cn;
            if (d < 1e-15) break;
        }
        for (index_t n = 0; n < N; ++n)
            for (index_t j = 0; j < J; ++j) {
                e.PI(j, n) = index(W.kI, e.c, j, n, &e.piI[static_cast<std::size_t>(j)]);
                e.PF(j, n) = index(W.kF, e.c, j, n, &e.piF[static_cast<std::size_t>(j)]);
            }
        // goods market given prices and wages: plain fixed point
        for (index_t n = 0; n < N; ++n) e.F.col(n) = W.alpha.col(n) * (e.w(n) * W.L(n) + W.D(n));
        for (int it = 0; it < 20000; ++it) {
            for (index_t n = 0; n < N; ++n) e.M.col(n) = W.gam[static_cast<std::size_t>(n)] * e.x.col(n);
            matrix_d xn = matrix_d::Zero(J, N);
            for (index_t j = 0; j < J; ++j)
                for (index_t i = 0; i < N; ++i)
                    for (index_t n = 0; n < N; ++n)
                        xn(j, i) += e.piF[static_cast<std::size_t>(j)](i, n) * e.F(j, n) +
                                    e.piI[static_cast<std::size_t>(j)](i, n) * e.M(j, n);
            const double d = (xn - e.x).cwiseAbs().maxCoeff();
            e.x = xn;
            if (d < 1e-15) break;
        }
        // wages: damped move towards labour income / labour, then Σ w L = 1
        vector_d wn(N);
        for (index_t n = 0; n < N; ++n) wn(n) = W.beta.col(n).dot(e.x.col(n)) / W.L(n);
        wn = e.w + 0.3 * (wn - e.w);
        wn /= wn.dot(W.L);
        const double d = (wn - e.w).cwiseAbs().maxCoeff();
        e.w = wn;
        if (d < 1e-16 && outer > 5) break;
    }
    for (index_t n = 0; n < N; ++n) e.M.col(n) = W.gam[static_cast<std::size_t>(n)] * e.x.col(n);
    return e;
}

/// The MRIO of a level equilibrium (the model's own accounting).
unbundle::mrio<double> table_of(const level_world& W, const level_eq& e) {
    const index_t N = W.N, J = W.J, n = N * J;
    matrix_d Z(n, n), Y(n, N);
    for (index_t m = 0; m < N; ++m)
        for (index_t k = 0; k < J; ++k)
            for (index_t i = 0; i < N; ++i)
                for (index_t j = 0; j < J; ++j)
                    Z(i * J + j, m * J + k) =
                        e.piI[static_cast<std::size_t>(j)](i, m) * W.gam[static_cast<std::size_t>(m)](j, k) * e.x(k, m);
    for (index_t m = 0; m < N; ++m)
        for (index_t i = 0; i < N; ++i)
            for (index_t j = 0; j < J; ++j) Y(i * J + j, m) = e.piF[static_cast<std::size_t>(j)](i, m) * e.F(j, m);
    return unbundle::mrio<double>(unbundle::economy_index(codes("E", N)), unbundle::sector_index(codes("s", J)), Z, Y);
}

} // namespace

TEST_CASE("scenario: no cost change reproduces the baseline MRIO (1e-12)") {
    SUBCASE("demo world (proportional sourcing)") {
        const auto t = unbundle::make_demo_world();
        const model m(t);
        CHECK(m.proportionality_gap() <= 1e-12);
        // the demo world is its own baseline: Z, Y, x unchanged
        CHECK((m.baseline().Z() - t.Z()).cwiseAbs().maxCoeff() / t.x().maxCoeff() <= 1e-12);
        check_reproduces(m, m.solve(hats::ones(m.economies(), m.sectors())));
    }
    SUBCASE("random table with deficits, an inventory drawdown, a zero-output sector, zero absorption") {
        const auto t = random_world(4, 3, 7, true);
        const model m(t);
        CHECK(m.proportionality_gap() > 1e-3); // the random Z is not proportional
        // what the proportional baseline keeps: x, va, Y and the bilateral sales by seller and buying economy
        CHECK(unbundle::test::is_approx(m.baseline().x(), t.balanced().x(), 1e-12));
        CHECK(unbundle::test::is_approx(m.baseline().va(), t.balanced().va(), 1e-12));
        CHECK(unbundle::test::is_approx(m.baseline().Y(), t.Y(), 1e-12));
        for (index_t r = 0; r < 4; ++r)
            CHECK(unbundle::test::is_approx(m.baseline().Z().middleCols(r * 3, 3).rowwise().sum(),
                                            t.Z().middleCols(r * 3, 3).rowwise().sum(), 1e-12));
        check_reproduces(m, m.solve(hats::ones(4, 3)));
        // deficits zeroed: the balanced-trade equilibrium is the baseline, and no change reproduces it
        unbundle::model_options<double> o;
        o.deficits = unbundle::deficit_mode::zero;
        const model mz(t, o);
        REQUIRE(mz.balance_solver().converged);
        const matrix_d Yz = mz.baseline().Y();
        for (index_t n = 0; n < 4; ++n)
            CHECK(Yz.col(n).sum() == doctest::Approx(mz.baseline().va().segment(n * 3, 3).sum()).epsilon(1e-11));
        check_reproduces(mz, mz.solve(hats::ones(4, 3)));
    }
}

TEST_CASE("scenario: documented treatments of zero output, zero absorption and inventories") {
    const auto t = random_world(4, 3, 11, true);
    const model m(t);
    const auto e = m.solve(random_hats(4, 3, 5, 0.7, 1.2));
    REQUIRE(e.solver.converged);
    MESSAGE("random world: " << e.solver.iterations << " iterations, residual " << e.solver.residual);
    CHECK(e.solver.residual <= 1e-10);
    CHECK(e.table.x()(3 + 2) == 0.0);           // the zero-output sector stays at zero
    CHECK(e.table.Y()(1, 2) == -0.5);           // the inventory drawdown is held fixed
    CHECK(e.table.Z().col(2 * 3).sum() == 0.0); // no intermediate purchases stay none
    // the counterfactual table balances: x' = Z'1 + Y'1 and world value added is the numeraire
    CHECK(e.table.va().sum() == doctest::Approx(m.baseline().va().sum()).epsilon(1e-11));
    // labour market: ŵ_n VA_n = Σ_k va'_nk
    for (index_t n = 0; n < 4; ++n)
        CHECK(e.table.va().segment(n * 3, 3).sum() ==
              doctest::Approx(e.wage_hat(n) * m.baseline().va().segment(n * 3, 3).sum()).epsilon(1e-10));
}

TEST_CASE("scenario: one sector without input-output links equals the GE module's exact hat algebra (1e-10)") {
    const index_t N = 5;
    std::mt19937 g(3);
    std::uniform_real_distribution<double> u(1.0, 20.0);
    matrix_d X(N, N);
    for (index_t c = 0; c < N; ++c)
        for (index_t r = 0; r < N; ++r) X(r, c) = u(g) * (r == c ? 10.0 : 1.0);
    const double theta = 4.0;
    const unbundle::mrio<double> t(unbundle::economy_index(codes("E", N)), unbundle::sector_index(codes("s", 1)),
                                   matrix_d::Zero(N, N), X);
    const hats k = random_hats(N, 1, 9, 0.6, 1.3);
    for (auto mode : {unbundle::deficit_mode::keep, unbundle::deficit_mode::zero}) {
        CAPTURE(unbundle::to_string(mode));
        unbundle::model_options<double> o;
        o.theta = vector_d::Constant(1, theta);
        o.deficits = mode;
        const model m(t, o);
        const auto e = m.solve(k);
        REQUIRE(e.solver.converged);
        unbundle::hat_options h;
        h.theta = theta;
        h.deficits = mode;
        const auto r = unbundle::solve_hat_algebra(X, unbundle::tau_hat_to_t_hat(k.final_use[0], theta), h);
        REQUIRE(r.info.converged);
        CHECK(unbundle::test::is_approx(e.wage_hat, r.w_hat, 1e-10));
        CHECK(unbundle::test::is_approx(e.price_hat, r.P_hat, 1e-10));
        CHECK(unbundle::test::is_approx(e.welfare_hat, r.welfare, 1e-10));
        CHECK(unbundle::test::is_approx(matrix_d(e.table.Y() / X.sum()), matrix_d(r.X1 / X.sum()), 1e-10));
        if (mode == unbundle::deficit_mode::zero) {
            // ACR with balanced trade: Ŵ_n = (π'_nn / π_nn)^(−1/θ)
            const matrix_d X0 = m.baseline().Y(), X1 = e.table.Y();
            for (index_t n = 0; n < N; ++n) {
                const double acr = std::pow((X1(n, n) / X1.col(n).sum()) / (X0(n, n) / X0.col(n).sum()), -1 / theta);
                CHECK(e.welfare_hat(n) == doctest::Approx(acr).epsilon(1e-10));
            }
        }
    }
}

TEST_CASE("scenario: with input-output links the change solution is the ratio of two level solutions (1e-9)") {
    level_world W;
    W.N = 3;
    W.J = 2;
    const index_t N = W.N, J = W.J;
    W.theta = vector_d(J);
    W.theta << 4.0, 6.0;
    W.L = vector_d(N);
    W.L << 1.0, 2.0, 1.5;
    W.D = vector_d(N);
    W.D << 0.03, -0.05, 0.02;
    W.beta = matrix_d(J, N);
    W.beta << 0.4, 0.5, 0.35, 0.55, 0.45, 0.6;
    W.gam.resize(static_cast<std::size_t>(N));
    for (index_t n = 0; n < N; ++n) {
        matrix_d gm(J, J);
        gm << 0.6, 0.3, 0.4, 0.7; // column k: mix of inputs, times 1 − β_nk
        for (index_t k = 0; k < J; ++k) gm.col(k) *= (1 - W.beta(k, n));
        W.gam[static_cast<std::size_t>(n)] = gm;
    }
    W.alpha = matrix_d(J, N);
    W.alpha << 0.4, 0.5, 0.45, 0.6, 0.5, 0.55;
    W.A = matrix_d(J, N);
    W.A << 1.0, 0.8, 1.3, 0.9, 1.2, 0.7;
    std::mt19937 g(17);
    std::uniform_real_distribution<double> u(1.2, 2.0), f(0.7, 1.1);
    W.kF.assign(static_cast<std::size_t>(J), matrix_d::Ones(N, N));
    W.kI = W.kF;
    for (auto* v : {&W.kF, &W.kI})
        for (auto& m : *v)
            for (index_t c = 0; c < N; ++c)
                for (index_t r = 0; r < N; ++r)
                    if (r != c) m(r, c) = u(g);
    level_world W2 = W;
    hats k = hats::ones(N, J);
    for (index_t j = 0; j < J; ++j)
        for (index_t c = 0; c < N; ++c)
            for (index_t r = 0; r < N; ++r)
                if (r != c) {
                    const auto jj = static_cast<std::size_t>(j);
                    k.final_use[jj](r, c) = f(g);
                    k.intermediate[jj](r, c) = f(g);
                    W2.kF[jj](r, c) *= k.final_use[jj](r, c);
                    W2.kI[jj](r, c) *= k.intermediate[jj](r, c);
                }
    const level_eq e1 = solve_levels(W), e2 = solve_levels(W2);
    const auto t1 = table_of(W, e1), t2 = table_of(W2, e2);
    unbundle::model_options<double> o;
    o.theta = W.theta;
    const model m(t1, o);
    CHECK(m.proportionality_gap() <= 1e-12);
    const auto e = m.solve(k);
    REQUIRE(e.solver.converged);
    CHECK(unbundle::test::is_approx(e.wage_hat, vector_d(e2.w.cwiseQuotient(e1.w)), 1e-9));
    const double s = t1.x().sum();
    CHECK(unbundle::test::is_approx(matrix_d(e.table.Z() / s), matrix_d(t2.Z() / s), 1e-9));
    CHECK(unbundle::test::is_approx(matrix_d(e.table.Y() / s), matrix_d(t2.Y() / s), 1e-9));
    CHECK(unbundle::test::is_approx(e.input_price_hat, matrix_d(e2.PI.cwiseQuotient(e1.PI)), 1e-9));
    CHECK(unbundle::test::is_approx(e.final_price_hat, matrix_d(e2.PF.cwiseQuotient(e1.PF)), 1e-9));
    vector_d welfare(N);
    for (index_t n = 0; n < N; ++n) {
        double lp = 0;
        for (index_t j = 0; j < J; ++j) lp += W.alpha(j, n) * std::log(e2.PF(j, n) / e1.PF(j, n));
        welfare(n) = (e2.w(n) * W.L(n) + W.D(n)) / (e1.w(n) * W.L(n) + W.D(n)) / std::exp(lp);
    }
    CHECK(unbundle::test::is_approx(e.welfare_hat, welfare, 1e-9));
}

TEST_CASE("scenario: multiplying all flows by a constant changes no hat") {
    const auto t = random_world(4, 3, 21, true);
    const unbundle::mrio<double> t7(t.regions(), t.sectors(), t.Z() * 7.25, t.Y() * 7.25);
    const hats k = random_hats(4, 3, 8, 0.7, 1.1);
    const auto a = model(t).solve(k), b = model(t7).solve(k);
    REQUIRE(a.solver.converged);
    REQUIRE(b.solver.converged);
    CHECK(unbundle::test::is_approx(a.wage_hat, b.wage_hat, 1e-12));
    CHECK(unbundle::test::is_approx(a.welfare_hat, b.welfare_hat, 1e-12));
    CHECK(unbundle::test::is_approx(a.price_hat, b.price_hat, 1e-12));
    CHECK(unbundle::test::is_approx(a.unit_cost_hat, b.unit_cost_hat, 1e-12));
    CHECK(unbundle::test::is_approx(matrix_d(a.table.Z() * 7.25 / t7.x().sum()), matrix_d(b.table.Z() / t7.x().sum()),
                                    1e-12));
}

TEST_CASE("scenario: every fall of a cost raises world welfare - a warm start gives the same equilibrium") {
    const auto t = unbundle::make_demo_world();
    const model m(t);
    const index_t N = m.economies();
    const unbundle::trade_costs<double> base(t.regions(), matrix_d::Constant(N, N, 0.8), matrix_d::Constant(N, N, 0.5),
                                             matrix_d::Constant(N, N, 0.6));
    const auto L = unbundle::loading_table<double>::defaults(t.sectors());
    const unbundle::equilibrium<double>* prev = nullptr;
    unbundle::equilibrium<double> last;
    for (int c = 0; c < 3; ++c) {
        std::array<double, 3> to{1, 1, 1};
        to[static_cast<std::size_t>(c)] = 0.7;
        const auto e = m.solve(unbundle::cost_changes(base, L, {1, 1, 1}, to));
        REQUIRE(e.solver.converged);
        const double w = world_welfare(m, e);
        MESSAGE(std::string(unbundle::to_string(static_cast<unbundle::cost_component>(c)))
                << " costs 30% lower: world welfare " << w << ", " << e.solver.iterations << " iterations");
        CHECK(w > 1.0);
        const auto warm = m.solve(unbundle::cost_changes(base, L, {1, 1, 1}, to), prev);
        CHECK(unbundle::test::is_approx(warm.welfare_hat, e.welfare_hat, 1e-10));
        last = e;
        prev = &last;
    }
}

TEST_CASE("scenario: the float instantiation solves a small case") {
    const auto td = unbundle::make_demo_world();
    const auto tf = td.cast<float>();
    unbundle::multisector_model<float> mf(tf);
    auto kf = unbundle::cost_hats<float>::ones(mf.economies(), mf.sectors());
    for (auto& x : kf.intermediate) {
        x.setConstant(0.9f);
        x.diagonal().setOnes();
    }
    const auto ef = mf.solve(kf);
    CHECK(ef.solver.converged);
    const auto ed = model(td).solve(uniform_hats(mf.economies(), mf.sectors(), 1.0));
    hats kd = hats::ones(mf.economies(), mf.sectors());
    for (auto& x : kd.intermediate) {
        x.setConstant(0.9);
        x.diagonal().setOnes();
    }
    const auto e2 = model(td).solve(kd);
    CHECK(unbundle::test::is_approx(ef.welfare_hat.cast<double>(), e2.welfare_hat, 1e-4));
    CHECK((ed.welfare_hat.array() - 1).abs().maxCoeff() <= 1e-12);
}

TEST_CASE("scenario: bad input is a clear exception") {
    const auto t = random_world(3, 2, 5, false);
    unbundle::model_options<double> o;
    o.theta = vector_d::Constant(2, 4.0);
    o.theta(1) = 0;
    CHECK_THROWS_WITH_AS(model(t, o), doctest::Contains("theta of sector s1"), unbundle::domain_error);
    o.theta = vector_d::Constant(3, 4.0);
    CHECK_THROWS_AS(model(t, o), unbundle::dimension_error);
    o.theta.resize(0);
    o.deficits = unbundle::deficit_mode::multiplicative;
    CHECK_THROWS_AS(model(t, o), unbundle::usage_error);
    // an economy without value added (no output at all)
    matrix_d Z = t.Z(), Y = t.Y();
    Z.middleRows(2, 2).setZero();
    Z.middleCols(2, 2).setZero();
    Y.middleRows(2, 2).setZero();
    const unbundle::mrio<double> t0(t.regions(), t.sectors(), Z, Y);
    CHECK_THROWS_WITH_AS(model{t0}, doctest::Contains("E1"), unbundle::domain_error);
    // negative intermediate use
    Z = t.Z();
    Z(0, 3) = -1;
    CHECK_THROWS_AS(model(unbundle::mrio<double>(t.regions(), t.sectors(), Z, t.Y())), unbundle::domain_error);
    const model m(t);
    hats k = hats::ones(3, 2);
    k.final_use[1](0, 2) = std::nan("");
    CHECK_THROWS_WITH_AS(m.solve(k), doctest::Contains("from E0 to E2"), unbundle::domain_error);
    k = hats::ones(3, 2);
    k.intermediate[0](1, 0) = 0;
    CHECK_THROWS_AS(m.solve(k), unbundle::domain_error);
    CHECK_THROWS_AS(m.solve(hats::ones(3, 3)), unbundle::dimension_error);
    CHECK_THROWS_AS(m.solve(hats::ones(2, 2)), unbundle::dimension_error);
    // non-convergence is reported, not thrown
    o = {};
    o.max_iter = 2;
    const auto e = model(t, o).solve(random_hats(3, 2, 1, 0.5, 0.9));
    CHECK_FALSE(e.solver.converged);
    CHECK(e.solver.residual > 0);
    CHECK_FALSE(e.solver.message.empty());
}

TEST_CASE("scenario: WIOD 1995 (35 sectors): calibrates, reproduces itself, a 10% cut of foreign costs converges" *
          doctest::skip(!unbundle::test::has_data("wiod2013/1995"))) {
    UNBUNDLE_REQUIRE_DATA(dir, "wiod2013/1995");
    const auto t = unbundle::read_mrio(dir.string());
    const model m(t);
    REQUIRE(m.economies() == 41);
    REQUIRE(m.sectors() == 35);
    MESSAGE("proportionality gap " << m.proportionality_gap() << ", clipped rows " << m.clipped_rows().size()
                                   << ", value added <= 0 in " << m.nonpositive_value_added().size() << " rows");
    check_reproduces(m, m.solve(hats::ones(41, 35)));
    const auto e = m.solve(uniform_hats(41, 35, 0.9));
    MESSAGE("10% cut: " << e.solver.iterations << " iterations, residual " << e.solver.residual);
    CHECK(e.solver.converged);
    CHECK(e.solver.residual <= 1e-10);
    CHECK((e.welfare_hat.array() > 1.0).all());
}
