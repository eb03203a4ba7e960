#pragma once
// Shared by `unbundle mrio` and `unbundle decompose`: reading one table or a directory of yearly
// tables (--years A:B over DIR/YYYY).

#include <string>
#include <utility>
#include <vector>

namespace unbundle_cli {

/// Parses "A:B" (or a single year "A") into the list of years.
std::vector<int> parse_years(const std::string& spec);

/// (label, directory) of each table to run: TABLE itself, or TABLE/YYYY for each year.
std::vector<std::pair<std::string, std::string>> table_dirs(const std::string& table, const std::string& years);

} // namespace unbundle_cli
