# Tests of include/unbundle/scenario/ (world, indicators, shapley, run, tasks) and data/svg_chart.hpp
list(APPEND UNBUNDLE_TEST_SOURCES
  scenario/shapley.test.cpp
  scenario/tasks.test.cpp
  scenario/indicators.test.cpp
  scenario/world.test.cpp
  scenario/run.test.cpp
  scenario/run_wiod.test.cpp
  scenario/svg_chart.test.cpp
)
# The `unbundle scenario` and `unbundle demo` command-line contract (SVG checked by python3's XML parser).
if(TARGET unbundle_cli)
  add_test(NAME cli.scenario COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/scenario.sh $<TARGET_FILE:unbundle_cli>)
endif()
