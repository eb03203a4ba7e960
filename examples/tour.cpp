// The README's tour: core types, loading, and the demo world. Runs under CTest.
#include <unbundle/unbundle.hpp>

#include <filesystem>
#include <iostream>

int main() {
    // 1. A world the library generates itself: 6 economies x 5 sectors, balanced and productive.
    const unbundle::mrio<double> world = unbundle::make_demo_world();
    const unbundle::mrio_report r = world.report();
    std::cout << "demo world: " << world.num_regions() << " regions x " << world.num_sectors() << " sectors, output "
              << r.total_output << "\n";

    // 2. Bilateral flows and their shares (rows exporters, columns importers).
    unbundle::matrix_d X(3, 3);
    X << 80, 20, 0, 10, 90, 5, 4, 6, 50;
    const unbundle::trade_matrix<double> flows({"CAN", "JPN", "USA"}, X);
    std::cout << "CAN exports " << flows.exports()(0) << ", JPN domestic share " << flows.import_shares()(1, 1) << "\n";

    // 3. Baldwin's three costs and their composite: ideas costs fall by 20 %.
    const unbundle::matrix_d e = unbundle::matrix_d::Constant(3, 3, 0.3);
    const unbundle::trade_costs<double> costs(flows.economies(), e, e, e);
    const auto loadings =
        unbundle::cost_loadings<double>::defaults(unbundle::sector_kind::goods, unbundle::purchase_use::intermediate);
    const unbundle::matrix_d tau_hat = costs.hat(costs.cut(unbundle::cost_component::ideas, 0.2), loadings);
    std::cout << "gross change of the CAN->JPN iceberg cost: " << tau_hat(0, 1) << "\n";

    // 4. A path: ideas costs fall 3 % a year from 1990.
    const auto ict = unbundle::cost_path::exponential(1990, 0.03);
    std::cout << "ideas cost factor in 2010: " << ict.factor(2010) << "\n";

    // 5. Real data, when present: a WIOD year loads in milliseconds.
    const std::filesystem::path wiod =
        std::filesystem::path(UNBUNDLE_SOURCE_DIR) / ".." / "shared" / "data" / "wiod2013" / "2011";
    if (std::filesystem::exists(wiod)) {
        const auto t = unbundle::read_mrio(wiod.string());
        std::cout << "WIOD 2011: n = " << t.n() << ", total output " << t.report().total_output << "\n";
    } else {
        std::cout << "WIOD 2011 not found beside the source tree: skipped\n";
    }
    return 0;
}
