#pragma once
/// @file core/trade_matrix.hpp
/// N x N bilateral flows with economy labels: rows exporters, columns importers, diagonal
/// domestic sales (intranational trade).

#include "../detail/check.hpp"
#include "economy.hpp"

#include <string>
#include <utility>

namespace unbundle {

/// Bilateral trade flows among N economies.
///
/// Shape: N x N, rows = exporter i, columns = importer j, X(i, i) = domestic sales of i.
/// Units are the data's (e.g. millions of US$). Flows must be finite and non-negative.
///
/// @code
/// unbundle::trade_matrix<> t({"A", "B"}, (unbundle::matrix_d(2, 2) << 80, 20, 10, 90).finished());
/// t.exports();        // (20, 10): row sums off the diagonal
/// t.expenditure();    // (90, 110): column sums, domestic included
/// t.import_shares();  // column j: shares of j's spending by source (columns add up to 1)
/// @endcode
template <class Scalar> class trade_matrix {
  public:
    using matrix_type = matrix_x<Scalar>;
    using vector_type = vector_x<Scalar>;

    trade_matrix() = default;
    /// @throws dimension_error when flows are not N x N for N economies;
    ///         domain_error on a negative or non-finite flow (naming exporter and importer).
    trade_matrix(economy_index economies, matrix_type flows) : economies_(std::move(economies)), X_(std::move(flows)) {
        const char* fn = "trade_matrix";
        detail::check_square(X_, fn, "flows");
        detail::check_size(X_.rows(), economies_.size(), fn, "flows (rows) vs economies");
        detail::check_finite(X_, fn, "flows", &economies_.codes(), &economies_.codes());
        detail::check_nonnegative(X_, fn, "flows", &economies_.codes(), &economies_.codes());
    }

    index_t size() const noexcept { return X_.rows(); }
    const economy_index& economies() const noexcept { return economies_; }
    const matrix_type& flows() const noexcept { return X_; }
    Scalar operator()(index_t i, index_t j) const { return X_(i, j); }
    Scalar flow(std::string_view exporter, std::string_view importer) const {
        return X_(economies_.index(exporter), economies_.index(importer));
    }

    /// Domestic sales X_ii.
    vector_type domestic() const { return X_.diagonal(); }
    /// Gross output (sales to all destinations, home included): row sums.
    vector_type output() const { return X_.rowwise().sum(); }
    /// Expenditure (absorption: purchases from all sources, home included): column sums.
    vector_type expenditure() const { return X_.colwise().sum().transpose(); }
    /// Exports: row sums without the diagonal.
    vector_type exports() const { return output() - domestic(); }
    /// Imports: column sums without the diagonal.
    vector_type imports() const { return expenditure() - domestic(); }
    /// Trade balance: exports − imports (= output − expenditure).
    vector_type balance() const { return exports() - imports(); }
    /// World trade: all off-diagonal flows.
    Scalar world_trade() const { return X_.sum() - X_.diagonal().sum(); }

    /// Import shares π_ij = X_ij / E_j (each column adds up to 1; λ_jj = π_jj is the domestic share).
    /// @throws domain_error when an economy has zero expenditure (naming it).
    matrix_type import_shares() const {
        const vector_type e = expenditure();
        for (index_t j = 0; j < e.size(); ++j)
            if (!(e(j) > Scalar(0)))
                throw domain_error("trade_matrix::import_shares: economy '" + economies_[j] + "' has zero expenditure");
        return X_ * e.cwiseInverse().asDiagonal();
    }
    /// Export shares X_ij / Y_i (each row adds up to 1).
    /// @throws domain_error when an economy has zero output.
    matrix_type export_shares() const {
        const vector_type y = output();
        for (index_t i = 0; i < y.size(); ++i)
            if (!(y(i) > Scalar(0)))
                throw domain_error("trade_matrix::export_shares: economy '" + economies_[i] + "' has zero output");
        return y.cwiseInverse().asDiagonal() * X_;
    }

    /// The flows among a subset of economies (in the order given).
    trade_matrix subset(const std::vector<std::string>& codes) const {
        std::vector<index_t> idx;
        idx.reserve(codes.size());
        for (const auto& c : codes) idx.push_back(economies_.index(c));
        matrix_type out(static_cast<index_t>(idx.size()), static_cast<index_t>(idx.size()));
        for (std::size_t a = 0; a < idx.size(); ++a)
            for (std::size_t b = 0; b < idx.size(); ++b)
                out(static_cast<index_t>(a), static_cast<index_t>(b)) = X_(idx[a], idx[b]);
        return trade_matrix(economy_index(codes), std::move(out));
    }

  private:
    economy_index economies_;
    matrix_type X_;
};

} // namespace unbundle
