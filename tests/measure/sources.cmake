# Tests of include/unbundle/measure/
list(APPEND UNBUNDLE_TEST_SOURCES
  measure/components.test.cpp
)
