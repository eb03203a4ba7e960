#pragma once
/// @file unbundle.hpp
/// Umbrella header: includes the whole library. Include single headers to compile faster.

#include "fwd.hpp"
#include "version.hpp"

#include "core/economy.hpp"
#include "core/error.hpp"
#include "core/mrio.hpp"
#include "core/sector.hpp"

#include "data/csv.hpp"
#include "data/mrio_reader.hpp"

#include "gravity/feols.hpp"
#include "gravity/fixed_effects.hpp"
#include "gravity/formula.hpp"
#include "gravity/model.hpp"
#include "gravity/ppml.hpp"
#include "gravity/separation.hpp"
#include "gravity/synthetic.hpp"
#include "gravity/vcov.hpp"
