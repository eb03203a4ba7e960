#pragma once
/// @file fwd.hpp
/// Forward declarations, Scalar aliases and the Scalar trait.

#include <Eigen/Core>

#include <type_traits>

namespace unbundle {

/// Dense dynamic matrix (column-major), rows x columns.
template <class Scalar> using matrix_x = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
/// Dense dynamic column vector.
template <class Scalar> using vector_x = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
/// Dense dynamic row vector.
template <class Scalar> using row_vector_x = Eigen::Matrix<Scalar, 1, Eigen::Dynamic>;
using matrix_d = matrix_x<double>;
using vector_d = vector_x<double>;
using row_vector_d = row_vector_x<double>;
using matrix_f = matrix_x<float>;
using vector_f = vector_x<float>;
using index_t = Eigen::Index;

/// Trait telling whether a type can serve as the library's Scalar. Specialise it for
/// user types (autodiff duals, multiprecision) that behave like real numbers.
template <class T> struct is_scalar : std::is_floating_point<T> {};
template <class T> inline constexpr bool is_scalar_v = is_scalar<T>::value;

namespace detail {
/// `T`, named through the template parameter `V` so that it depends on it. A function
/// `template <class V = void> f(const dependent_t<T, V>& x)` is called as if it took `const T&`, but
/// the expressions on `x` in its body are checked where the function is instantiated, not where the
/// header is read: a translation unit that includes the header and does not call `f` pays nothing
/// for them.
template <class T, class V> struct dependent_type { using type = T; };
template <class T, class V> using dependent_t = typename dependent_type<T, V>::type;
} // namespace detail

// Core types (core/)
class economy_index;
class sector_index;
struct sector;
template <class Scalar = double> class trade_matrix;
class trade_panel;
template <class Scalar = double> class trade_costs;
class cost_path;
template <class Scalar = double> class mrio;

// Data loading (data/)
class data_frame;
class column;
struct csv_options;

} // namespace unbundle
