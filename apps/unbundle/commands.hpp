#pragma once
// Every subcommand of the `unbundle` program: cmd_<name>.cpp defines register_<name>, which adds
// the subcommand, its options and its action to the program (through cli.hpp's `command`).
// main.cpp calls each one.

#include "cli.hpp"

namespace unbundle_cli {

struct context;

void register_composite(command& program, context& ctx);
void register_decompose(command& program, context& ctx);
void register_demo(command& program, context& ctx);
void register_ge(command& program, context& ctx);
void register_info(command& program, context& ctx);
void register_measure(command& program, context& ctx);
void register_mrio(command& program, context& ctx);
void register_ppml(command& program, context& ctx);
void register_scenario(command& program, context& ctx);
void register_scores(command& program, context& ctx);
void register_shock(command& program, context& ctx);
void register_world(command& program, context& ctx);

} // namespace unbundle_cli
