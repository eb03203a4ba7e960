// The three unbundlings through the API: the built-in demo world, ideas costs falling 4 % a year
// from 2020 (goods 1 %, people 2 %), one equilibrium a year to 2030, with Shapley attribution.
#include <unbundle/scenario/run.hpp>

#include <cstdio>

int main() {
    unbundle::scenario<> s;
    s.world = unbundle::make_scenario_demo_world(); // 16 economies x 4 sectors, no data needed
    s.paths.goods = unbundle::cost_path::exponential(2020, 0.01);
    s.paths.ideas = unbundle::cost_path::exponential(2020, 0.04);
    s.paths.people = unbundle::cost_path::exponential(2020, 0.02);
    s.first_year = 2020;
    s.last_year = 2030;
    s.threads = 2;
    const auto r = unbundle::run_scenario(s); // 11 years x 7 coalitions, warm-started

    std::printf("year  trade/GDP   GVC    welfare\n");
    for (const auto& y : r.years)
        std::printf("%d  %8.4f %7.4f %9.4f%s\n", y.year, y.indicators.trade_to_gdp, y.indicators.gvc_participation,
                    y.indicators.welfare_index, y.solver.converged ? "" : " (not converged)");
    const auto a = r.attribution("gvc_participation", 2020, 2030);
    std::printf("GVC participation 2020-2030: goods %+.4f, ideas %+.4f, people %+.4f\n", a[0], a[1], a[2]);
    const auto w = r.welfare_shares();
    std::printf("world welfare gain: goods %.0f%%, ideas %.0f%%, people %.0f%%\n", 100 * w[0], 100 * w[1], 100 * w[2]);
    for (const auto& y : r.years)
        if (!y.solver.converged) return 1;
    return 0;
}
