// The compiled mode's ge/ (include/unbundle/config.hpp): exact hat algebra, GE gravity, the
// multilateral resistances, the structural model and the counterfactuals from PPML estimates for
// double (on Eigen::MatrixXd and VectorXd arguments), compiled once here.
#include <unbundle/data/csv.hpp>      // lower layers: their lists stay `extern template`
#include <unbundle/detail/linalg.hpp> // shared kernels, compiled in linalg.cpp: stays `extern template`
#include <unbundle/gravity/feols.hpp>
#include <unbundle/gravity/frame.hpp>
#include <unbundle/gravity/ppml.hpp>

#undef UNBUNDLE_EXTERN_TEMPLATE
#define UNBUNDLE_EXTERN_TEMPLATE template
#include <unbundle/ge/frame.hpp>
#include <unbundle/ge/from_estimates.hpp>
#include <unbundle/ge/ge_gravity.hpp>
#include <unbundle/ge/hat_algebra.hpp>
#include <unbundle/ge/resistances.hpp>
#include <unbundle/ge/structural.hpp>
