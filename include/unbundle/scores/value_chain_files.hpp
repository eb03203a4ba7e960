#pragma once
/// @file scores/value_chain_files.hpp
/// Value-chain scores of a directory of yearly MRIO tables (DIR/1995, DIR/1996, ...) in one call:
/// the WIOD 2013 release, 1995–2011, is one `value_chain_panel_from_dir(dir)`. An adapter (data/ to
/// scores/): it reads the tables with `read_mrio`, one year at a time (memory holds one table).
///
/// @code
/// auto panel = unbundle::value_chain_panel_from_dir("wiod2013", {1995, 2011});
/// for (const auto& y : panel)                           // y.year, y.scores (value_chain_scores)
///     std::printf("%d %s %.4f\n", y.year, y.scores.economies[0].c_str(), y.scores.gvc_participation(0));
/// @endcode

#include "../config.hpp"
#include "../data/mrio_reader.hpp"
#include "../error.hpp"
#include "value_chain.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace unbundle {

/// The years of the YYYY sub-directories of `dir` (four digits), ascending.
/// @throws file_error when `dir` is not a directory.
template <class Dep = void> std::vector<int> table_years_in(const std::string& dir) {
    namespace fs = std::filesystem;
    if (!fs::is_directory(dir))
        throw file_error(dir + ": not a directory (expected one MRIO table directory per year, DIR/YYYY)");
    std::vector<int> years;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (!e.is_directory()) continue;
        const std::string name = e.path().filename().string();
        if (name.size() == 4 &&
            std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c) != 0; }))
            years.push_back(std::stoi(name));
    }
    std::sort(years.begin(), years.end());
    return years;
}

UNBUNDLE_CONFIG_BEGIN // read_mrio and the solves depend on the configuration (config.hpp)

/// Value-chain scores of DIR/YYYY for every year in `years` (every YYYY sub-directory when empty),
/// in one call. The notes of each table's reading come first in its `scores.notes`.
/// @throws file_error (no DIR/YYYY for a requested year, or no year at all), the reader's errors
///         (with the file, line and column) and `value_chain_scores_of`'s, with "year Y: " in front.
template <class Dep = void>
std::vector<value_chain_year<double>> value_chain_panel_from_dir(const std::string& dir, std::vector<int> years = {},
                                                                 const mrio_read_options& read = {},
                                                                 const value_chain_scores_options& opt = {}) {
    namespace fs = std::filesystem;
    if (years.empty()) years = table_years_in(dir);
    if (years.empty()) throw file_error(dir + ": no YYYY table directories");
    for (const int y : years)
        if (!fs::is_directory(fs::path(dir) / std::to_string(y)))
            throw file_error(dir + ": no table directory for year " + std::to_string(y) + " (" +
                             (fs::path(dir) / std::to_string(y)).string() + ")");
    std::map<int, std::vector<std::string>> notes; // the reader's, per year
    std::vector<value_chain_year<double>> out = value_chain_panel_of(
        years, [&](int y) { return read_mrio((fs::path(dir) / std::to_string(y)).string(), read, &notes[y]); }, opt);
    for (auto& y : out) {
        const auto& n = notes[y.year];
        y.scores.notes.insert(y.scores.notes.begin(), n.begin(), n.end());
    }
    return out;
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE std::vector<int> table_years_in<>(const std::string&);
UNBUNDLE_EXTERN_TEMPLATE std::vector<value_chain_year<double>>
value_chain_panel_from_dir<>(const std::string&, std::vector<int>, const mrio_read_options&,
                             const value_chain_scores_options&);
} // namespace unbundle
#endif
