#pragma once
/// @file data/trade_panel_reader.hpp
/// Reads a long bilateral CSV file into a `trade_panel` (core/trade_panel.hpp).

#include "../config.hpp"
#include "../core/trade_panel.hpp"
#include "csv.hpp"

#include <string>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // reads files: depends on UNBUNDLE_HAS_ZLIB (config.hpp)

/// Reads a long bilateral CSV file into a trade_panel. See trade_panel::from_frame.
template <class Dep = void>
trade_panel read_trade_panel(const std::string& path, const panel_columns& cols, const csv_options& opt = {},
                             missing_policy missing = missing_policy::error) {
    csv_options o = opt;
    for (const auto* c : {&cols.exporter, &cols.importer, &cols.product})
        if (!c->empty()) o.text_columns.push_back(*c);
    return trade_panel::from_frame(read_csv(path, o), cols, missing);
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE trade_panel read_trade_panel<>(const std::string&, const panel_columns&, const csv_options&,
                                                        missing_policy);
} // namespace unbundle
#endif
