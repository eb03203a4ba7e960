// The compiled mode's scenario/ (include/unbundle/config.hpp): the multi-sector model, the
// scenario runs with their attribution, cost changes, indicators and GE shocks for double,
// compiled once here.
#include <unbundle/detail/linalg.hpp>  // shared kernels, compiled in linalg.cpp: stays `extern template`
#include <unbundle/ge/hat_algebra.hpp> // lower layers: their lists stay `extern template`
#include <unbundle/mrio/leontief.hpp>
#include <unbundle/mrio/lockdown.hpp>
#include <unbundle/mrio/shock.hpp>
#include <unbundle/mrio/value_added.hpp>
#include <unbundle/mrio/value_chain.hpp>

#undef UNBUNDLE_EXTERN_TEMPLATE
#define UNBUNDLE_EXTERN_TEMPLATE template
#include <unbundle/scenario/costs.hpp>
#include <unbundle/scenario/indicators.hpp>
#include <unbundle/scenario/model.hpp>
#include <unbundle/scenario/run.hpp>
#include <unbundle/scenario/shocks.hpp>
#include <unbundle/scenario/world.hpp>
