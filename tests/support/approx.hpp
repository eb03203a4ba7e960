#pragma once
// Test helpers: Scalar-scaled approximate comparison of matrices that prints both sides,
// and the location of the shared real data.

#include <doctest/doctest.h>

#include <Eigen/Core>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <sstream>
#include <string>

namespace unbundle::test {

/// Default tolerance for a Scalar: sqrt(epsilon) scaled (about 1.5e-8 for double, 3.5e-4 for float).
template <class Scalar> double default_tol() {
    return std::sqrt(static_cast<double>(std::numeric_limits<Scalar>::epsilon())) * 10;
}

/// NaN-safe running maximum for worst-difference loops: `worst = worse(worst, d)`. A NaN `d`
/// makes the result infinite, so that a tolerance check on it fails (std::max drops NaN).
inline double worse(double so_far, double d) {
    if (d <= so_far) return so_far;
    return std::isnan(d) ? std::numeric_limits<double>::infinity() : d;
}

/// Relative difference |a - b| / max(floor, |b|), NaN when either side is NaN.
inline double rel_diff(double a, double b, double floor = 1.0) {
    return std::abs(a - b) / std::max(floor, std::abs(b));
}

/// Max |a_ij| over all entries, infinite when an entry is NaN (Eigen's maxCoeff may skip NaN).
template <class A> double max_abs(const Eigen::MatrixBase<A>& a) {
    double worst = 0;
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i) worst = worse(worst, std::abs(static_cast<double>(a(i, j))));
    return worst;
}

/// Max a_ij over all entries (signed), infinite when an entry is NaN.
template <class A> double max_coeff(const Eigen::MatrixBase<A>& a) {
    double worst = -std::numeric_limits<double>::infinity();
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i) worst = worse(worst, static_cast<double>(a(i, j)));
    return worst;
}

/// Max |a - b| / max(1, |b|) over all entries.
template <class A, class B> double max_rel_diff(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b) {
    double worst = 0;
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i) {
            const double x = static_cast<double>(a(i, j)), y = static_cast<double>(b(i, j));
            worst = worse(worst, rel_diff(x, y));
        }
    return worst;
}

/// Checks shape and entries of `a` against `b` with a relative tolerance; prints both on failure.
template <class A, class B> bool is_approx(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b, double tol) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
        MESSAGE("shape " << a.rows() << "x" << a.cols() << " vs " << b.rows() << "x" << b.cols());
        return false;
    }
    const double d = max_rel_diff(a, b);
    if (d > tol) {
        std::ostringstream os;
        os.precision(17);
        if (a.size() <= 64) os << "left:\n" << a << "\nright:\n" << b << "\n";
        os << "max relative difference " << d << " > tolerance " << tol;
        MESSAGE(os.str());
        return false;
    }
    return true;
}

/// Directory of the shared real data: $UNBUNDLE_DATA when set (and nothing else, so that
/// UNBUNDLE_DATA=/nonexistent runs the suite as a clone without the data would), else
/// ../shared/data beside the source tree. Returns an empty path when absent.
inline std::filesystem::path data_dir() {
    if (const char* env = std::getenv("UNBUNDLE_DATA")) {
        if (std::filesystem::is_directory(env)) return env;
        return {};
    }
#ifdef UNBUNDLE_SOURCE_DIR
    const std::filesystem::path p = std::filesystem::path(UNBUNDLE_SOURCE_DIR) / ".." / "shared" / "data";
    if (std::filesystem::is_directory(p)) return std::filesystem::weakly_canonical(p);
#endif
    return {};
}

/// Path of a shared data file or directory; empty when the data are absent.
inline std::filesystem::path data_path(const std::string& rel) {
    const auto d = data_dir();
    if (d.empty()) return {};
    const auto p = d / rel;
    return std::filesystem::exists(p) ? p : std::filesystem::path{};
}

/// Whether a shared data file or directory is present. Used at registration in the skip
/// decorator of every test that reads the shared data, so that doctest and CTest report such a
/// test as skipped (not passed) when the data are absent:
///     TEST_CASE("..." * doctest::skip(!unbundle::test::has_data("leather"))) { ... }
inline bool has_data(const std::string& rel) { return !data_path(rel).empty(); }

} // namespace unbundle::test

/// Path of shared data inside a test case whose skip decorator checked `has_data(rel)`; fails
/// (never passes silently) when the data are absent, e.g. when run with --no-skip.
#define UNBUNDLE_REQUIRE_DATA(path_var, rel)                                                                           \
    const std::filesystem::path path_var = ::unbundle::test::data_path(rel);                                           \
    REQUIRE_MESSAGE(!path_var.empty(), "shared data '" << (rel) << "' not found (set UNBUNDLE_DATA)")
