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

#include "io/accounts.hpp"
#include "io/decompose.hpp"
#include "io/leontief.hpp"
#include "io/value_added.hpp"
#include "io/value_chain.hpp"
