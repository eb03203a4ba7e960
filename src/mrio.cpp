// The compiled mode's mrio/ (include/unbundle/config.hpp): the Leontief factorisation and its
// solves, the accounts, value chains, decompositions, shocks, lockdowns and influence for
// double, compiled once here.
#include <unbundle/detail/linalg.hpp> // shared kernels, compiled in linalg.cpp: stays `extern template`
#undef UNBUNDLE_EXTERN_TEMPLATE
#define UNBUNDLE_EXTERN_TEMPLATE template
#include <unbundle/mrio/accounts.hpp>
#include <unbundle/mrio/decompose.hpp>
#include <unbundle/mrio/influence.hpp>
#include <unbundle/mrio/leontief.hpp>
#include <unbundle/mrio/lockdown.hpp>
#include <unbundle/mrio/shock.hpp>
#include <unbundle/mrio/value_added.hpp>
#include <unbundle/mrio/value_chain.hpp>
