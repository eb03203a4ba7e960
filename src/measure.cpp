// The compiled mode's measure/ (include/unbundle/config.hpp): the three costs measured in a table
// and the backcast for double, compiled once here.
#include <unbundle/detail/linalg.hpp>  // shared kernels, compiled in linalg.cpp: stays `extern template`
#include <unbundle/ge/hat_algebra.hpp> // lower layers: their lists stay `extern template`
#include <unbundle/mrio/leontief.hpp>
#include <unbundle/mrio/value_added.hpp>
#include <unbundle/mrio/value_chain.hpp>
#include <unbundle/scenario/costs.hpp>
#include <unbundle/scenario/indicators.hpp>
#include <unbundle/scenario/model.hpp>
#include <unbundle/scenario/world.hpp>

#undef UNBUNDLE_EXTERN_TEMPLATE
#define UNBUNDLE_EXTERN_TEMPLATE template
#include <unbundle/measure/backcast.hpp>
#include <unbundle/measure/components.hpp>
#include <unbundle/measure/flows.hpp>
