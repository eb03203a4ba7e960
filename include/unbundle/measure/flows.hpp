#pragma once
/// @file measure/flows.hpp
/// Bilateral flows of a multi-regional input-output table split by sector kind (goods, services)
/// and use (final, intermediate) — the four blocks in which the three unbundlings are measured —
/// and the Novy (2013) tariff equivalent of each block, pair by pair.

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "../core/trade_costs.hpp"

#include <array>
#include <cmath>
#include <string>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // calls functions whose bodies depend on the configuration (config.hpp)

/// Sector kind × use: the four blocks of flows that load differently on the three costs.
enum class flow_block : int { goods_final = 0, goods_intermediate = 1, services_final = 2, services_intermediate = 3 };

inline constexpr std::array<flow_block, 4> all_flow_blocks{flow_block::goods_final, flow_block::goods_intermediate,
                                                           flow_block::services_final,
                                                           flow_block::services_intermediate};

/// "goods_final", "goods_intermediate", "services_final", "services_intermediate" (the JSON keys).
inline const char* to_string(flow_block b) noexcept {
    switch (b) {
    case flow_block::goods_final:
        return "goods_final";
    case flow_block::goods_intermediate:
        return "goods_intermediate";
    case flow_block::services_final:
        return "services_final";
    default:
        return "services_intermediate";
    }
}
constexpr sector_kind kind_of(flow_block b) noexcept {
    return static_cast<int>(b) < 2 ? sector_kind::goods : sector_kind::services;
}
constexpr purchase_use use_of(flow_block b) noexcept {
    return static_cast<int>(b) % 2 == 0 ? purchase_use::final_use : purchase_use::intermediate;
}
constexpr flow_block block_of(sector_kind k, purchase_use u) noexcept {
    return static_cast<flow_block>((k == sector_kind::services ? 2 : 0) + (u == purchase_use::intermediate ? 1 : 0));
}

/// Region-by-region flows of each block: `x[b](i, n)` is what region i sells to region n
/// (rows exporters, columns importers; the diagonal holds domestic flows).
template <class Scalar = double> struct block_flows {
    economy_index regions;
    std::array<matrix_x<Scalar>, 4> x;
    const matrix_x<Scalar>& operator[](flow_block b) const noexcept { return x[static_cast<std::size_t>(b)]; }
};

/// Sums a table's flows into the four blocks: intermediate flows are Σ over selling sectors of the
/// kind and all buying sectors of Z; final flows Σ over selling sectors of the kind of Y (final-demand
/// categories summed, so changes in inventories are included).
/// @throws domain_error naming the sector when a sector's kind is neither goods nor services.
template <class Scalar> block_flows<Scalar> flows_by_block(const mrio<Scalar>& t) {
    const index_t G = t.num_regions(), N = t.num_sectors();
    for (index_t s = 0; s < N; ++s)
        if (t.sectors().kind(s) == sector_kind::unknown)
            throw domain_error("flows_by_block: sector '" + t.sectors().code(s) +
                               "' has no kind (goods or services); give the table a sectors.csv with a kind column");
    block_flows<Scalar> out{t.regions(), {}};
    for (auto& m : out.x) m = matrix_x<Scalar>::Zero(G, G);
    const matrix_x<Scalar> Y = t.Y();
    const matrix_x<Scalar>& Z = t.Z();
    for (index_t i = 0; i < G; ++i)
        for (index_t s = 0; s < N; ++s) {
            const index_t row = t.row(i, s);
            const sector_kind k = t.sectors().kind(s);
            matrix_x<Scalar>& xf = out.x[static_cast<std::size_t>(block_of(k, purchase_use::final_use))];
            matrix_x<Scalar>& xi = out.x[static_cast<std::size_t>(block_of(k, purchase_use::intermediate))];
            for (index_t n = 0; n < G; ++n) {
                xf(i, n) += Y(row, n);
                xi(i, n) += Z.row(row).segment(n * N, N).sum();
            }
        }
    return out;
}

/// ln(1 + τ_in) of Novy (2013): τ_in = ((x_in x_ni) / (x_ii x_nn))^(−1/(2θ)) − 1, the tariff
/// equivalent of the bilateral trade cost relative to domestic trade implied by structural gravity
/// with trade elasticity θ (scores/bilateral.hpp has τ itself and the Head–Ries φ of a whole trade
/// matrix). Symmetric, 0 on the diagonal, invariant to scaling all flows. Pair by pair, so that a
/// block of an MRIO with gaps is still measured where it can be: +∞ (never NaN) where the pair does
/// not trade both ways, where either domestic flow is not positive, or where a flow is negative.
/// Read which pairs are finite with `novy_identified`.
/// @throws domain_error when θ ≤ 0 or not finite; dimension_error when x is not square.
template <class Derived, class Scalar = typename Derived::Scalar>
matrix_x<Scalar> novy_log_tariff_equivalent(const Eigen::MatrixBase<Derived>& x, Scalar theta) {
    if (!(theta > Scalar(0)) || !std::isfinite(static_cast<double>(theta)))
        throw domain_error("novy_log_tariff_equivalent: the trade elasticity theta must be > 0, got " +
                           detail::to_string_full(theta));
    detail::check_square(x, "novy_log_tariff_equivalent", "x");
    detail::check_finite(x, "novy_log_tariff_equivalent", "x");
    const index_t N = x.rows();
    matrix_x<Scalar> out(N, N);
    for (index_t n = 0; n < N; ++n)
        for (index_t i = 0; i < N; ++i) {
            const Scalar dom = x(i, i) * x(n, n), cross = x(i, n) * x(n, i);
            if (i == n)
                out(i, n) = Scalar(0);
            else if (dom > Scalar(0) && cross > Scalar(0) && x(i, n) > Scalar(0))
                out(i, n) = -std::log(cross / dom) / (Scalar(2) * theta);
            else
                out(i, n) = std::numeric_limits<Scalar>::infinity();
        }
    return out;
}

/// Whether a pair's Novy index is finite (both directions of trade and both domestic flows positive).
template <class Scalar> bool novy_identified(const matrix_x<Scalar>& log_tau, index_t i, index_t n) {
    return std::isfinite(static_cast<double>(log_tau(i, n)));
}

UNBUNDLE_CONFIG_END
} // namespace unbundle
