# Tests of include/unbundle/scenario/ (model, costs and shocks; run_sources.cmake lists the runs, worlds and indicators)
list(APPEND UNBUNDLE_TEST_SOURCES
  scenario/model.test.cpp
  scenario/costs.test.cpp
  scenario/shocks.test.cpp
)

include("${CMAKE_CURRENT_LIST_DIR}/run_sources.cmake")
