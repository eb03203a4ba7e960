#pragma once
/// @file core/trade_panel.hpp
/// Long bilateral data: one row per exporter, importer (and year, and product), a value and
/// covariates; selection by year and conversion to trade matrices.

#include "../detail/check.hpp"
#include "../error.hpp"
#include "../fwd.hpp"
#include "trade_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

namespace unbundle {

/// Which columns of a table hold what. Empty names are absent.
struct panel_columns {
    panel_columns() = default;
    template <class D = void>
    panel_columns(std::string exporter_col, std::string importer_col, std::string value_col, std::string year_col = {},
                  std::string product_col = {}, std::vector<std::string> covariate_cols = {})
        : exporter(std::move(exporter_col)), importer(std::move(importer_col)), value(std::move(value_col)),
          year(std::move(year_col)), product(std::move(product_col)), covariates(std::move(covariate_cols)) {}
    std::string exporter = "exporter";
    std::string importer = "importer";
    std::string value = "trade";
    std::string year;    ///< optional
    std::string product; ///< optional
    /// Covariates to keep; empty = every other numeric column.
    std::vector<std::string> covariates{};
};

/// What to do with a row whose value (or a kept covariate) is missing.
enum class missing_policy { error, drop };

/// Long bilateral panel (exporter, importer, optional year and product, value, covariates).
/// Economies are indexed in sorted order of their codes (the union of exporters and importers).
///
/// @code
/// auto p = unbundle::read_trade_panel("trade.csv", {"exporter", "importer", "trade", "year"}); //
/// data/trade_panel_reader.hpp auto m = p.to_matrix(2006);   // trade_matrix<double> of that year
/// @endcode
class trade_panel {
  public:
    trade_panel() = default;

    /// Builds a panel from a data_frame (data/csv.hpp; any type with the same interface: `rows()`,
    /// `source()`, `columns()` and `operator[]` by name returning a column).
    /// @throws key_error (unknown column), domain_error (negative, non-finite or missing value,
    ///         naming the row), parse_error (non-numeric cells, naming file:line:column).
    template <class Frame>
    static trade_panel from_frame(const Frame& df, const panel_columns& cols,
                                  missing_policy missing = missing_policy::error) {
        using column_t = std::remove_cv_t<std::remove_reference_t<decltype(df[cols.exporter])>>;
        trade_panel p;
        p.source_ = df.source();
        const column_t& ex = df[cols.exporter];
        const column_t& im = df[cols.importer];
        const column_t& val = df[cols.value];
        const std::vector<double>& v = val.values();
        const column_t* yr = cols.year.empty() ? nullptr : &df[cols.year];
        const column_t* pr = cols.product.empty() ? nullptr : &df[cols.product];
        std::vector<std::string> cov_names = cols.covariates;
        if (cov_names.empty())
            for (const auto& c : df.columns())
                if (c.is_numeric() && c.name() != cols.value && c.name() != cols.year && c.name() != cols.exporter &&
                    c.name() != cols.importer && c.name() != cols.product)
                    cov_names.push_back(c.name());
        std::vector<const column_t*> cov_cols;
        for (const auto& nm : cov_names) {
            cov_cols.push_back(&df[nm]);
            cov_cols.back()->values(); // parse_error if not numeric
        }
        std::vector<std::string> ex_levels, im_levels, pr_levels;
        const std::vector<std::int32_t> exc = ex.factorize(&ex_levels);
        const std::vector<std::int32_t> imc = im.factorize(&im_levels);
        std::vector<std::int32_t> prc;
        if (pr) prc = pr->factorize(&pr_levels);
        // sorted union of economy codes
        std::vector<std::string> all = ex_levels;
        all.insert(all.end(), im_levels.begin(), im_levels.end());
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        p.economies_ = economy_index(all);
        std::vector<std::int32_t> ex_map(ex_levels.size()), im_map(im_levels.size());
        for (std::size_t k = 0; k < ex_levels.size(); ++k)
            ex_map[k] = static_cast<std::int32_t>(p.economies_.index(ex_levels[k]));
        for (std::size_t k = 0; k < im_levels.size(); ++k)
            im_map[k] = static_cast<std::int32_t>(p.economies_.index(im_levels[k]));
        p.products_ = pr_levels;
        p.covariate_names_ = cov_names;
        p.covariates_.assign(cov_names.size(), {});
        const auto n = static_cast<std::size_t>(df.rows());
        p.exporter_.reserve(n);
        p.importer_.reserve(n);
        p.value_.reserve(n);
        auto where = [&](std::size_t i) {
            return (p.source_.empty() ? std::string("row ") + std::to_string(i + 1)
                                      : p.source_ + ":" + std::to_string(i + 2)) +
                   ": ";
        };
        for (std::size_t i = 0; i < n; ++i) {
            const auto ii = static_cast<index_t>(i);
            bool miss = exc[i] < 0 || imc[i] < 0 || val.missing(ii) || (yr && yr->missing(ii)) || (pr && prc[i] < 0);
            for (const column_t* c : cov_cols) miss = miss || c->missing(ii);
            if (miss) {
                if (missing == missing_policy::drop) {
                    ++p.dropped_missing_;
                    continue;
                }
                throw domain_error(where(i) + "missing value in a required column (exporter, importer, value, year, "
                                              "product or a covariate); pass missing_policy::drop to drop such rows");
            }
            if (!std::isfinite(v[i]) || v[i] < 0)
                throw domain_error(where(i) + "flow '" + cols.value + "' must be finite and non-negative but is " +
                                   detail::to_string_full(v[i]) + " (exporter " + ex.text(ii) + ", importer " +
                                   im.text(ii) + ")");
            p.exporter_.push_back(ex_map[static_cast<std::size_t>(exc[i])]);
            p.importer_.push_back(im_map[static_cast<std::size_t>(imc[i])]);
            p.value_.push_back(v[i]);
            if (yr) {
                const double y = yr->values()[i];
                if (y != std::floor(y))
                    throw domain_error(where(i) + "year '" + detail::to_string_full(y) + "' is not a whole number");
                p.year_.push_back(static_cast<int>(y));
            }
            if (pr) p.product_.push_back(prc[i]);
            for (std::size_t k = 0; k < cov_cols.size(); ++k) p.covariates_[k].push_back(cov_cols[k]->values()[i]);
        }
        return p;
    }

    index_t rows() const noexcept { return static_cast<index_t>(value_.size()); }
    const economy_index& economies() const noexcept { return economies_; }
    const std::vector<std::int32_t>& exporter() const noexcept { return exporter_; }
    const std::vector<std::int32_t>& importer() const noexcept { return importer_; }
    const std::vector<double>& value() const noexcept { return value_; }
    bool has_year() const noexcept { return !year_.empty() || (value_.empty() && has_year_col_); }
    const std::vector<int>& year() const noexcept { return year_; }
    const std::vector<std::int32_t>& product() const noexcept { return product_; }
    const std::vector<std::string>& products() const noexcept { return products_; }
    const std::vector<std::string>& covariate_names() const noexcept { return covariate_names_; }
    /// A covariate by name (key_error when absent).
    template <class D = void> const std::vector<double>& covariate(std::string_view name) const {
        for (std::size_t k = 0; k < covariate_names_.size(); ++k)
            if (covariate_names_[k] == name) return covariates_[k];
        throw key_error("trade_panel: no covariate '" + std::string(name) + "'");
    }
    /// Rows dropped for missing values (with missing_policy::drop).
    index_t dropped_missing() const noexcept { return dropped_missing_; }

    /// Distinct years, ascending (empty without a year column).
    template <class D = void> std::vector<int> years() const {
        std::vector<int> y = year_;
        std::sort(y.begin(), y.end());
        y.erase(std::unique(y.begin(), y.end()), y.end());
        return y;
    }

    /// The rows of one year (same economy index). key_error when the year is absent.
    template <class D = void> trade_panel select_year(int y) const {
        if (year_.empty()) throw key_error("trade_panel::select_year: the panel has no year column");
        std::vector<bool> keep(value_.size());
        bool any = false;
        for (std::size_t i = 0; i < keep.size(); ++i) any |= (keep[i] = year_[i] == y);
        if (!any) throw key_error("trade_panel::select_year: no rows for year " + std::to_string(y));
        return filter(keep);
    }

    /// N x N flows (summed over products) of one year, or of the whole panel when it has no year.
    /// Pairs absent from the data are zero. Duplicate (exporter, importer, year, product) rows are
    /// an error (domain_error naming the pair), never summed silently.
    template <class D = void>
    detail::dependent_t<trade_matrix<double>, D> to_matrix(std::optional<int> y = std::nullopt) const {
        using matrix = detail::dependent_t<matrix_d, D>;
        if (!y && !year_.empty() && years().size() > 1)
            throw usage_error("trade_panel::to_matrix: the panel has several years; name one");
        const index_t N = economies_.size();
        matrix X = matrix::Zero(N, N);
        std::unordered_map<std::uint64_t, std::size_t> seen;
        seen.reserve(value_.size());
        for (std::size_t i = 0; i < value_.size(); ++i) {
            if (y && year_[i] != *y) continue;
            const std::uint64_t key = (static_cast<std::uint64_t>(exporter_[i]) * static_cast<std::uint64_t>(N) +
                                       static_cast<std::uint64_t>(importer_[i])) *
                                          (products_.size() + 1) +
                                      (product_.empty() ? 0 : static_cast<std::uint64_t>(product_[i]));
            const auto [it, fresh] = seen.emplace(key, i);
            if (!fresh)
                throw domain_error("trade_panel::to_matrix: duplicate rows for exporter " + economies_[exporter_[i]] +
                                   ", importer " + economies_[importer_[i]] +
                                   (y ? ", year " + std::to_string(*y) : std::string()) + " (rows " +
                                   std::to_string(it->second + 1) + " and " + std::to_string(i + 1) + ")");
            X(exporter_[i], importer_[i]) += value_[i];
        }
        if (y && seen.empty()) throw key_error("trade_panel::to_matrix: no rows for year " + std::to_string(*y));
        return {economies_, std::move(X)};
    }

    /// Keeps the rows where keep[i] (same economy index).
    template <class D = void> trade_panel filter(const std::vector<bool>& keep) const {
        if (keep.size() != value_.size()) throw dimension_error("trade_panel::filter: mask size differs from rows");
        trade_panel p;
        p.source_ = source_;
        p.economies_ = economies_;
        p.products_ = products_;
        p.covariate_names_ = covariate_names_;
        p.covariates_.assign(covariates_.size(), {});
        p.has_year_col_ = !year_.empty();
        for (std::size_t i = 0; i < keep.size(); ++i) {
            if (!keep[i]) continue;
            p.exporter_.push_back(exporter_[i]);
            p.importer_.push_back(importer_[i]);
            p.value_.push_back(value_[i]);
            if (!year_.empty()) p.year_.push_back(year_[i]);
            if (!product_.empty()) p.product_.push_back(product_[i]);
            for (std::size_t k = 0; k < covariates_.size(); ++k) p.covariates_[k].push_back(covariates_[k][i]);
        }
        return p;
    }

  private:
    std::string source_;
    economy_index economies_;
    std::vector<std::int32_t> exporter_, importer_, product_;
    std::vector<int> year_;
    std::vector<double> value_;
    std::vector<std::string> products_;
    std::vector<std::string> covariate_names_;
    std::vector<std::vector<double>> covariates_;
    index_t dropped_missing_ = 0;
    bool has_year_col_ = false;
};

} // namespace unbundle
