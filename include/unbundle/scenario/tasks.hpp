#pragma once
/// @file scenario/tasks.hpp
/// Trade in tasks (Grossman & Rossi-Hansberg 2008, "Trading Tasks: A Simple Theory of
/// Offshoring", AER 98(5)): the micro-foundation of the second unbundling.
///
/// A unit of output needs a continuum of labour tasks i ∈ [0, 1], a_L units of labour each.
/// Performing task i abroad costs β·t(i) units of foreign labour per unit of home labour, with
/// t(i) ≥ 1 increasing (tasks are ordered from the easiest to offshore to the hardest) and β the
/// cost of moving ideas — of coordinating at a distance. Here t(i) = exp(λ i), λ > 0.
///  - The marginal offshored task I solves  w = β t(I) w*  (tasks i < I go abroad).
///  - The labour cost of a unit of output is w a_L Ω(I) with
///        Ω(I) = 1 − I + ∫_0^I t(i) di / t(I)   ( = 1 − I + (1 − e^{−λI}) / λ here ),
///    which falls as I rises: offshoring acts like labour-augmenting technical progress.
///  - With a price p fixed on world markets (a small economy, zero profit p = w a_L Ω(I)):
///        w = p / (a_L Ω(I))    — the productivity effect: a fall in β raises I, lowers Ω and
///    raises the home wage, even though tasks leave; the foreign wage is not hurt either, since
///    foreign labour now performs more tasks (Grossman & Rossi-Hansberg, section II).
/// Equilibrium (I, w) given β, p and w*: h(I) = ln(p / (a_L Ω(I))) − ln(β w*) − λ I is strictly
/// decreasing on [0, 1] (λΩ(I) > 1 − e^{−λI}), so the root is unique; I = 0 when h(0) ≤ 0 (no
/// task worth offshoring) and I = 1 when h(1) ≥ 0.

#include "../config.hpp"
#include "../detail/check.hpp"
#include "../error.hpp"

#include <cmath>
#include <string>

namespace unbundle {
UNBUNDLE_CONFIG_BEGIN // calls functions whose bodies depend on the configuration (config.hpp)

/// The equilibrium of a small economy that can offshore tasks.
struct task_equilibrium {
    double marginal_task = 0;      ///< I ∈ [0, 1]: tasks below I are performed abroad
    double omega = 1;              ///< Ω(I) ∈ (0, 1]: labour cost per unit of output relative to no offshoring
    double wage = 0;               ///< home wage w = p / (a_L Ω(I))
    double wage_no_offshoring = 0; ///< p / a_L, the wage when β is prohibitive
    /// Productivity effect: w / w(no offshoring) − 1 = 1/Ω(I) − 1 ≥ 0.
    double productivity_effect() const noexcept { return 1.0 / omega - 1.0; }
};

/// Grossman–Rossi-Hansberg trade in tasks with t(i) = exp(λ i) (see the file comment).
///
/// @code
/// unbundle::trade_in_tasks m(1.0);              // λ = 1, a_L = 1
/// auto e0 = m.solve(2.0, 1.0, 0.4);             // β = 2, p = 1, w* = 0.4
/// auto e1 = m.solve(1.6, 1.0, 0.4);             // ideas move more cheaply
/// e1.marginal_task > e0.marginal_task;          // more tasks offshored
/// e1.wage > e0.wage;                            // and the home wage rises
/// @endcode
class trade_in_tasks {
  public:
    /// @throws domain_error when λ or a_L is not positive and finite.
    template <class D = void>
    explicit trade_in_tasks(double lambda, double labour_per_task = 1.0) : lambda_(lambda), a_(labour_per_task) {
        if (!(lambda > 0) || !std::isfinite(lambda))
            throw domain_error("trade_in_tasks: lambda (slope of ln t(i)) must be positive and finite, got " +
                               detail::to_string_full(lambda));
        if (!(labour_per_task > 0) || !std::isfinite(labour_per_task))
            throw domain_error("trade_in_tasks: labour per task a_L must be positive and finite, got " +
                               detail::to_string_full(labour_per_task));
    }

    double lambda() const noexcept { return lambda_; }
    /// t(i) = exp(λ i).
    double t(double i) const { return std::exp(lambda_ * i); }
    /// Ω(I) = 1 − I + (1 − e^{−λI}) / λ for I ∈ [0, 1].
    template <class D = void> double omega(double I) const {
        check_task(I, "omega");
        return 1.0 - I + (1.0 - std::exp(-lambda_ * I)) / lambda_;
    }
    /// The marginal task for given wages: w = β t(I) w*, i.e. I = ln(w / (β w*)) / λ, clamped to [0, 1].
    template <class D = void> double marginal_task(double beta, double home_wage, double foreign_wage) const {
        check_positive(beta, "beta (offshoring cost)");
        check_positive(home_wage, "home wage");
        check_positive(foreign_wage, "foreign wage");
        const double I = std::log(home_wage / (beta * foreign_wage)) / lambda_;
        return I < 0 ? 0.0 : (I > 1 ? 1.0 : I);
    }

    /// Equilibrium of a small economy facing the world price p and the foreign wage w*
    /// (bisection to machine precision on the strictly decreasing h(I) of the file comment).
    template <class D = void> task_equilibrium solve(double beta, double price, double foreign_wage) const {
        check_positive(beta, "beta (offshoring cost)");
        check_positive(price, "price");
        check_positive(foreign_wage, "foreign wage");
        auto h = [&](double I) {
            return std::log(price / (a_ * omega(I))) - std::log(beta * foreign_wage) - lambda_ * I;
        };
        task_equilibrium e;
        e.wage_no_offshoring = price / a_;
        double I = 0;
        if (h(0.0) <= 0) {
            I = 0;
        } else if (h(1.0) >= 0) {
            I = 1;
        } else {
            double lo = 0, hi = 1;
            for (int it = 0; it < 200 && hi - lo > 1e-16; ++it) {
                const double mid = 0.5 * (lo + hi);
                (h(mid) > 0 ? lo : hi) = mid;
            }
            I = 0.5 * (lo + hi);
        }
        e.marginal_task = I;
        e.omega = omega(I);
        e.wage = price / (a_ * e.omega);
        return e;
    }

  private:
    template <class D = void> static void check_positive(double v, const char* what) {
        if (!(v > 0) || !std::isfinite(v))
            throw domain_error(std::string("trade_in_tasks: ") + what + " must be positive and finite, got " +
                               detail::to_string_full(v));
    }
    template <class D = void> static void check_task(double I, const char* fn) {
        if (!(I >= 0 && I <= 1))
            throw domain_error(std::string("trade_in_tasks::") + fn + ": the marginal task must lie in [0, 1], got " +
                               detail::to_string_full(I));
    }
    double lambda_, a_;
};

UNBUNDLE_CONFIG_END
} // namespace unbundle
