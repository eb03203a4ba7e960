#pragma once
/// @file core/cost_path.hpp
/// Time paths of a cost component: the factor e(t) / e(t0) by which its level has changed.
/// Constant-rate exponential decline, logistic decline to a floor, or a tabulated path.

#include "../error.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace unbundle {

/// A path of one cost component: factor(t) = e(t) / e(t0), with factor(t0) = 1.
///
/// @code
/// auto g = unbundle::cost_path::exponential(1990, 0.03);          // −3 % a year from 1990
/// g.factor(2000);                                                   // exp(−0.3) = 0.7408
/// auto ict = unbundle::cost_path::logistic(1990, 2005, 0.3, 0.2);  // falls to 20 % around 2005
/// auto tab = unbundle::cost_path::tabulated({1990, 2000, 2010}, {1.0, 0.8, 0.5});
/// @endcode
class cost_path {
  public:
    enum class shape { exponential, logistic, tabulated };

    /// Constant-rate decline: factor(t) = exp(−rate (t − t0)). A negative rate is a rise.
    static cost_path exponential(double t0, double rate) {
        if (!std::isfinite(t0) || !std::isfinite(rate))
            throw domain_error("cost_path::exponential: t0 and rate must be finite");
        cost_path p;
        p.shape_ = shape::exponential;
        p.t0_ = t0;
        p.rate_ = rate;
        return p;
    }

    /// Logistic decline from 1 towards `floor` ∈ [0, 1): factor(t) = floor + (1 − floor) L(t)/L(t0),
    /// L(t) = 1 / (1 + exp(steepness (t − midpoint))). Steepness > 0.
    template <class D = void> static cost_path logistic(double t0, double midpoint, double steepness, double floor) {
        if (!(steepness > 0) || !std::isfinite(steepness))
            throw domain_error("cost_path::logistic: steepness must be positive, got " + std::to_string(steepness));
        if (!(floor >= 0 && floor < 1))
            throw domain_error("cost_path::logistic: floor must lie in [0, 1), got " + std::to_string(floor));
        if (!std::isfinite(t0) || !std::isfinite(midpoint))
            throw domain_error("cost_path::logistic: t0 and midpoint must be finite");
        cost_path p;
        p.shape_ = shape::logistic;
        p.t0_ = t0;
        p.mid_ = midpoint;
        p.rate_ = steepness;
        p.floor_ = floor;
        return p;
    }

    /// Piecewise-linear through (year, factor) points, flat beyond the ends; t0 = first year and
    /// factors are rescaled so that factor(t0) = 1. Years strictly increasing, factors > 0.
    template <class D = void> static cost_path tabulated(std::vector<double> years, std::vector<double> factors) {
        if (years.empty() || years.size() != factors.size())
            throw dimension_error("cost_path::tabulated: need as many factors as years (and at least one), got " +
                                  std::to_string(years.size()) + " years and " + std::to_string(factors.size()) +
                                  " factors");
        for (std::size_t i = 0; i < years.size(); ++i) {
            if (!std::isfinite(years[i]) || (i > 0 && !(years[i] > years[i - 1])))
                throw domain_error("cost_path::tabulated: years must be finite and strictly increasing (entry " +
                                   std::to_string(i + 1) + ")");
            if (!(factors[i] > 0) || !std::isfinite(factors[i]))
                throw domain_error("cost_path::tabulated: factor for year " + std::to_string(years[i]) +
                                   " must be positive and finite");
        }
        cost_path p;
        p.shape_ = shape::tabulated;
        p.t0_ = years.front();
        const double f0 = factors.front();
        for (auto& f : factors) f /= f0;
        p.years_ = std::move(years);
        p.factors_ = std::move(factors);
        return p;
    }

    /// No change: factor(t) = 1.
    static cost_path constant(double t0 = 0) { return exponential(t0, 0); }

    shape kind() const noexcept { return shape_; }
    double t0() const noexcept { return t0_; }

    /// e(t) / e(t0).
    template <class D = void> double factor(double t) const {
        switch (shape_) {
        case shape::exponential:
            return std::exp(-rate_ * (t - t0_));
        case shape::logistic: {
            const double l0 = 1.0 / (1.0 + std::exp(rate_ * (t0_ - mid_)));
            const double lt = 1.0 / (1.0 + std::exp(rate_ * (t - mid_)));
            return floor_ + (1.0 - floor_) * lt / l0;
        }
        default: {
            if (t <= years_.front()) return factors_.front();
            if (t >= years_.back()) return factors_.back();
            const auto it = std::upper_bound(years_.begin(), years_.end(), t);
            const auto k = static_cast<std::size_t>(it - years_.begin());
            const double w = (t - years_[k - 1]) / (years_[k] - years_[k - 1]);
            return factors_[k - 1] + w * (factors_[k] - factors_[k - 1]);
        }
        }
    }

    /// Average annual rate of decline between t0 and t: −ln(factor(t)) / (t − t0).
    template <class D = void> double average_rate(double t) const {
        if (t == t0_) throw domain_error("cost_path::average_rate: t equals t0");
        return -std::log(factor(t)) / (t - t0_);
    }

  private:
    shape shape_ = shape::exponential;
    double t0_ = 0, rate_ = 0, mid_ = 0, floor_ = 0;
    std::vector<double> years_, factors_;
};

/// Paths of the three components together (goods, ideas, people).
struct cost_paths {
    cost_path goods = cost_path::constant();
    cost_path ideas = cost_path::constant();
    cost_path people = cost_path::constant();
    /// The three factors at t, in the order of cost_component.
    template <class D = void> std::array<double, 3> factors(double t) const {
        return {goods.factor(t), ideas.factor(t), people.factor(t)};
    }
};

} // namespace unbundle
