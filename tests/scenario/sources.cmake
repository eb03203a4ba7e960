# Tests of include/unbundle/scenario/ (model and costs: engineer S1; runs, indicators: S2)
list(APPEND UNBUNDLE_TEST_SOURCES
  scenario/model.test.cpp
  scenario/costs.test.cpp
  scenario/shocks.test.cpp
)

include("${CMAKE_CURRENT_LIST_DIR}/run_sources.cmake")
