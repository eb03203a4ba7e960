#pragma once
// Every subcommand of the `unbundle` program: cmd_<name>.cpp defines register_<name>, which adds
// the subcommand, its options and its action to the program. main.cpp calls each one.

namespace CLI {
class App;
}

namespace unbundle_cli {

struct context;

void register_composite(CLI::App& app, context& ctx);
void register_decompose(CLI::App& app, context& ctx);
void register_demo(CLI::App& app, context& ctx);
void register_ge(CLI::App& app, context& ctx);
void register_info(CLI::App& app, context& ctx);
void register_measure(CLI::App& app, context& ctx);
void register_mrio(CLI::App& app, context& ctx);
void register_ppml(CLI::App& app, context& ctx);
void register_scenario(CLI::App& app, context& ctx);
void register_scores(CLI::App& app, context& ctx);
void register_shock(CLI::App& app, context& ctx);
void register_world(CLI::App& app, context& ctx);

} // namespace unbundle_cli
