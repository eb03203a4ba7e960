// The compiled mode's scores/ (include/unbundle/config.hpp): the integration scores (bilateral,
// economy, network, composite, bloc, panel and value-chain scores) for double, compiled once here.
#include <unbundle/data/csv.hpp> // lower layers: their lists stay `extern template`
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/detail/linalg.hpp> // shared kernels, compiled in linalg.cpp: stays `extern template`
#include <unbundle/ge/resistances.hpp>
#include <unbundle/mrio/value_added.hpp>
#include <unbundle/mrio/value_chain.hpp>

#undef UNBUNDLE_EXTERN_TEMPLATE
#define UNBUNDLE_EXTERN_TEMPLATE template
#include <unbundle/scores/bilateral.hpp>
#include <unbundle/scores/bloc.hpp>
#include <unbundle/scores/composite.hpp>
#include <unbundle/scores/economy.hpp>
#include <unbundle/scores/network.hpp>
#include <unbundle/scores/panel.hpp>
#include <unbundle/scores/value_chain.hpp>
#include <unbundle/scores/value_chain_files.hpp>
