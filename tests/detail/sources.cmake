# Tests of include/unbundle/detail/
list(APPEND UNBUNDLE_TEST_SOURCES
  detail/check.test.cpp
  detail/error.test.cpp
  detail/linalg.test.cpp
)
