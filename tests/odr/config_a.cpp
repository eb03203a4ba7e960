// Built with OpenMP and UNBUNDLE_HAS_ZLIB (tests/CMakeLists.txt); see config_tu.hpp.
#define UNBUNDLE_ODR_TU odr_a
#include "config_tu.hpp"
