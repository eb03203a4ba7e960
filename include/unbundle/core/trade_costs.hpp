#pragma once
/// @file core/trade_costs.hpp
/// The three cost components of Baldwin's unbundlings — moving goods, ideas and people — as
/// N x N ad-valorem equivalents, their loadings by sector kind and use, and the composite
/// iceberg cost τ_ij = Π_c (1 + e_c,ij)^(a_c) (1 at home).

#include "../detail/check.hpp"
#include "economy.hpp"
#include "sector.hpp"

#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace unbundle {

/// The three costs whose falls drove the three unbundlings.
enum class cost_component : int {
    goods = 0, ///< freight, tariffs, time in transit (first unbundling, from about 1820)
    ideas = 1, ///< ICT, coordination, language, time zones (second unbundling, from about 1990)
    people = 2 ///< face-to-face travel, visas, telepresence (third unbundling, 2020s)
};
inline constexpr std::array<cost_component, 3> all_cost_components{cost_component::goods, cost_component::ideas,
                                                                   cost_component::people};
inline const char* to_string(cost_component c) noexcept {
    switch (c) {
    case cost_component::goods:
        return "goods";
    case cost_component::ideas:
        return "ideas";
    default:
        return "people";
    }
}

/// Who buys: final demand or firms buying intermediate inputs (sourcing differs by use).
enum class purchase_use { final_use, intermediate };

/// Elasticities a_c of the composite cost to each component, for one sector kind and use.
template <class Scalar = double> struct cost_loadings {
    std::array<Scalar, 3> a{Scalar(1), Scalar(1), Scalar(1)};
    Scalar operator[](cost_component c) const noexcept { return a[static_cast<std::size_t>(c)]; }

    /// Illustrative defaults (docs/scenario.md; documented as such, override them):
    /// goods/final (1, 0.3, 0.1), goods/intermediate (1, 1, 0.2), services/final (0.1, 0.5, 1),
    /// services/intermediate (0.1, 1, 1). Unknown kinds take the goods rows.
    static cost_loadings defaults(sector_kind kind, purchase_use use) {
        const bool services = kind == sector_kind::services;
        const bool inter = use == purchase_use::intermediate;
        if (!services)
            return inter ? cost_loadings{{Scalar(1), Scalar(1), Scalar(0.2)}}
                         : cost_loadings{{Scalar(1), Scalar(0.3), Scalar(0.1)}};
        return inter ? cost_loadings{{Scalar(0.1), Scalar(1), Scalar(1)}}
                     : cost_loadings{{Scalar(0.1), Scalar(0.5), Scalar(1)}};
    }
};

/// Bilateral cost components among N economies (ad-valorem equivalents e_c,ij > −1; the
/// diagonal is ignored: costs at home are 1 by definition). Rows exporters, columns importers.
///
/// @code
/// unbundle::trade_costs<> c(econ, goods, ideas, people);
/// auto tau  = c.composite(unbundle::cost_loadings<>::defaults(unbundle::sector_kind::goods,
///                                                           unbundle::purchase_use::intermediate));
/// auto c2   = c.cut(unbundle::cost_component::ideas, 0.2);   // ideas costs fall by 20 %
/// auto that = c.hat(c2, loadings);                            // τ'/τ for a counterfactual
/// @endcode
template <class Scalar> class trade_costs {
  public:
    using matrix_type = matrix_x<Scalar>;

    trade_costs() = default;
    /// @throws dimension_error (shapes), domain_error (non-finite or ≤ −1 entries, naming the pair).
    trade_costs(economy_index economies, matrix_type goods, matrix_type ideas, matrix_type people)
        : economies_(std::move(economies)), e_{std::move(goods), std::move(ideas), std::move(people)} {
        for (auto c : all_cost_components) validate(e_[static_cast<std::size_t>(c)], to_string(c));
    }
    /// No costs at all (e = 0 everywhere).
    static trade_costs zero(economy_index economies) {
        const index_t n = economies.size();
        return trade_costs(std::move(economies), matrix_type::Zero(n, n), matrix_type::Zero(n, n),
                           matrix_type::Zero(n, n));
    }

    index_t size() const noexcept { return economies_.size(); }
    const economy_index& economies() const noexcept { return economies_; }
    const matrix_type& component(cost_component c) const noexcept { return e_[static_cast<std::size_t>(c)]; }

    /// τ_ij = Π_c (1 + e_c,ij)^(a_c) off the diagonal, 1 on it.
    matrix_type composite(const cost_loadings<Scalar>& a) const {
        const index_t n = size();
        matrix_type tau(n, n);
        for (index_t j = 0; j < n; ++j)
            for (index_t i = 0; i < n; ++i) {
                if (i == j) {
                    tau(i, j) = Scalar(1);
                    continue;
                }
                Scalar t(1);
                for (auto c : all_cost_components) {
                    const Scalar ac = a[c];
                    if (ac != Scalar(0)) t *= std::pow(Scalar(1) + component(c)(i, j), ac);
                }
                tau(i, j) = t;
            }
        return tau;
    }

    /// τ̂ = τ(to) / τ(this) for the same loadings: the gross change of the iceberg cost.
    matrix_type hat(const trade_costs& to, const cost_loadings<Scalar>& a) const {
        if (to.economies_ != economies_)
            throw dimension_error("trade_costs::hat: the two cost sets cover different economies");
        return to.composite(a).cwiseQuotient(composite(a));
    }

    /// Each component scaled: e_c ← factor_c · e_c (a path's factors; factors must be ≥ 0).
    trade_costs scaled(const std::array<Scalar, 3>& factor) const {
        trade_costs out = *this;
        for (std::size_t c = 0; c < 3; ++c) {
            if (!(factor[c] >= Scalar(0)) || !std::isfinite(static_cast<double>(factor[c])))
                throw domain_error(std::string("trade_costs::scaled: factor for ") +
                                   to_string(static_cast<cost_component>(c)) + " must be finite and >= 0, got " +
                                   detail::to_string_full(factor[c]));
            out.e_[c] *= factor[c];
        }
        return out;
    }

    /// Component c falls by `fraction` ∈ [0, 1) between every pair: e_c ← (1 − fraction) e_c.
    trade_costs cut(cost_component c, Scalar fraction) const { return cut_among(c, fraction, {}); }

    /// Component c falls by `fraction` ∈ [0, 1) between members only (a regional agreement);
    /// an empty list means all pairs. @throws domain_error (fraction), key_error (unknown member).
    trade_costs cut_among(cost_component c, Scalar fraction, const std::vector<std::string>& members) const {
        if (!(fraction >= Scalar(0) && fraction < Scalar(1)))
            throw domain_error(std::string("trade_costs::cut: a cost cut must lie in [0, 1), got ") +
                               detail::to_string_full(fraction) + " for " + to_string(c));
        trade_costs out = *this;
        matrix_type& e = out.e_[static_cast<std::size_t>(c)];
        if (members.empty()) {
            e *= (Scalar(1) - fraction);
            return out;
        }
        std::vector<index_t> idx;
        idx.reserve(members.size());
        for (const auto& m : members) idx.push_back(economies_.index(m));
        for (index_t i : idx)
            for (index_t j : idx)
                if (i != j) e(i, j) *= (Scalar(1) - fraction);
        return out;
    }

  private:
    void validate(const matrix_type& m, const char* name) const {
        detail::check_square(m, "trade_costs", name);
        detail::check_size(m.rows(), economies_.size(), "trade_costs", name);
        for (index_t j = 0; j < m.cols(); ++j)
            for (index_t i = 0; i < m.rows(); ++i)
                if (i != j && !(m(i, j) > Scalar(-1) && std::isfinite(static_cast<double>(m(i, j)))))
                    throw domain_error(std::string("trade_costs: ") + name + " cost from " + economies_[i] + " to " +
                                       economies_[j] + " must be finite and > -1 (ad-valorem), got " +
                                       detail::to_string_full(m(i, j)));
    }

    economy_index economies_;
    std::array<matrix_type, 3> e_;
};

} // namespace unbundle
