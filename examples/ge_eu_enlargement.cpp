// The EU enlargement of 2004-2007 in general equilibrium, from estimation to welfare in one program:
// PPML with exporter-year, importer-year and pair fixed effects on international manufacturing flows of 44
// WIOD economies (2000-2014), then the GE effect on 2000 flows with theta = 4 (Stata ge_gravity's exercise,
// Baier, Yotov & Zylkin 2019), with Monte Carlo standard errors from the clustered variance.
#include <unbundle/data/csv.hpp>
#include <unbundle/ge/frame.hpp>
#include <unbundle/ge/from_estimates.hpp>
#include <unbundle/gravity/frame.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

int main() {
    std::string dir = std::string(UNBUNDLE_SOURCE_DIR) + "/../shared/data";
    if (const char* env = std::getenv("UNBUNDLE_DATA")) dir = env;
    const std::string path = dir + "/ge_gravity_wiod/trade_2000_2014.csv";
    if (!std::filesystem::exists(path)) {
        std::printf("data not found (%s); set UNBUNDLE_DATA. Nothing to do.\n", path.c_str());
        return 0;
    }
    const unbundle::data_frame df = unbundle::read_csv(path);
    std::vector<bool> intl(static_cast<std::size_t>(df.rows()));
    for (unbundle::index_t r = 0; r < df.rows(); ++r)
        intl[static_cast<std::size_t>(r)] = df["exporter"].text(r) != df["importer"].text(r);
    unbundle::ppml_options po;
    po.frame.vcov = unbundle::vcov_spec::clustered({"expcode^impcode"});
    const auto fit = unbundle::ppml(
        df.filter(intl), "trade ~ eu_enlargement + other_fta | expcode^year + impcode^year + expcode^impcode", po);
    std::printf("PPML: eu_enlargement %.7f (clustered s.e. %.7f), converged %d\n", fit.coefficient("eu_enlargement"),
                fit.std_error("eu_enlargement"), fit.info.converged ? 1 : 0);

    const unbundle::bilateral_table t00(df, "exporter", "importer", "year", 2000.0);
    const unbundle::bilateral_table t14(df, "exporter", "importer", "year", 2014.0);
    const unbundle::matrix_d X = t00.matrix("trade");
    const std::vector<unbundle::regressor_change> exp{
        {"eu_enlargement", t14.matrix("eu_enlargement") - t00.matrix("eu_enlargement")}};
    unbundle::hat_options ho;
    ho.theta = 4;
    ho.throw_on_failure = true;
    const auto h = unbundle::counterfactual_from_fit(fit, X, exp, ho);
    unbundle::monte_carlo_options mc;
    mc.draws = 200;
    const auto m = unbundle::monte_carlo_from_fit(fit, X, exp, ho, mc);
    std::printf("GE (theta = 4, deficits kept), welfare change in %% with Monte Carlo s.e. (%d draws):\n", m.succeeded);
    const auto& names = t00.economies().codes();
    for (unbundle::index_t i = 0; i < X.rows(); ++i) {
        const double w = (h.Y0(i) * h.w_hat(i) + h.D0(i)) / (h.Y0(i) + h.D0(i)) / h.P_hat(i);
        std::printf("  %-4s %9.4f  (s.e. %.4f)\n", names[static_cast<std::size_t>(i)].c_str(), 100 * (w - 1),
                    100 * m.sd(i));
    }
    return 0;
}
