#pragma once
/// @file mrio/lockdown.hpp
/// Lockdown scenarios: a labour-supply shock by region-sector, propagated through the
/// input-output network as a supply shock (Ghosh model, as propagate_shock with
/// shock_model::supply), with the domestic/transmitted split of every region's GDP change.
///
/// The shock of region r's sector k (a proportional change of its value added):
///
///     s_rk = −(1 − remote_k) × stringency_r × S
///
/// remote_k: the share of sector k's work that can be done from home (0–1); stringency_r: how
/// strictly region r locks down (0 none, 1 full); S: labour's share of value added (only labour
/// input is withdrawn). After Bonadio, Huo, Levchenko & Pandalai-Nayar (2021, J. Int. Econ. 133),
/// whose labour-supply shock is (share of work not doable from home) × lockdown stringency; here
/// propagated with the linear Ghosh model instead of their general-equilibrium model (no prices,
/// no substitution: read the results as first-order and, for forward propagation, an upper bound).
///
/// Default remote-work shares (wiod2013_remote_shares()): illustrative approximations for WIOD's
/// 35 sectors (c1..c35), NOT a copy of any published table. They follow the pattern of Dingel &
/// Neiman (2020, "How many jobs can be done at home?", J. Public Econ. 189), who classify US
/// occupations as teleworkable from O*NET task descriptions and report shares by NAICS sector; the
/// values below are rounded approximations of those sector shares mapped to WIOD's NACE-based
/// sectors as follows (the mapping is ours):
///
/// | WIOD sector | NAICS sector(s) used | share |
/// |---|---|---|
/// | c1 agriculture, forestry, fishing | agriculture, forestry, fishing, hunting | 0.08 |
/// | c2 mining and quarrying | mining, quarrying, oil and gas extraction | 0.25 |
/// | c3–c16 manufacturing (all 14) | manufacturing | 0.22 |
/// | c17 electricity, gas, water | utilities | 0.37 |
/// | c18 construction | construction | 0.19 |
/// | c19 motor vehicle trade and repair, fuel retail | retail trade | 0.14 |
/// | c20 wholesale trade | wholesale trade | 0.52 |
/// | c21 retail trade | retail trade | 0.14 |
/// | c22 hotels and restaurants | accommodation and food services | 0.04 |
/// | c23–c26 inland, water, air transport; auxiliary transport, travel agencies | transportation and warehousing | 0.19
/// | | c27 post and telecommunications | mean of information (0.72) and transportation (couriers, 0.19) | 0.46 | | c28
/// financial intermediation | finance and insurance | 0.76 | | c29 real estate | real estate, rental and leasing | 0.42
/// | | c30 renting of machinery, other business activities | mean of professional services (0.80) and administrative
/// support (0.31) | 0.56 | | c31 public administration and defence | public administration | 0.41 | | c32 education |
/// educational services | 0.83 | | c33 health and social work | health care and social assistance | 0.25 | | c34 other
/// community, social, personal services | arts, entertainment, recreation; other services | 0.31 | | c35 private
/// households with employed persons | not covered; domestic work happens at the employer's home | 0.05 |
///
/// The shares are US occupational structures applied to every economy (Dingel & Neiman show
/// that teleworkability is lower in poorer economies): give your own shares for serious work.
/// The default labour share S = 0.6 is likewise an illustrative round number (labour compensation
/// is about half to two thirds of value added in most economies).
///
/// @code
/// unbundle::leontief<double> L(t);
/// auto r = unbundle::lockdown(L, t, {{"*", 0.6}, {"CHN", 0.8}});   // default remote shares
/// r.world_gdp_pct(); r.share_of_regions_declining(); r.transmitted_pct(t.regions().index("DEU"));
/// @endcode

#include "../config.hpp"
#include "../core/mrio.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"
#include "leontief.hpp"
#include "shock.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // calls functions whose bodies depend on the configuration (config.hpp)

/// How strictly one region locks down: 0 (not at all) to 1 (fully). `"*"` stands for all regions.
struct stringency_entry {
    std::string region;
    double stringency = 0;
};

/// The share of one sector's work that can be done from home (0–1). `"*"` stands for all sectors.
struct remote_share_entry {
    std::string sector;
    double remote_share = 0;
};

/// Default labour share of value added (an illustrative round number; see the file comment).
inline constexpr double default_labour_share = 0.6;

/// Illustrative remote-work shares for WIOD 2013's 35 sectors c1..c35 (see the file comment for
/// where they come from and how they were mapped; approximations, not a published table).
template <class D = void> inline std::vector<remote_share_entry> wiod2013_remote_shares() {
    static const double share[35] = {0.08, 0.25,                                                       // c1, c2
                                     0.22, 0.22, 0.22, 0.22, 0.22, 0.22, 0.22, 0.22, 0.22, 0.22, 0.22, // c3..c13
                                     0.22, 0.22, 0.22,                                                 // c14..c16
                                     0.37, 0.19, 0.14, 0.52, 0.14, 0.04,                               // c17..c22
                                     0.19, 0.19, 0.19, 0.19,                                           // c23..c26
                                     0.46, 0.76, 0.42, 0.56, 0.41, 0.83, 0.25, 0.31, 0.05};            // c27..c35
    std::vector<remote_share_entry> out;
    out.reserve(35);
    for (int k = 0; k < 35; ++k) out.push_back({"c" + std::to_string(k + 1), share[k]});
    return out;
}

/// Checks one stringency entry; `where` starts the messages (e.g. "file.csv:3").
/// @throws key_error on an unknown region; domain_error when the stringency is outside [0, 1].
template <class Scalar>
void check_stringency_entry(const mrio<Scalar>& t, const stringency_entry& e, const std::string& where) {
    if (!std::isfinite(e.stringency) || e.stringency < 0.0 || e.stringency > 1.0)
        throw domain_error(where + ": stringency must be in [0, 1], got " + detail::to_string_full(e.stringency));
    if (e.region != "*" && !t.regions().contains(e.region))
        throw key_error(where + ": unknown region '" + e.region + "'");
}

/// Checks one remote-work share entry; `where` starts the messages.
/// @throws key_error on an unknown sector; domain_error when the share is outside [0, 1].
template <class Scalar>
void check_remote_share_entry(const mrio<Scalar>& t, const remote_share_entry& e, const std::string& where) {
    if (!std::isfinite(e.remote_share) || e.remote_share < 0.0 || e.remote_share > 1.0)
        throw domain_error(where + ": remote_share must be in [0, 1], got " + detail::to_string_full(e.remote_share));
    if (e.sector != "*" && !t.sectors().contains(e.sector))
        throw key_error(where + ": unknown sector '" + e.sector + "'");
}

/// Options of lockdown_shock() and lockdown().
struct lockdown_options {
    /// Remote-work shares by sector (entries apply in order, later ones replace earlier ones; every
    /// sector of the table must be covered). Empty: wiod2013_remote_shares(), for tables with
    /// WIOD 2013's sectors c1..c35.
    std::vector<remote_share_entry> remote;
    /// Labour's share of value added, S in [0, 1].
    double labour_share = default_labour_share;
    /// Split each region's change into its own and transmitted parts (G solves instead of one).
    bool attribution = true;
};

/// The proportional value-added shock of each row (n): −(1 − remote_k) × stringency_r × S.
/// Stringency entries apply in order (a later entry that matches a region replaces an earlier one);
/// regions that no entry names do not lock down (stringency 0).
/// @throws key_error on an unknown region or sector, or a sector without a remote-work share;
///         domain_error on a stringency, share or labour share outside [0, 1] or no stringency entry.
template <class Scalar>
vector_x<Scalar> lockdown_shock(const mrio<Scalar>& t, const std::vector<stringency_entry>& stringency,
                                const lockdown_options& opt = {}) {
    const char* fn = "lockdown_shock";
    const index_t G = t.num_regions(), N = t.num_sectors();
    if (!std::isfinite(opt.labour_share) || opt.labour_share < 0.0 || opt.labour_share > 1.0)
        throw domain_error(std::string(fn) + ": labour share must be in [0, 1], got " +
                           detail::to_string_full(opt.labour_share));
    if (stringency.empty()) throw domain_error(std::string(fn) + ": no stringency entries (region, stringency)");
    vector_x<Scalar> str = vector_x<Scalar>::Zero(G);
    for (std::size_t k = 0; k < stringency.size(); ++k) {
        const auto& e = stringency[k];
        check_stringency_entry(t, e,
                               std::string(fn) + ": stringency entry " + std::to_string(k + 1) + " (" + e.region + ")");
        if (e.region == "*")
            str.setConstant(static_cast<Scalar>(e.stringency));
        else
            str(t.regions().index(e.region)) = static_cast<Scalar>(e.stringency);
    }
    const bool def = opt.remote.empty();
    const std::vector<remote_share_entry> remote = def ? wiod2013_remote_shares() : opt.remote;
    vector_x<Scalar> rem = vector_x<Scalar>::Constant(N, std::numeric_limits<Scalar>::quiet_NaN());
    for (std::size_t k = 0; k < remote.size(); ++k) {
        const auto& e = remote[k];
        if (def && e.sector != "*" && !t.sectors().contains(e.sector)) continue; // checked below
        check_remote_share_entry(
            t, e, std::string(fn) + ": remote-share entry " + std::to_string(k + 1) + " (" + e.sector + ")");
        if (e.sector == "*")
            rem.setConstant(static_cast<Scalar>(e.remote_share));
        else
            rem(t.sectors().index(e.sector)) = static_cast<Scalar>(e.remote_share);
    }
    for (index_t j = 0; j < N; ++j)
        if (std::isnan(static_cast<double>(rem(j))))
            throw key_error(
                std::string(fn) + ": no remote-work share for sector '" + t.sectors()[j] + "'" +
                (def ? " (the default shares cover WIOD 2013's sectors c1..c35 only: give the shares)" : ""));
    vector_x<Scalar> s(t.n());
    const auto S = static_cast<Scalar>(opt.labour_share);
    for (index_t r = 0; r < G; ++r)
        for (index_t j = 0; j < N; ++j) s(t.row(r, j)) = -(Scalar(1) - rem(j)) * str(r) * S;
    return s;
}

/// A lockdown scenario: lockdown_shock() propagated as a supply shock (Ghosh) with the
/// factorisation L of the same table. The result reports world and regional GDP changes, the
/// share of regions whose GDP falls and (with attribution, the default) the domestic and
/// transmitted parts and the spillover matrix.
/// @throws as lockdown_shock() and propagate_shock().
template <class Scalar>
shock_result<Scalar> lockdown(const leontief<Scalar>& L, const mrio<Scalar>& t,
                              const std::vector<stringency_entry>& stringency, const lockdown_options& opt = {}) {
    return propagate_shock(L, t, lockdown_shock(t, stringency, opt),
                           shock_options{shock_model::supply, opt.attribution});
}

/// Convenience: factorises the table (LU) and runs the lockdown scenario.
/// @throws as lockdown(L, ...); domain_error when the table is not productive (productive_leontief()).
template <class Scalar>
shock_result<Scalar> lockdown(const mrio<Scalar>& t, const std::vector<stringency_entry>& stringency,
                              const lockdown_options& opt = {}) {
    const leontief<Scalar> L = productive_leontief(t, {}, "lockdown");
    return lockdown(L, t, stringency, opt);
}

UNBUNDLE_CONFIG_END
} // namespace unbundle

#ifdef UNBUNDLE_EXTERN_TEMPLATE // compiled mode (config.hpp): these entry points for double are compiled once
namespace unbundle {
UNBUNDLE_EXTERN_TEMPLATE vector_x<double>
lockdown_shock<double>(const mrio<double>&, const std::vector<stringency_entry>&, const lockdown_options&);
UNBUNDLE_EXTERN_TEMPLATE shock_result<double> lockdown<double>(const leontief<double>&, const mrio<double>&,
                                                               const std::vector<stringency_entry>&,
                                                               const lockdown_options&);
UNBUNDLE_EXTERN_TEMPLATE shock_result<double>
lockdown<double>(const mrio<double>&, const std::vector<stringency_entry>&, const lockdown_options&);
} // namespace unbundle
#endif
