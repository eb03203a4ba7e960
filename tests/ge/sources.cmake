# Tests of include/unbundle/ge/
list(APPEND UNBUNDLE_TEST_SOURCES
  ge/structural.test.cpp
  ge/hat_algebra.test.cpp
  ge/from_estimates.test.cpp
  ge/bad_input.test.cpp
  ge/solver.test.cpp
  ge/resistances.test.cpp
  ge/monte_carlo.test.cpp
  ge/ge_gravity.test.cpp
  ge/frame.test.cpp
)
# The `unbundle ge` command-line contract (exit codes 0/2/3/4, messages naming the place).
if(TARGET unbundle_cli)
  add_test(NAME cli.ge COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/ge.sh $<TARGET_FILE:unbundle_cli>)
endif()
