#pragma once
/// @file core/mrio.hpp
/// A multi-regional input-output table: Z, Y (by destination region, optionally by category), x,
/// va and labels, with the balance convention made explicit and a report of residuals.
///
/// Layout: region-major. Row/column r*N + i is sector i of region r (G regions, N sectors,
/// n = G*N). Z is n x n (rows selling region-sector, columns buying region-sector). Y is
/// n x (G*K): column r*K + k is final-demand category k of destination region r (K = 1 when the
/// table has no categories). x is gross output (n), va value added (n).

#include "../detail/check.hpp"
#include "economy.hpp"
#include "sector.hpp"

#include <optional>
#include <string>
#include <vector>

namespace unbundle {

/// Which gross output the table carries.
enum class output_convention {
    published, ///< the table's own x (accounts use it; rows may not add up exactly)
    balanced   ///< x = Z·1 + Y·1 (decompositions need it: their terms then add up exactly)
};

inline const char* to_string(output_convention c) noexcept {
    return c == output_convention::published ? "published" : "balanced";
}

/// What a table holds that a user should know about: residuals, zero-output sectors, negatives.
struct mrio_report {
    double total_output = 0;               ///< Σ x
    double total_final_demand = 0;         ///< Σ Y
    double total_value_added = 0;          ///< Σ va
    double max_abs_row_residual = 0;       ///< max_i |x_i − Σ_j Z_ij − Σ_r Y_ir|
    index_t max_residual_row = -1;         ///< where it is (-1 for an empty table)
    std::vector<index_t> zero_output_rows; ///< rows with x_i = 0
    index_t negative_Z = 0;                ///< entries of Z below 0
    index_t negative_Y = 0;                ///< entries of Y below 0 (inventories, imports in national tables)
    index_t negative_va = 0;               ///< value added below 0
    index_t negative_entries() const noexcept { return negative_Z + negative_Y + negative_va; }
};

/// Multi-regional input-output table (see the file comment for the layout).
///
/// @code
/// auto t = unbundle::read_mrio("wiod2013/2011");
/// t.n();                       // 1435
/// t.Z_block(0, 1);             // AUS sales to AUT's industries, 35 x 35
/// auto r = t.report();         // residuals, zero-output rows, negatives
/// auto b = t.balanced();       // x = Z·1 + Y·1
/// @endcode
template <class Scalar> class mrio {
  public:
    using matrix_type = matrix_x<Scalar>;
    using vector_type = vector_x<Scalar>;

    mrio() = default;

    /// Builds a table. x and va are derived when absent (x = Z·1 + Y·1, va = x − Z'·1): the
    /// convention is `published` when x is given, else `balanced`.
    /// @param categories names of the final-demand categories (empty: Y has one column per region)
    /// @throws dimension_error on any shape mismatch; domain_error on NaN/Inf or negative x.
    mrio(economy_index regions, sector_index sectors, matrix_type Z, matrix_type Y,
         std::optional<vector_type> x = std::nullopt, std::optional<vector_type> va = std::nullopt,
         std::vector<std::string> categories = {})
        : regions_(std::move(regions)), sectors_(std::move(sectors)), categories_(std::move(categories)),
          Z_(std::move(Z)), Y_(std::move(Y)) {
        const char* fn = "mrio";
        const index_t G = regions_.size(), N = sectors_.size();
        if (G == 0 || N == 0) throw dimension_error("mrio: a table needs at least one region and one sector");
        const index_t n = G * N;
        detail::check_square(Z_, fn, "Z");
        detail::check_size(Z_.rows(), n, fn, "Z (rows) vs regions x sectors");
        detail::check_size(Y_.rows(), n, fn, "Y (rows)");
        const index_t K = categories_.empty() ? 1 : static_cast<index_t>(categories_.size());
        if (Y_.cols() != G * K)
            throw dimension_error("mrio: Y has " + std::to_string(Y_.cols()) + " columns, expected " +
                                  std::to_string(G * K) + " (" + std::to_string(G) + " regions x " + std::to_string(K) +
                                  " categories)");
        make_labels();
        detail::check_finite(Z_, fn, "Z", &labels_, &labels_);
        detail::check_finite(Y_, fn, "Y", &labels_);
        if (x) {
            detail::check_size(x->size(), n, fn, "x");
            detail::check_finite(*x, fn, "x", &labels_);
            detail::check_nonnegative(*x, fn, "x (gross output)", &labels_);
            x_ = std::move(*x);
            convention_ = output_convention::published;
        } else {
            x_ = Z_.rowwise().sum() + Y_.rowwise().sum();
            convention_ = output_convention::balanced;
        }
        if (va) {
            detail::check_size(va->size(), n, fn, "va");
            detail::check_finite(*va, fn, "va", &labels_);
            va_ = std::move(*va);
        } else {
            va_ = x_ - Z_.colwise().sum().transpose();
        }
    }

    index_t n() const noexcept { return Z_.rows(); }
    index_t num_regions() const noexcept { return regions_.size(); }
    index_t num_sectors() const noexcept { return sectors_.size(); }
    index_t num_categories() const noexcept {
        return categories_.empty() ? 1 : static_cast<index_t>(categories_.size());
    }
    const economy_index& regions() const noexcept { return regions_; }
    const sector_index& sectors() const noexcept { return sectors_; }
    const std::vector<std::string>& categories() const noexcept { return categories_; }
    /// "REGION_sector" for each row, in table order.
    const std::vector<std::string>& labels() const noexcept { return labels_; }
    output_convention convention() const noexcept { return convention_; }

    /// Row/column of sector `s` of region `r`.
    index_t row(index_t r, index_t s) const noexcept { return r * num_sectors() + s; }
    index_t row(std::string_view region, std::string_view sector) const {
        return row(regions_.index(region), sectors_.index(sector));
    }

    const matrix_type& Z() const noexcept { return Z_; }
    /// Final demand with categories (n x G*K).
    const matrix_type& Y_full() const noexcept { return Y_; }
    /// Final demand by destination region, categories summed (n x G).
    matrix_type Y() const {
        const index_t K = num_categories();
        if (K == 1) return Y_;
        matrix_type out(n(), num_regions());
        for (index_t r = 0; r < num_regions(); ++r) out.col(r) = Y_.middleCols(r * K, K).rowwise().sum();
        return out;
    }
    /// Total final demand of each row (n).
    vector_type y() const { return Y_.rowwise().sum(); }
    const vector_type& x() const noexcept { return x_; }
    const vector_type& va() const noexcept { return va_; }

    /// Block of Z: sales of region s's sectors to region r's sectors (N x N).
    auto Z_block(index_t s, index_t r) const {
        const index_t N = num_sectors();
        return Z_.block(s * N, r * N, N, N);
    }

    /// x − Z·1 − Y·1, per row.
    vector_type row_residuals() const { return x_ - Z_.rowwise().sum() - Y_.rowwise().sum(); }

    /// Residuals, zero-output rows and negative entries.
    mrio_report report() const {
        mrio_report r;
        r.total_output = static_cast<double>(x_.sum());
        r.total_final_demand = static_cast<double>(Y_.sum());
        r.total_value_added = static_cast<double>(va_.sum());
        const vector_type res = row_residuals();
        for (index_t i = 0; i < res.size(); ++i) {
            const double a = std::abs(static_cast<double>(res(i)));
            if (r.max_residual_row < 0 || a > r.max_abs_row_residual) {
                r.max_abs_row_residual = a;
                r.max_residual_row = i;
            }
            if (x_(i) == Scalar(0)) r.zero_output_rows.push_back(i);
        }
        r.negative_Z = static_cast<index_t>((Z_.array() < Scalar(0)).count());
        r.negative_Y = static_cast<index_t>((Y_.array() < Scalar(0)).count());
        r.negative_va = static_cast<index_t>((va_.array() < Scalar(0)).count());
        return r;
    }

    /// A copy with x = Z·1 + Y·1 and va = x − Z'·1 (the convention decompositions need).
    mrio balanced() const {
        mrio out = *this;
        out.x_ = Z_.rowwise().sum() + Y_.rowwise().sum();
        out.va_ = out.x_ - Z_.colwise().sum().transpose();
        out.convention_ = output_convention::balanced;
        return out;
    }

    /// The same table in another Scalar type.
    template <class Other> mrio<Other> cast() const {
        return mrio<Other>(regions_, sectors_, Z_.template cast<Other>(), Y_.template cast<Other>(),
                           vector_x<Other>(x_.template cast<Other>()), vector_x<Other>(va_.template cast<Other>()),
                           categories_)
            .with_convention_(convention_);
    }

    /// Internal: sets the convention flag (used by cast()).
    mrio&& with_convention_(output_convention c) && {
        convention_ = c;
        return std::move(*this);
    }

  private:
    void make_labels() {
        labels_.clear();
        labels_.reserve(static_cast<std::size_t>(regions_.size() * sectors_.size()));
        for (const auto& r : regions_)
            for (const auto& s : sectors_) labels_.push_back(r + "_" + s);
    }

    economy_index regions_;
    sector_index sectors_;
    std::vector<std::string> categories_;
    std::vector<std::string> labels_;
    matrix_type Z_, Y_;
    vector_type x_, va_;
    output_convention convention_ = output_convention::balanced;
};

} // namespace unbundle
