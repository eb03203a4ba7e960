#pragma once
// Shared by `unbundle scenario` and `unbundle demo` (cmd_scenario.cpp, cmd_demo.cpp): the JSON of
// a scenario result (the contract's keys), the readable tables, series.csv and chart.svg
// (defined in scenario_common.cpp).

#include "common.hpp"

#include <unbundle/data/svg_chart.hpp>
#include <unbundle/scenario/run.hpp>

#include <string>
#include <vector>

namespace unbundle_cli {

using scenario_result_d = unbundle::scenario_result<double>;

/// `world`: what the scenario ran on.
json scenario_world_json(const unbundle::scenario_world<double>& w, const scenario_result_d& r);

/// The contract's JSON object of `unbundle scenario` (without `timing`).
json scenario_json(const unbundle::scenario_world<double>& w, const scenario_result_d& r);

/// `v` formatted by printf's format `f`.
std::string fmt(double v, const char* f = "%.4f");

/// Readable rows of the indicators between two years, with Shapley contributions when present.
void print_change_table(const scenario_result_d& r, int a, int b);

/// series.csv: one row per year, the world indicators, the cost factors and the Shapley
/// contributions to world welfare since the first year.
void write_series(const scenario_result_d& r, const std::string& path);

/// chart.svg: the indicators as indices (first year = 100) over time, with optional era bands.
void write_chart(const scenario_result_d& r, const std::string& path, const std::string& title,
                 const std::vector<unbundle::chart_band>& bands);

/// Writes series.csv and chart.svg into `dir` (created when needed).
void write_outputs(const scenario_result_d& r, const std::string& dir, const std::string& title,
                   const std::vector<unbundle::chart_band>& bands);

} // namespace unbundle_cli
