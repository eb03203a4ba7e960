// The compiled mode's data/ (include/unbundle/config.hpp): the file readers and writers for
// double, compiled once here instead of in every translation unit that calls them.
#include <unbundle/detail/linalg.hpp> // shared kernels, compiled in linalg.cpp: stays `extern template`
#undef UNBUNDLE_EXTERN_TEMPLATE
#define UNBUNDLE_EXTERN_TEMPLATE template
#include <unbundle/data/csv.hpp>
#include <unbundle/data/demo_world.hpp>
#include <unbundle/data/mrio_reader.hpp>
#include <unbundle/data/mrio_writer.hpp>
#include <unbundle/data/svg_chart.hpp>
#include <unbundle/data/trade_panel_reader.hpp>
