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
template <class Scalar> double default_tol() { return std::sqrt(static_cast<double>(std::numeric_limits<Scalar>::epsilon())) * 10; }

/// Max |a - b| / max(1, |b|) over all entries.
template <class A, class B> double max_rel_diff(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b) {
    double worst = 0;
    for (Eigen::Index j = 0; j < a.cols(); ++j)
        for (Eigen::Index i = 0; i < a.rows(); ++i) {
            const double x = static_cast<double>(a(i, j)), y = static_cast<double>(b(i, j));
            const double d = std::abs(x - y) / std::max(1.0, std::abs(y));
            if (!(d <= worst)) worst = std::isnan(d) ? std::numeric_limits<double>::infinity() : d;
        }
    return worst;
}

/// Checks shape and entries of `a` against `b` with a relative tolerance; prints both on failure.
template <class A, class B>
bool is_approx(const Eigen::MatrixBase<A>& a, const Eigen::MatrixBase<B>& b, double tol) {
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

/// Directory of the shared real data: $UNBUNDLE_DATA, else ../shared/data beside the source tree.
/// Returns an empty path (and the caller skips with a message) when absent.
inline std::filesystem::path data_dir() {
    if (const char* env = std::getenv("UNBUNDLE_DATA")) {
        if (std::filesystem::is_directory(env)) return env;
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

} // namespace unbundle::test

/// Skips the current test case, saying why, when the shared data are absent.
#define UNBUNDLE_REQUIRE_DATA(path_var, rel)                                                                           \
    const std::filesystem::path path_var = ::unbundle::test::data_path(rel);                                          \
    if (path_var.empty()) {                                                                                            \
        MESSAGE("shared data '" << (rel) << "' not found (set UNBUNDLE_DATA): test skipped");                          \
        return;                                                                                                        \
    }
