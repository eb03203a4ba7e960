// Built without OpenMP and without zlib (tests/CMakeLists.txt); see config_tu.hpp.
#define UNBUNDLE_ODR_TU odr_b
#include "config_tu.hpp"
