#pragma once
/// @file ge/frame.hpp
/// From long bilateral data (one row per exporter, importer) to the square matrices the GE solvers
/// take: flows, cost variables, t^(1−σ) = exp(Σ β x), output and expenditure per economy, and an
/// experiment that changes cost variables for listed pairs (the inputs of USITC gegravity). An
/// adapter (data/ to ge/): it reads a `data_frame`.
/// Economies are ordered by code (as gegravity and Stata's ge_gravity sort them).

#include "../config.hpp"
#include "../core/economy.hpp"
#include "../data/csv.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"
#include "../fwd.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace unbundle {

/// One estimated cost term of t^(1−σ) = exp(Σ β x): a column name and its coefficient. The names
/// `constant` and `1` denote an intercept when the data have no such column.
struct cost_term {
    std::string variable;
    double beta = 0;
};

/// Square view of long bilateral data: economies and the row of each (exporter, importer) pair.
class bilateral_table {
  public:
    /// Indexes `df` by the exporter and importer columns (text or numeric codes); with `year_col`
    /// non-empty, keeps the rows where it equals `year`.
    /// @throws key_error (unknown column), dimension_error (a pair missing or repeated, naming it).
    template <class Dep = void>
    bilateral_table(const data_frame& df, const std::string& exporter_col, const std::string& importer_col,
                    const std::string& year_col = {}, std::optional<double> year = std::nullopt)
        : df_(&df) {
        const column& ex = df[exporter_col];
        const column& im = df[importer_col];
        const column* yr = year_col.empty() ? nullptr : &df[year_col];
        std::vector<index_t> keep;
        for (index_t r = 0; r < df.rows(); ++r) {
            if (yr && year) {
                if (yr->missing(r) || !yr->is_numeric() || yr->values()[static_cast<std::size_t>(r)] != *year) continue;
            }
            if (ex.missing(r) || im.missing(r))
                throw domain_error(df.source() + ": row " + std::to_string(r + 2) +
                                   " has a missing exporter or importer");
            keep.push_back(r);
        }
        if (keep.empty())
            throw dimension_error(df.source() + ": no rows" +
                                  (yr && year ? " for year " + detail::to_string_full(*year) : std::string()));
        std::vector<std::string> codes;
        for (index_t r : keep) {
            codes.push_back(ex.text(r));
            codes.push_back(im.text(r));
        }
        std::sort(codes.begin(), codes.end());
        codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
        economies_ = economy_index(codes);
        const index_t n = economies_.size();
        row_.assign(static_cast<std::size_t>(n * n), -1);
        for (index_t r : keep) {
            index_t& slot = row_[cell(economies_.index(ex.text(r)), economies_.index(im.text(r)))];
            if (slot >= 0)
                throw dimension_error(df.source() + ": pair " + ex.text(r) + " -> " + im.text(r) +
                                      " appears twice (rows " + std::to_string(slot + 2) + " and " +
                                      std::to_string(r + 2) + ")");
            slot = r;
        }
        for (index_t i = 0; i < n; ++i)
            for (index_t j = 0; j < n; ++j)
                if (row_[cell(i, j)] < 0)
                    throw dimension_error(df.source() + ": pair " + economies_[i] + " -> " + economies_[j] +
                                          (i == j ? " (the domestic flow)" : "") +
                                          " is missing; the data must hold all N x N pairs including domestic flows");
    }

    const economy_index& economies() const noexcept { return economies_; }
    index_t size() const noexcept { return economies_.size(); }
    /// Row of `df` holding pair (i, j).
    index_t row(index_t i, index_t j) const { return row_[cell(i, j)]; }

    /// N x N matrix of a numeric column; domain_error naming the file line and column when a cell is missing.
    template <class D = void> detail::dependent_t<matrix_d, D> matrix(const std::string& col) const {
        const column& c = (*df_)[col];
        if (!c.is_numeric()) throw domain_error(df_->source() + ": column '" + col + "' is not numeric");
        const index_t n = size();
        detail::dependent_t<matrix_d, D> m(n, n);
        for (index_t j = 0; j < n; ++j)
            for (index_t i = 0; i < n; ++i) {
                const index_t r = row_[cell(i, j)];
                if (c.missing(r))
                    throw domain_error(df_->source() + ": line " + std::to_string(r + 2) + ", column '" + col +
                                       "' is missing (pair " + economies_[i] + " -> " + economies_[j] + ")");
                m(i, j) = c.values()[static_cast<std::size_t>(r)];
            }
        return m;
    }

    /// Per-economy value of a column repeated on its rows as exporter (`as_exporter`) or importer,
    /// averaged over those rows as gegravity does.
    template <class D = void>
    detail::dependent_t<vector_d, D> economy_values(const std::string& col, bool as_exporter) const {
        const detail::dependent_t<matrix_d, D> m = matrix<D>(col);
        const index_t n = size();
        detail::dependent_t<vector_d, D> v(n);
        for (index_t k = 0; k < n; ++k) v(k) = as_exporter ? m.row(k).mean() : m.col(k).mean();
        return v;
    }

    /// t^(1−σ) = exp(Σ β x) from cost terms (an absent `constant`/`1` column is an intercept).
    template <class D = void> detail::dependent_t<matrix_d, D> t_pow(const std::vector<cost_term>& terms) const {
        using matrix_t = detail::dependent_t<matrix_d, D>;
        const index_t n = size();
        matrix_t s = matrix_t::Zero(n, n);
        for (const auto& t : terms) {
            if (!std::isfinite(t.beta)) throw domain_error("cost coefficient of '" + t.variable + "' is not finite");
            if (!df_->has(t.variable) && (t.variable == "constant" || t.variable == "1"))
                s.array() += t.beta;
            else
                s += t.beta * matrix<D>(t.variable);
        }
        return s.array().exp().matrix();
    }

    const data_frame& frame() const noexcept { return *df_; }

  private:
    const data_frame* df_;
    economy_index economies_;
    std::vector<index_t> row_; ///< row of df_ holding pair (i, j) at cell(i, j); -1 while unseen
    std::size_t cell(index_t i, index_t j) const noexcept {
        return static_cast<std::size_t>(i * economies_.size() + j);
    }
};

/// Cost variables of an experiment: the baseline's N x N matrices with the pairs listed in `exp`
/// (columns `exporter_col`, `importer_col` and any of the cost variables) replaced by the values given.
/// Returns t^(1−σ) of the experiment.
/// @throws key_error (unknown economy in the experiment), domain_error (missing value).
template <class Dep = void>
matrix_d experiment_t_pow(const bilateral_table& base, const std::vector<cost_term>& terms, const data_frame& exp,
                          const std::string& exporter_col, const std::string& importer_col) {
    using real = detail::dependent_t<double, Dep>;
    const index_t n = base.size();
    const column& ex = exp[exporter_col];
    const column& im = exp[importer_col];
    matrix_x<real> s = matrix_x<real>::Zero(n, n);
    bool any = false;
    for (const auto& t : terms) {
        if (!base.frame().has(t.variable) && (t.variable == "constant" || t.variable == "1")) {
            s.array() += t.beta;
            continue;
        }
        matrix_x<real> x = base.matrix(t.variable);
        if (const column* c = exp.find(t.variable)) {
            if (!c->is_numeric()) throw domain_error(exp.source() + ": column '" + t.variable + "' is not numeric");
            for (index_t r = 0; r < exp.rows(); ++r) {
                const std::string a = ex.text(r), b = im.text(r);
                const auto i = base.economies().find(a), j = base.economies().find(b);
                if (!i)
                    throw key_error(exp.source() + ": line " + std::to_string(r + 2) + ": unknown exporter '" + a +
                                    "'");
                if (!j)
                    throw key_error(exp.source() + ": line " + std::to_string(r + 2) + ": unknown importer '" + b +
                                    "'");
                if (c->missing(r)) continue; // not changed
                x(*i, *j) = c->values()[static_cast<std::size_t>(r)];
                any = true;
            }
        }
        s += t.beta * x;
    }
    if (!any)
        throw usage_error(exp.source() +
                          ": the experiment changes no cost variable (give columns named like the cost variables)");
    return s.array().exp().matrix();
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE matrix_d experiment_t_pow<>(const bilateral_table&, const std::vector<cost_term>&,
                                                     const data_frame&, const std::string&, const std::string&);
} // namespace unbundle
#endif
