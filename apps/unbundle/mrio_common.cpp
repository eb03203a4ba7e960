// Yearly table directories of `unbundle mrio` and `unbundle decompose` (see mrio_common.hpp).

#include "mrio_common.hpp"

#include <unbundle/error.hpp>

#include <filesystem>

namespace unbundle_cli {

std::vector<int> parse_years(const std::string& spec) {
    auto to_int = [&](const std::string& s) {
        std::size_t pos = 0;
        int v = 0;
        try {
            v = std::stoi(s, &pos);
        } catch (const std::exception&) {
            pos = 0;
        }
        if (pos != s.size() || s.empty())
            throw unbundle::usage_error("--years must be A:B (e.g. 1995:2011), got '" + spec + "'");
        return v;
    };
    const auto colon = spec.find(':');
    const int a = to_int(spec.substr(0, colon));
    const int b = colon == std::string::npos ? a : to_int(spec.substr(colon + 1));
    if (b < a) throw unbundle::usage_error("--years " + spec + ": the last year is before the first");
    std::vector<int> out;
    for (int y = a; y <= b; ++y) out.push_back(y);
    return out;
}

std::vector<std::pair<std::string, std::string>> table_dirs(const std::string& table, const std::string& years) {
    std::vector<std::pair<std::string, std::string>> out;
    if (years.empty()) {
        out.emplace_back(std::string(), table);
        return out;
    }
    for (int y : parse_years(years)) {
        const auto d = std::filesystem::path(table) / std::to_string(y);
        if (!std::filesystem::is_directory(d))
            throw unbundle::file_error(table + ": no table directory for year " + std::to_string(y) + " (" +
                                       d.string() + ")");
        out.emplace_back(std::to_string(y), d.string());
    }
    return out;
}

} // namespace unbundle_cli
