#pragma once
/// @file scores/economy.hpp
/// Economy-level integration indices: openness and depth (with GDP), Harris market potential,
/// Redding–Venables market and supplier access (with the multilateral resistances of
/// ge/resistances.hpp), Balassa RCA and symmetric RCA, Grubel–Lloyd (by product and aggregated),
/// HHI (plain and normalised), Theil, and DHL-style breadth.
///
/// Conventions: bilateral matrices have rows = exporters i, columns = importers j and the
/// domestic sales on the diagonal (ignored by every index here); product matrices are N x K with a
/// row per economy and a column per product. No function returns NaN: where an index is
/// undefined the treatment is stated (0, or an exception naming the economy).

#include "../config.hpp"
#include "../core/trade_matrix.hpp"
#include "../ge/resistances.hpp"
#include "bilateral.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace unbundle {

namespace detail {

/// Throws domain_error unless every GDP is positive and finite (naming the economy).
template <class Derived>
void check_gdp(const Eigen::MatrixBase<Derived>& gdp, index_t n, const char* func,
               const std::vector<std::string>* names) {
    check_size(gdp.size(), n, func, "gdp");
    for (index_t i = 0; i < n; ++i)
        if (!(gdp(i) > 0) || !std::isfinite(static_cast<double>(gdp(i))))
            throw domain_error(
                std::string(func) + ": GDP of " +
                (names ? "'" + (*names)[static_cast<std::size_t>(i)] + "'" : "economy " + std::to_string(i)) +
                " must be positive and finite, got " + to_string_full(gdp(i)));
}

/// Throws domain_error naming the first economy that neither exports nor imports.
template <class Scalar>
void check_every_economy_trades(const vector_x<Scalar>& ex, const vector_x<Scalar>& im, const char* func,
                                const std::vector<std::string>* names) {
    for (index_t i = 0; i < ex.size(); ++i)
        if (!(ex(i) > Scalar(0)) && !(im(i) > Scalar(0)))
            throw domain_error(
                std::string(func) + ": " +
                (names ? "economy '" + (*names)[static_cast<std::size_t>(i)] + "'" : "economy " + std::to_string(i)) +
                " has no international trade (no exports, no imports); drop it before scoring");
}

} // namespace detail

/// Openness (X_i + M_i) / GDP_i: exports plus imports (off the diagonal) over GDP.
/// @throws dimension_error (sizes), domain_error (GDP not positive and finite, naming the economy; bad flows).
template <class DX, class DG, class Scalar = typename DX::Scalar>
vector_x<Scalar> openness(const Eigen::MatrixBase<DX>& X, const Eigen::MatrixBase<DG>& gdp,
                          const std::vector<std::string>* names = nullptr) {
    detail::check_flows(X, "openness", names);
    detail::check_gdp(gdp, X.rows(), "openness", names);
    const vector_x<Scalar> d = X.diagonal();
    const vector_x<Scalar> trade = X.rowwise().sum() + X.colwise().sum().transpose() - 2 * d;
    return trade.cwiseQuotient(gdp.template cast<Scalar>());
}

/// Depth (DHL Global Connectedness, Altman & Bastian): exports_i / GDP_i.
/// @throws as `openness`.
template <class DX, class DG, class Scalar = typename DX::Scalar>
vector_x<Scalar> depth(const Eigen::MatrixBase<DX>& X, const Eigen::MatrixBase<DG>& gdp,
                       const std::vector<std::string>* names = nullptr) {
    detail::check_flows(X, "depth", names);
    detail::check_gdp(gdp, X.rows(), "depth", names);
    const vector_x<Scalar> ex = X.rowwise().sum() - X.diagonal();
    return ex.cwiseQuotient(gdp.template cast<Scalar>());
}

/// Harris (1954) market potential MP_i = Σ_{j≠i} GDP_j / d_ij, plus the own market GDP_i / d_ii
/// when an internal distance d_ii > 0 is given (a zero diagonal leaves it out).
/// @param distance N x N distances, positive off the diagonal (domain_error naming the pair otherwise).
template <class DG, class DD, class Scalar = typename DG::Scalar>
vector_x<Scalar> harris_market_potential(const Eigen::MatrixBase<DG>& gdp, const Eigen::MatrixBase<DD>& distance,
                                         const std::vector<std::string>* names = nullptr) {
    const char* fn = "harris_market_potential";
    detail::check_square(distance, fn, "distance");
    const index_t n = distance.rows();
    detail::check_gdp(gdp, n, fn, names);
    detail::check_finite(distance, fn, "distance", names, names);
    detail::check_nonnegative(distance, fn, "distance", names, names);
    vector_x<Scalar> mp = vector_x<Scalar>::Zero(n);
    for (index_t j = 0; j < n; ++j)
        for (index_t i = 0; i < n; ++i) {
            const auto d = static_cast<Scalar>(distance(i, j));
            if (i != j && !(d > Scalar(0)))
                throw domain_error(std::string(fn) + ": the distance between " +
                                   detail::describe_index("economy", i, names) + " and " +
                                   detail::describe_index("economy", j, names) + " must be positive, got " +
                                   detail::to_string_full(d));
            if (d > Scalar(0)) mp(i) += static_cast<Scalar>(gdp(j)) / d;
        }
    return mp;
}

/// Redding & Venables (2004) market and supplier access in the structural gravity model.
template <class Scalar = double> struct market_access_result {
    /// MA_i = Σ_j t_ij^(1−σ) E_j P_j^(σ−1) (all destinations, home included) = E_w Π_i^(1−σ).
    vector_x<Scalar> market_access;
    /// SA_j = Σ_i t_ij^(1−σ) Y_i Π_i^(σ−1) (all sources, home included) = Y_w P_j^(1−σ).
    vector_x<Scalar> supplier_access;
    resistances<Scalar> mr; ///< the multilateral resistances used (P_reference = 1)
};

/// Market and supplier access from given resistances (`solve_resistances`).
/// @param t_pow N x N t_ij^(1−σ); @param output Y_i; @param expenditure E_j.
template <class DT, class DY, class DE, class Scalar = typename DT::Scalar>
market_access_result<Scalar> market_access(const Eigen::MatrixBase<DT>& t_pow, const Eigen::MatrixBase<DY>& output,
                                           const Eigen::MatrixBase<DE>& expenditure, const resistances<Scalar>& mr) {
    detail::check_size(mr.omr_pow.size(), t_pow.rows(), "market_access", "resistances");
    market_access_result<Scalar> r;
    r.mr = mr;
    const vector_x<Scalar> e = expenditure.template cast<Scalar>().cwiseQuotient(mr.imr_pow);
    const vector_x<Scalar> y = output.template cast<Scalar>().cwiseQuotient(mr.omr_pow);
    r.market_access = t_pow * e;
    r.supplier_access = t_pow.transpose() * y;
    return r;
}

/// Market and supplier access, solving the multilateral resistances first (σ > 1, reference importer).
/// @throws as `solve_resistances`; numerical_error when the resistances do not converge.
template <class DT, class DY, class DE, class Scalar = typename DT::Scalar>
market_access_result<Scalar> market_access(const Eigen::MatrixBase<DT>& t_pow, const Eigen::MatrixBase<DY>& output,
                                           const Eigen::MatrixBase<DE>& expenditure, Scalar sigma, index_t reference,
                                           const std::vector<std::string>* names = nullptr) {
    const resistances<Scalar> mr = solve_resistances(t_pow, output, expenditure, sigma, reference, {}, names);
    if (!mr.info.converged)
        throw numerical_error("market_access: the multilateral resistances did not converge (" + mr.info.message + ")");
    return market_access(t_pow, output, expenditure, mr);
}

/// Balassa (1965) revealed comparative advantage RCA_ck = (x_ck / X_c) / (X_wk / X_w).
/// @param exports N x K exports by economy (rows) and product (columns), non-negative.
/// Treatment: an economy without exports has RCA 0 in every product; a product nobody exports
/// has RCA 0. Identity: Σ_k (X_wk / X_w) RCA_ck = 1 for every exporting economy c, and
/// Σ_c (X_c / X_w) RCA_ck = 1 for every exported product k.
template <class Derived, class Scalar = typename Derived::Scalar>
matrix_x<Scalar> rca(const Eigen::MatrixBase<Derived>& exports, const std::vector<std::string>* economies = nullptr) {
    detail::check_finite(exports, "rca", "exports", economies);
    detail::check_nonnegative(exports, "rca", "exports", economies);
    const vector_x<Scalar> Xc = exports.rowwise().sum();
    const row_vector_x<Scalar> Xk = exports.colwise().sum();
    const Scalar Xw = Xc.sum();
    matrix_x<Scalar> r(exports.rows(), exports.cols());
    for (index_t k = 0; k < exports.cols(); ++k)
        for (index_t c = 0; c < exports.rows(); ++c)
            r(c, k) = (Xc(c) > Scalar(0) && Xk(k) > Scalar(0)) ? (exports(c, k) / Xc(c)) * (Xw / Xk(k)) : Scalar(0);
    return r;
}

/// Symmetric RCA (Laursen 2015; Dalum et al. 1998): (RCA − 1) / (RCA + 1) in [−1, 1).
template <class Derived, class Scalar = typename Derived::Scalar>
matrix_x<Scalar> rsca(const Eigen::MatrixBase<Derived>& rca_values) {
    return ((rca_values.array() - Scalar(1)) / (rca_values.array() + Scalar(1))).matrix();
}

/// Grubel & Lloyd (1975) intra-industry trade by product GL_ck = 1 − |x_ck − m_ck| / (x_ck + m_ck),
/// in [0, 1]. Treatment: 0 where the economy neither exports nor imports the product.
template <class DX, class DM, class Scalar = typename DX::Scalar>
matrix_x<Scalar> grubel_lloyd(const Eigen::MatrixBase<DX>& exports, const Eigen::MatrixBase<DM>& imports,
                              const std::vector<std::string>* economies = nullptr) {
    detail::check_same_size(exports, imports, "grubel_lloyd", "exports", "imports");
    detail::check_finite(exports, "grubel_lloyd", "exports", economies);
    detail::check_nonnegative(exports, "grubel_lloyd", "exports", economies);
    detail::check_finite(imports, "grubel_lloyd", "imports", economies);
    detail::check_nonnegative(imports, "grubel_lloyd", "imports", economies);
    matrix_x<Scalar> g(exports.rows(), exports.cols());
    for (index_t k = 0; k < exports.cols(); ++k)
        for (index_t c = 0; c < exports.rows(); ++c) {
            const Scalar s = exports(c, k) + imports(c, k);
            g(c, k) = s > Scalar(0) ? Scalar(1) - std::abs(exports(c, k) - imports(c, k)) / s : Scalar(0);
        }
    return g;
}

/// Aggregate Grubel–Lloyd per economy: 1 − Σ_k |x_ck − m_ck| / Σ_k (x_ck + m_ck) (the trade-weighted
/// mean of the product indices), in [0, 1]; 0 for an economy without trade.
template <class DX, class DM, class Scalar = typename DX::Scalar>
vector_x<Scalar> grubel_lloyd_aggregate(const Eigen::MatrixBase<DX>& exports, const Eigen::MatrixBase<DM>& imports) {
    detail::check_same_size(exports, imports, "grubel_lloyd_aggregate", "exports", "imports");
    vector_x<Scalar> g(exports.rows());
    for (index_t c = 0; c < exports.rows(); ++c) {
        const Scalar s = exports.row(c).sum() + imports.row(c).sum();
        g(c) = s > Scalar(0) ? Scalar(1) - (exports.row(c) - imports.row(c)).cwiseAbs().sum() / s : Scalar(0);
    }
    return g;
}

/// Herfindahl–Hirschman index Σ_k s_k² of the shares s_k = v_k / Σ v of a non-negative vector
/// (0 for a zero vector).
template <class Derived, class Scalar = typename Derived::Scalar> Scalar hhi(const Eigen::MatrixBase<Derived>& v) {
    const Scalar t = v.sum();
    return t > Scalar(0) ? (v / t).squaredNorm() : Scalar(0);
}

/// Normalised HHI (H − 1/K) / (1 − 1/K) over K categories, in [0, 1] (0: equal shares, 1: one
/// category). K = v.size() unless given (e.g. the number of possible partners). Treatment: 1 when
/// K = 1; 0 for a zero vector.
template <class Derived, class Scalar = typename Derived::Scalar>
Scalar hhi_normalised(const Eigen::MatrixBase<Derived>& v, index_t categories = -1) {
    const index_t K = categories > 0 ? categories : v.size();
    if (!(v.sum() > Scalar(0))) return Scalar(0);
    if (K <= 1) return Scalar(1);
    const Scalar inv = Scalar(1) / Scalar(K);
    return (hhi(v) - inv) / (Scalar(1) - inv);
}

/// Theil (1967) index T = (1/K) Σ_k (v_k/μ) ln(v_k/μ), μ = Σ v / K, with 0 ln 0 = 0; in [0, ln K]
/// (0: equal values). K = v.size() unless given. 0 for a zero vector.
template <class Derived, class Scalar = typename Derived::Scalar>
Scalar theil(const Eigen::MatrixBase<Derived>& v, index_t categories = -1) {
    const index_t K = categories > 0 ? categories : v.size();
    const Scalar t = v.sum();
    if (!(t > Scalar(0)) || K < 1) return Scalar(0);
    const Scalar mu = t / Scalar(K);
    Scalar s(0);
    for (index_t k = 0; k < v.size(); ++k)
        if (v(k) > Scalar(0)) s += (v(k) / mu) * std::log(v(k) / mu);
    return s / Scalar(K);
}

/// DHL-style breadth of exports (Ghemawat & Altman, DHL Global Connectedness Index):
/// B_i = 1 − ½ Σ_{j≠i} |s_ij − m_j^(−i)|, where s_ij = x_ij / X_i is i's export share to j and
/// m_j^(−i) = (M_j − x_ij) / Σ_{k≠i} (M_k − x_ik) is j's share in the imports of the rest of the
/// world from exporters other than i. In [0, 1]; 1 when i spreads its exports as the rest of the
/// world does. Treatment: 0 for an economy without exports.
template <class Derived, class Scalar = typename Derived::Scalar>
vector_x<Scalar> dhl_breadth(const Eigen::MatrixBase<Derived>& X, const std::vector<std::string>* names = nullptr) {
    detail::check_flows(X, "dhl_breadth", names);
    const index_t n = X.rows();
    matrix_x<Scalar> W = X;
    W.diagonal().setZero();
    const vector_x<Scalar> ex = W.rowwise().sum();
    const vector_x<Scalar> im = W.colwise().sum().transpose();
    const Scalar Mw = im.sum();
    vector_x<Scalar> b = vector_x<Scalar>::Zero(n);
    for (index_t i = 0; i < n; ++i) {
        if (!(ex(i) > Scalar(0))) continue;
        const Scalar rest = Mw - im(i) - ex(i); // Σ_{k≠i} (M_k − x_ik)
        Scalar dist(0);
        for (index_t j = 0; j < n; ++j) {
            if (j == i) continue;
            const Scalar m = rest > Scalar(0) ? (im(j) - W(i, j)) / rest : Scalar(0);
            dist += std::abs(W(i, j) / ex(i) - m);
        }
        b(i) = Scalar(1) - dist / Scalar(2);
    }
    return b;
}

/// Flows by economy and product of one year: exports (rows economies, columns products) and
/// imports, international flows only.
template <class Scalar = double> struct product_flows {
    economy_index economies;
    std::vector<std::string> products;
    matrix_x<Scalar> exports; ///< N x K
    matrix_x<Scalar> imports; ///< N x K
};

/// Product-level indices of each economy.
template <class Scalar = double> struct product_scores {
    economy_index economies;
    std::vector<std::string> products;
    matrix_x<Scalar> rca;                    ///< Balassa RCA, N x K
    matrix_x<Scalar> rsca;                   ///< symmetric RCA, N x K
    matrix_x<Scalar> grubel_lloyd;           ///< Grubel–Lloyd by product, N x K
    vector_x<Scalar> product_hhi;            ///< HHI of the economy's exports across products
    vector_x<Scalar> product_hhi_normalised; ///< normalised over the K products
    vector_x<Scalar> product_theil;          ///< Theil of exports across the K products
    vector_x<Scalar> grubel_lloyd_aggregate; ///< trade-weighted Grubel–Lloyd
};

/// Every product-level index of `f`.
/// @throws dimension_error (shapes), domain_error (negative flows; an economy with neither exports
/// nor imports in any product, naming it).
template <class Scalar> product_scores<Scalar> product_scores_of(const product_flows<Scalar>& f) {
    const char* fn = "product_scores";
    const index_t n = f.economies.size();
    const auto K = static_cast<index_t>(f.products.size());
    detail::check_size(f.exports.rows(), n, fn, "exports (rows)");
    detail::check_size(f.exports.cols(), K, fn, "exports (columns)");
    detail::check_same_size(f.exports, f.imports, fn, "exports", "imports");
    const auto* names = &f.economies.codes();
    product_scores<Scalar> s;
    s.economies = f.economies;
    s.products = f.products;
    s.grubel_lloyd = grubel_lloyd(f.exports, f.imports, names);
    const vector_x<Scalar> ex = f.exports.rowwise().sum(), im = f.imports.rowwise().sum();
    detail::check_every_economy_trades(ex, im, fn, names);
    s.rca = rca(f.exports, names);
    s.rsca = rsca(s.rca);
    s.grubel_lloyd_aggregate = grubel_lloyd_aggregate(f.exports, f.imports);
    s.product_hhi.resize(n);
    s.product_hhi_normalised.resize(n);
    s.product_theil.resize(n);
    for (index_t c = 0; c < n; ++c) {
        const row_vector_x<Scalar> row = f.exports.row(c);
        s.product_hhi(c) = hhi(row);
        s.product_hhi_normalised(c) = hhi_normalised(row);
        s.product_theil(c) = theil(row);
    }
    return s;
}

} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE product_scores<double> product_scores_of<double>(const product_flows<double>&);
UNBUNDLE_EXTERN_TEMPLATE market_access_result<double>
market_access<matrix_x<double>, vector_x<double>, vector_x<double>, double>(const Eigen::MatrixBase<matrix_x<double>>&,
                                                                            const Eigen::MatrixBase<vector_x<double>>&,
                                                                            const Eigen::MatrixBase<vector_x<double>>&,
                                                                            double, index_t,
                                                                            const std::vector<std::string>*);
} // namespace unbundle
#endif
