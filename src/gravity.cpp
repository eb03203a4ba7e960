// The compiled mode's gravity/ (include/unbundle/config.hpp): PPML, feols, the formula interface,
// the separation checks and the variance for double, compiled once here.
#include <unbundle/data/csv.hpp>      // a lower layer: its list stays `extern template`
#include <unbundle/detail/linalg.hpp> // shared kernels, compiled in linalg.cpp: stays `extern template`

#undef UNBUNDLE_EXTERN_TEMPLATE
#define UNBUNDLE_EXTERN_TEMPLATE template
#include <unbundle/gravity/feols.hpp>
#include <unbundle/gravity/frame.hpp>
#include <unbundle/gravity/ppml.hpp>
#include <unbundle/gravity/separation.hpp>
#include <unbundle/gravity/vcov.hpp>
