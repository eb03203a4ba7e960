#pragma once
/// @file unbundle.hpp
/// Umbrella header: includes the whole library. Include single headers to compile faster.
/// Layers (bottom up, docs/index.md): base, core/, data/ and the engines, adapters.

// base
#include "config.hpp"
#include "error.hpp"
#include "fwd.hpp"
#include "version.hpp"

// core/
#include "core/cost_path.hpp"
#include "core/economy.hpp"
#include "core/mrio.hpp"
#include "core/sector.hpp"
#include "core/trade_costs.hpp"
#include "core/trade_matrix.hpp"
#include "core/trade_panel.hpp"

// data/ (files)
#include "data/csv.hpp"
#include "data/demo_world.hpp"
#include "data/mrio_reader.hpp"
#include "data/mrio_writer.hpp"
#include "data/svg_chart.hpp"
#include "data/trade_panel_reader.hpp"

// engines
#include "scores/bilateral.hpp"
#include "scores/bloc.hpp"
#include "scores/composite.hpp"
#include "scores/economy.hpp"
#include "scores/network.hpp"
#include "scores/panel.hpp"
#include "scores/value_chain.hpp"

#include "mrio/accounts.hpp"
#include "mrio/decompose.hpp"
#include "mrio/influence.hpp"
#include "mrio/leontief.hpp"
#include "mrio/lockdown.hpp"
#include "mrio/shock.hpp"
#include "mrio/value_added.hpp"
#include "mrio/value_chain.hpp"

#include "gravity/feols.hpp"
#include "gravity/fixed_effects.hpp"
#include "gravity/formula.hpp"
#include "gravity/generator.hpp"
#include "gravity/model.hpp"
#include "gravity/ppml.hpp"
#include "gravity/separation.hpp"
#include "gravity/vcov.hpp"

#include "ge/from_estimates.hpp"
#include "ge/ge_gravity.hpp"
#include "ge/hat_algebra.hpp"
#include "ge/monte_carlo.hpp"
#include "ge/resistances.hpp"
#include "ge/solver.hpp"
#include "ge/structural.hpp"

#include "scenario/costs.hpp"
#include "scenario/indicators.hpp"
#include "scenario/model.hpp"
#include "scenario/run.hpp"
#include "scenario/shapley.hpp"
#include "scenario/shocks.hpp"
#include "scenario/tasks.hpp"
#include "scenario/world.hpp"

#include "measure/backcast.hpp"
#include "measure/components.hpp"
#include "measure/flows.hpp"

// adapters: data frames to engines
#include "ge/frame.hpp"
#include "gravity/frame.hpp"
#include "scores/value_chain_files.hpp"
