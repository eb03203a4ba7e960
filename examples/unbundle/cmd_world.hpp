#pragma once
// `unbundle world --out DIR`: writes the built-in demo world (an MRIO table the library
// generates itself, see data/demo_world.hpp) as a table directory. Extension of the contract.

#include "common.hpp"

namespace unbundle_cli {

inline void register_world(CLI::App& app, context& ctx) {
    auto* sub = app.add_subcommand("world", "Write the built-in demo world (a generated MRIO table) to a directory");
    auto out = std::make_shared<std::string>();
    auto opt = std::make_shared<unbundle::demo_world_options>();
    sub->add_option("--out", *out, "Directory to write (created if needed)")->required();
    sub->add_option("--regions", opt->regions, "Number of economies")->check(CLI::PositiveNumber);
    sub->add_option("--goods", opt->goods_sectors, "Number of goods sectors")->check(CLI::NonNegativeNumber);
    sub->add_option("--services", opt->services_sectors, "Number of services sectors")->check(CLI::NonNegativeNumber);
    sub->add_option("--seed", opt->seed, "Seed of the generator");
    sub->callback([&ctx, out, opt] {
        ctx.action = [&ctx, out, opt] {
            stopwatch sw;
            const auto w = unbundle::make_demo_world(*opt);
            const double compute_s = sw.lap();
            unbundle::write_mrio(w, *out);
            const double write_s = sw.lap();
            json j{{"out", *out}, {"n", w.n()}, {"regions", w.num_regions()}, {"sectors", w.num_sectors()},
                   {"total_output", w.x().sum()}, {"timing", {{"read_s", 0.0}, {"compute_s", compute_s}, {"write_s", write_s}}}};
            if (ctx.json)
                emit_json(j);
            else
                std::cout << "wrote the demo world (" << w.num_regions() << " regions x " << w.num_sectors()
                          << " sectors) to " << *out << "\n";
            return exit_ok;
        };
    });
}

} // namespace unbundle_cli
