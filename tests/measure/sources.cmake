# Tests of include/unbundle/measure/
list(APPEND UNBUNDLE_TEST_SOURCES
  measure/components.test.cpp
  measure/backcast.test.cpp
)

# `unbundle measure` (with --backcast and --out) on a generated two-year panel.
if(TARGET unbundle_cli)
  add_test(NAME cli.measure COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/measure.sh $<TARGET_FILE:unbundle_cli>)
endif()
