// Structural gravity with PPML and high-dimensional fixed effects: the exercises of Yotov,
// Piermartini, Monteiro & Larch (2016), "An Advanced Guide to Trade Policy Analysis" (WTO/UNCTAD),
// chapter 1, on their panel (69 economies, 1986-2006 every four years), plus two checks against
// published numbers (fixest's trade_eu example; the synthetic panel of gen_gravity.py when
// /tmp/gravity_small.csv exists). Data: shared/data (or $UNBUNDLE_DATA); exits 0 with a
// message when the data are absent.

#include <unbundle/data/csv.hpp>
#include <unbundle/gravity/frame.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;

static fs::path data_dir() {
    if (const char* env = std::getenv("UNBUNDLE_DATA")) return env;
    return fs::path(UNBUNDLE_SOURCE_DIR) / ".." / "shared" / "data";
}

static void print(const unbundle::hdfe_result& r) {
    std::printf("  %s\n  n = %lld (dropped: %lld separated, %lld singletons), %d iterations, %s\n", r.formula.c_str(),
                static_cast<long long>(r.nobs), static_cast<long long>(r.dropped.separated()),
                static_cast<long long>(r.dropped.singletons), r.iterations,
                r.converged ? "converged" : "NOT converged");
    for (std::size_t k = 0; k < r.names.size(); ++k)
        std::printf("    %-14s %10.6f  (%.6f)\n", r.names[k].c_str(), r.coef(static_cast<Eigen::Index>(k)),
                    r.se(static_cast<Eigen::Index>(k)));
}

int main() {
    int failures = 0;
    const fs::path dir = data_dir();
    // 1. fixest's trade_eu example: -1.5278743714656275 (fixest 0.12.2)
    const fs::path eu = dir / "trade_eu" / "trade.csv";
    if (fs::exists(eu)) {
        const auto df = unbundle::read_csv(eu.string());
        const auto r = unbundle::ppml(df, "Euros ~ log(dist_km) | Origin + Destination + Product + Year");
        std::printf("trade_eu (reference: fixest -1.5278743714656275, SE clustered by Origin 0.1156778436)\n");
        print(r);
        const double err = std::abs(r.coef(0) / -1.5278743714656275 - 1);
        std::printf("  relative error %.2e\n\n", err);
        if (!(err < 1e-7)) ++failures;
    } else {
        std::printf("trade_eu data not found under %s: skipped\n", dir.string().c_str());
    }
    // 2. Yotov et al. (2016), chapter 1 applications
    const fs::path ag = dir / "yotov" / "agtpa_applications.csv";
    if (fs::exists(ag)) {
        const auto all = unbundle::read_csv(ag.string());
        const auto& year = all["year"].values();
        const auto& ex = all["exporter"];
        const auto& im = all["importer"];
        std::vector<bool> every4(year.size()), intl(year.size());
        for (std::size_t n = 0; n < year.size(); ++n) {
            const int y = static_cast<int>(year[n]);
            every4[n] = y >= 1986 && y <= 2006 && (y - 1986) % 4 == 0;
            intl[n] = every4[n] && ex.text(static_cast<Eigen::Index>(n)) != im.text(static_cast<Eigen::Index>(n));
        }
        const auto panel = all.filter(every4);
        const auto international = all.filter(intl);
        unbundle::ppml_options opt;
        opt.frame.vcov = unbundle::vcov_spec::parse("cluster:pair_id");
        std::printf("Yotov et al. (2016), traditional gravity, international flows, SE clustered by pair\n");
        print(unbundle::ppml(international, "trade ~ log(dist) + cntg + lang + clny | exporter^year + importer^year",
                             opt));
        std::printf("\nYotov et al. (2016), RTA effects with pair fixed effects (domestic flows included)\n");
        print(unbundle::ppml(panel, "trade ~ rta | exporter^year + importer^year + pair_id", opt));
        std::printf("\nYotov et al. (2016), RTA lags and a lead\n");
        print(unbundle::ppml(
            panel,
            "trade ~ rta + rta_lag4 + rta_lag8 + rta_lag12 + rta_lead4 | exporter^year + importer^year + pair_id",
            opt));
        std::printf("\n");
    } else {
        std::printf("yotov data not found under %s: skipped\n", dir.string().c_str());
    }
    // 3. synthetic panel (python3 shared/tools/gen_gravity.py small --out /tmp/gravity_small.csv)
    const fs::path small = "/tmp/gravity_small.csv";
    if (fs::exists(small)) {
        const auto df = unbundle::read_csv(small.string());
        const auto r = unbundle::ppml(df, "trade ~ rta + policy | exporter^year + importer^year + exporter^importer");
        std::printf(
            "gen_gravity.py small (reference rta 0.42541985247504088, policy -3.8628433811702814, 1580 dropped)\n");
        print(r);
        const double e1 = std::abs(r.coefficient("rta") / 0.42541985247504088 - 1);
        const double e2 = std::abs(r.coefficient("policy") / -3.8628433811702814 - 1);
        std::printf("  relative errors %.2e %.2e, dropped as all-zero groups %lld\n", e1, e2,
                    static_cast<long long>(r.dropped.separated_fe));
        if (!(e1 < 1e-7 && e2 < 1e-7 && r.dropped.separated_fe == 1580)) ++failures;
    } else {
        std::printf("/tmp/gravity_small.csv not found (generate it with gen_gravity.py small): skipped\n");
    }
    return failures == 0 ? 0 : 1;
}
