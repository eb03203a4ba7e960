// One translation unit's view of the library under its own configuration macros. Included once
// by config_a.cpp (OpenMP, zlib) and once by config_b.cpp (neither), inside a namespace of its own.
#pragma once

#include <unbundle/data/csv.hpp>
#include <unbundle/mrio/leontief.hpp>

#include <string>
#include <typeinfo>

namespace UNBUNDLE_ODR_TU {

/// The configuration namespace this TU sees (the mangled name of leontief<double>).
std::string leontief_type() { return typeid(unbundle::leontief<double>).name(); }

/// Reads a .gz CSV file: "rows N" or "file_error: ...".
std::string read_gz(const std::string& path) {
    try {
        const unbundle::data_frame df = unbundle::read_csv(path);
        return "rows " + std::to_string(df.rows());
    } catch (const unbundle::file_error& e) {
        return std::string("file_error: ") + e.what();
    }
}

/// 1'L for a 3-sector A with enough right-hand sides to take the OpenMP path when there is one.
double leontief_total() {
    unbundle::matrix_d A(3, 3);
    A << 0.2, 0.1, 0.05, 0.1, 0.3, 0.1, 0.05, 0.1, 0.25;
    const auto L = unbundle::leontief<double>::from_coefficients(A);
    const unbundle::matrix_d Y = unbundle::matrix_d::Identity(3, 3).replicate(1, 8);
    return L.solve(Y).sum() / 8.0;
}

} // namespace UNBUNDLE_ODR_TU
