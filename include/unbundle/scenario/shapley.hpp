#pragma once
/// @file scenario/shapley.hpp
/// Exact Shapley values of a three-player game (Shapley 1953): the players are the three cost
/// components of Baldwin's account (goods = 0, ideas = 1, people = 2), a coalition S is the set of
/// components whose costs fall, and v(S) is what an indicator becomes when only S falls, minus its
/// baseline. With three players the value is the average over the 3! orders of each player's
/// marginal contribution:
///   φ_c = Σ_{S ∌ c} w(|S|) [v(S ∪ {c}) − v(S)],  w(0) = 1/3, w(1) = 1/6, w(2) = 1/3,
/// and the three values add up to v({0,1,2}) − v(∅) (efficiency) up to rounding.

#include <array>
#include <cstddef>

namespace unbundle {

/// Coalitions are bit masks: bit c is set when player c belongs to S (0 = ∅, 7 = all three).
inline constexpr bool coalition_has(unsigned mask, std::size_t player) noexcept { return ((mask >> player) & 1u) != 0; }

/// Shapley values of three players from the values of the 8 coalitions, `v[mask]`.
/// T needs copy, +, − and multiplication by double (double, float, Eigen vectors and arrays).
///
/// @code
/// std::array<double, 8> v{0, 1, 2, 4, 3, 5, 6, 10};   // v[mask]
/// auto phi = unbundle::shapley3(v);                   // phi[0] + phi[1] + phi[2] == 10
/// @endcode
template <class T> std::array<T, 3> shapley3(const std::array<T, 8>& v) {
    // weights by the size of the coalition joined: |S|! (3 − |S| − 1)! / 3!
    constexpr double w[3] = {1.0 / 3.0, 1.0 / 6.0, 1.0 / 3.0};
    auto size = [](unsigned m) { return static_cast<int>((m & 1u) + ((m >> 1) & 1u) + ((m >> 2) & 1u)); };
    std::array<T, 3> phi{};
    for (std::size_t c = 0; c < 3; ++c) {
        const unsigned bit = 1u << c;
        bool first = true;
        for (unsigned s = 0; s < 8; ++s) {
            if (s & bit) continue;
            const T term = (v[s | bit] - v[s]) * w[size(s)];
            if (first) {
                phi[c] = term;
                first = false;
            } else {
                phi[c] = phi[c] + term;
            }
        }
    }
    return phi;
}

} // namespace unbundle
