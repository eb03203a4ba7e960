// `unbundle world --out DIR`: writes the built-in demo world (an MRIO table the library
// generates itself, see data/demo_world.hpp) as a table directory. Extension of the contract.

#include "commands.hpp"
#include "common.hpp"

#include <unbundle/core/mrio.hpp>
#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_writer.hpp>

#include <iostream>
#include <memory>
#include <string>

namespace unbundle_cli {

struct world_args {
    std::string out;                      ///< directory to write (created if needed)
    unbundle::demo_world_options world{}; ///< size and seed of the generated world
};

int run_world(const world_args& a, const context& ctx) {
    stopwatch sw;
    const auto w = unbundle::make_demo_world(a.world);
    const double compute_s = sw.lap();
    unbundle::write_mrio(w, a.out);
    const double write_s = sw.lap();
    json j{{"out", a.out},
           {"n", w.n()},
           {"regions", w.num_regions()},
           {"sectors", w.num_sectors()},
           {"total_output", w.x().sum()},
           {"timing", {{"read_s", 0.0}, {"compute_s", compute_s}, {"write_s", write_s}}}};
    if (ctx.json)
        emit_json(j);
    else
        std::cout << "wrote the demo world (" << w.num_regions() << " regions x " << w.num_sectors() << " sectors) to "
                  << a.out << "\n";
    return exit_ok;
}

void register_world(command& program, context& ctx) {
    auto sub = program.add_subcommand("world", "Write the built-in demo world (a generated MRIO table) to a directory");
    auto a = std::make_shared<world_args>();
    sub.add_option("--out", a->out, "Directory to write (created if needed)").required();
    sub.add_option("--regions", a->world.regions, "Number of economies").positive();
    sub.add_option("--goods", a->world.goods_sectors, "Number of goods sectors").non_negative();
    sub.add_option("--services", a->world.services_sectors, "Number of services sectors").non_negative();
    sub.add_option("--seed", a->world.seed, "Seed of the generator");
    sub.on_parsed([&ctx, a] { ctx.action = [&ctx, a] { return run_world(*a, ctx); }; });
}

} // namespace unbundle_cli
