#pragma once
/// @file core/sector.hpp
/// Sectors (industries or products) with a goods/services kind, and an index over them.

#include "economy.hpp"

#include <string>
#include <vector>

namespace unbundle {

/// Whether a sector produces goods (tradable by freight) or services (traded through people and
/// ideas). The kind selects the cost loadings of the three unbundlings.
enum class sector_kind { goods, services, unknown };

inline const char* to_string(sector_kind k) noexcept {
    switch (k) {
    case sector_kind::goods:
        return "goods";
    case sector_kind::services:
        return "services";
    default:
        return "unknown";
    }
}

/// Parses "goods" / "services" (any case of the first letter); anything else is `unknown`.
template <class D = void> inline sector_kind parse_sector_kind(std::string_view s) {
    if (s == "goods" || s == "Goods" || s == "good" || s == "G") return sector_kind::goods;
    if (s == "services" || s == "Services" || s == "service" || s == "S") return sector_kind::services;
    return sector_kind::unknown;
}

/// One sector: a short code (`c1`, `D01T02`), a name and a kind.
struct sector {
    std::string code;
    std::string name;
    sector_kind kind = sector_kind::unknown;
};

/// Sectors by code in a stable order, with their descriptions.
class sector_index : public detail::label_index {
  public:
    sector_index() = default;
    template <class D = void>
    sector_index(std::initializer_list<std::string> codes) : sector_index(std::vector<std::string>(codes)) {}
    template <class D = void>
    explicit sector_index(std::vector<sector> sectors)
        : label_index(codes_of(sectors), "sector"), info_(std::move(sectors)) {}
    template <class D = void>
    explicit sector_index(std::vector<std::string> codes) : label_index(std::move(codes), "sector") {
        for (const auto& c : labels_) info_.push_back({c, c, sector_kind::unknown});
    }
    /// Position of a sector; key_error naming the code when it is unknown.
    template <class D = void> index_t index(std::string_view code) const {
        if (const auto i = find(code)) return *i;
        throw key_error("unknown sector '" + std::string(code) + "'");
    }
    template <class D = void> const sector& at(index_t i) const {
        code(i); // bounds check
        return info_[static_cast<std::size_t>(i)];
    }
    template <class D = void> sector_kind kind(index_t i) const { return at(i).kind; }
    /// Sets the kind (and name, when given) of a sector by code.
    template <class D = void> void describe(std::string_view code, sector_kind kind, std::string name = {}) {
        auto& s = info_[static_cast<std::size_t>(index(code))];
        s.kind = kind;
        if (!name.empty()) s.name = std::move(name);
    }
    const std::vector<sector>& sectors() const noexcept { return info_; }

  private:
    template <class D = void> static std::vector<std::string> codes_of(const std::vector<sector>& s) {
        std::vector<std::string> out;
        out.reserve(s.size());
        for (const auto& x : s) out.push_back(x.code);
        return out;
    }
    std::vector<sector> info_;
};

} // namespace unbundle
