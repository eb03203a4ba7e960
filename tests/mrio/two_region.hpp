#pragma once
// A hand-built 2-region, 1-sector table whose Leontief inverse and value-added accounts have
// closed forms (shared by the value_chain and value_added tests):
//   Z = [10 20; 30 40], Y = [60 10; 20 110] (columns: destination regions), x = (100, 200),
//   A = [0.1 0.1; 0.3 0.2], det(I − A) = 0.69, L = [0.8 0.1; 0.3 0.9] / 0.69,
//   va = (60, 140), v = (0.6, 0.7), bilateral exports E_12 = 30, E_21 = 50.

#include <unbundle/core/mrio.hpp>

namespace unbundle::test {

template <class Scalar = double> mrio<Scalar> two_region_table() {
    matrix_x<Scalar> Z(2, 2), Y(2, 2);
    Z << 10, 20, 30, 40;
    Y << 60, 10, 20, 110;
    return mrio<Scalar>(economy_index{"AAA", "BBB"}, sector_index{"s"}, Z, Y);
}

} // namespace unbundle::test
