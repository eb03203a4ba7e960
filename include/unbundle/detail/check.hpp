#pragma once
/// @file detail/check.hpp
/// Validation helpers used once at public entry points. Messages name the function, the
/// argument, the index (and label when one is given) and the offending value.

#include "../error.hpp"

#include <Eigen/Core>

#include <cmath>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#ifndef UNBUNDLE_ASSERT
#ifdef NDEBUG
#define UNBUNDLE_ASSERT(cond) ((void)0)
#else
#include <cassert>
#define UNBUNDLE_ASSERT(cond) assert(cond)
#endif
#endif

namespace unbundle::detail {

/// Formats "row 3 (AUS_c4)" or "row 3" when no labels are given.
template <class D = void>
inline std::string describe_index(const char* what, Eigen::Index i, const std::vector<std::string>* labels) {
    std::ostringstream os;
    os << what << ' ' << i;
    if (labels && i >= 0 && static_cast<std::size_t>(i) < labels->size())
        os << " (" << (*labels)[static_cast<std::size_t>(i)] << ')';
    return os.str();
}

template <class T> std::string to_string_full(T v) {
    std::ostringstream os;
    os.precision(17);
    os << v;
    return os.str();
}

/// Throws domain_error if any coefficient is NaN or infinite.
template <class Derived>
void check_finite(const Eigen::DenseBase<Derived>& m, const char* func, const char* arg,
                  const std::vector<std::string>* row_labels = nullptr,
                  const std::vector<std::string>* col_labels = nullptr) {
    // A finite sum proves every entry finite (NaN and ±inf propagate); the vectorised sum costs a
    // fraction of the element-wise scan, which only runs to find the culprit (or on overflow).
    if constexpr (std::is_floating_point_v<typename Derived::Scalar>)
        if (m.size() == 0 || std::isfinite(m.sum())) return;
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        for (Eigen::Index i = 0; i < m.rows(); ++i) {
            const auto v = m(i, j);
            if (!std::isfinite(static_cast<double>(v)))
                throw domain_error(std::string(func) + ": " + arg + " has a non-finite value " + to_string_full(v) +
                                   " at " + describe_index("row", i, row_labels) + ", " +
                                   describe_index("column", j, col_labels));
        }
}

/// Throws domain_error if any coefficient is negative (or NaN).
template <class Derived>
void check_nonnegative(const Eigen::DenseBase<Derived>& m, const char* func, const char* arg,
                       const std::vector<std::string>* row_labels = nullptr,
                       const std::vector<std::string>* col_labels = nullptr) {
    for (Eigen::Index j = 0; j < m.cols(); ++j)
        for (Eigen::Index i = 0; i < m.rows(); ++i) {
            const auto v = m(i, j);
            if (!(v >= 0))
                throw domain_error(std::string(func) + ": " + arg + " must be non-negative but is " +
                                   to_string_full(v) + " at " + describe_index("row", i, row_labels) + ", " +
                                   describe_index("column", j, col_labels));
        }
}

/// Throws dimension_error unless `m` is square.
template <class Derived> void check_square(const Eigen::EigenBase<Derived>& m, const char* func, const char* arg) {
    if (m.rows() != m.cols())
        throw dimension_error(std::string(func) + ": " + arg + " must be square but is " + std::to_string(m.rows()) +
                              " x " + std::to_string(m.cols()));
}

/// Throws dimension_error unless `a` and `b` have the same shape.
template <class A, class B>
void check_same_size(const Eigen::EigenBase<A>& a, const Eigen::EigenBase<B>& b, const char* func, const char* name_a,
                     const char* name_b) {
    if (a.rows() != b.rows() || a.cols() != b.cols())
        throw dimension_error(std::string(func) + ": " + name_a + " is " + std::to_string(a.rows()) + " x " +
                              std::to_string(a.cols()) + " but " + name_b + " is " + std::to_string(b.rows()) + " x " +
                              std::to_string(b.cols()));
}

/// Throws dimension_error unless `actual == expected`.
template <class D = void>
inline void check_size(Eigen::Index actual, Eigen::Index expected, const char* func, const char* what) {
    if (actual != expected)
        throw dimension_error(std::string(func) + ": " + what + " has size " + std::to_string(actual) + ", expected " +
                              std::to_string(expected));
}

} // namespace unbundle::detail
