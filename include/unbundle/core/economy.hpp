#pragma once
/// @file core/economy.hpp
/// Economy index: ISO-style codes <-> dense indices 0..N-1 in a stable order, O(1) both ways.

#include "../error.hpp"
#include "../fwd.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace unbundle {

namespace detail {

/// A stable, duplicate-free list of labels with O(1) lookup by label and by position.
class label_index {
  public:
    label_index() = default;
    /// @throws dimension_error on a duplicate or empty label (naming it and both positions).
    template <class D = void>
    explicit label_index(std::vector<std::string> labels, const char* what = "label") : labels_(std::move(labels)) {
        pos_.reserve(labels_.size());
        for (std::size_t i = 0; i < labels_.size(); ++i) {
            if (labels_[i].empty())
                throw dimension_error(std::string(what) + " at position " + std::to_string(i) + " is empty");
            const auto [it, fresh] = pos_.emplace(labels_[i], static_cast<index_t>(i));
            if (!fresh)
                throw dimension_error(std::string("duplicate ") + what + " '" + labels_[i] + "' at positions " +
                                      std::to_string(it->second) + " and " + std::to_string(i));
        }
    }
    index_t size() const noexcept { return static_cast<index_t>(labels_.size()); }
    bool empty() const noexcept { return labels_.empty(); }
    /// Label at position i (bounds-checked: key_error).
    template <class D = void> const std::string& code(index_t i) const {
        if (i < 0 || i >= size())
            throw key_error("position " + std::to_string(i) + " is outside 0.." + std::to_string(size() - 1));
        return labels_[static_cast<std::size_t>(i)];
    }
    const std::string& operator[](index_t i) const { return labels_[static_cast<std::size_t>(i)]; }
    /// Position of a label, if present.
    template <class D = void> std::optional<index_t> find(std::string_view label) const {
        const auto it = pos_.find(std::string(label));
        if (it == pos_.end()) return std::nullopt;
        return it->second;
    }
    template <class D = void> bool contains(std::string_view label) const { return find(label).has_value(); }
    /// Adds a label at the end (if new) and returns its position.
    template <class D = void> index_t add(const std::string& label) {
        if (label.empty()) throw dimension_error("empty label");
        const auto [it, fresh] = pos_.emplace(label, size());
        if (fresh) labels_.push_back(label);
        return it->second;
    }
    const std::vector<std::string>& codes() const noexcept { return labels_; }
    auto begin() const noexcept { return labels_.begin(); }
    auto end() const noexcept { return labels_.end(); }
    template <class D = void> friend bool operator==(const label_index& a, const label_index& b) {
        return a.labels_ == b.labels_;
    }
    template <class D = void> friend bool operator!=(const label_index& a, const label_index& b) { return !(a == b); }

  protected:
    std::vector<std::string> labels_;
    std::unordered_map<std::string, index_t> pos_;
};

} // namespace detail

/// Economies (countries, regions, RoW) by code, in a stable order.
///
/// @code
/// unbundle::economy_index e{{"CAN", "DEU", "JPN"}};
/// e.index("JPN");   // 2
/// e.code(0);        // "CAN"
/// @endcode
class economy_index : public detail::label_index {
  public:
    economy_index() = default;
    template <class D = void>
    economy_index(std::initializer_list<std::string> codes) : label_index(std::vector<std::string>(codes), "economy") {}
    template <class D = void>
    explicit economy_index(std::vector<std::string> codes) : label_index(std::move(codes), "economy") {}
    /// Position of an economy; key_error naming the code when it is unknown.
    template <class D = void> index_t index(std::string_view code) const {
        if (const auto i = find(code)) return *i;
        throw key_error("unknown economy '" + std::string(code) + "' (" + std::to_string(size()) + " economies known)");
    }
};

} // namespace unbundle
