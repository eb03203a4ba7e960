// The compiled mode's shared dense kernels (include/unbundle/detail/linalg.hpp): the symmetric
// eigen-decomposition, the partial-pivot LU and the column-pivot QR for double, and Eigen's own
// matrix-product, matrix-vector, triangular-solve and factorising kernels for double, compiled once
// here instead of in each engine's file.
#undef UNBUNDLE_EXTERN_TEMPLATE
#define UNBUNDLE_EXTERN_TEMPLATE template
#include <unbundle/detail/linalg.hpp>
