list(APPEND UNBUNDLE_TEST_SOURCES ge/structural.test.cpp ge/hat_algebra.test.cpp ge/from_estimates.test.cpp ge/bad_input.test.cpp)
