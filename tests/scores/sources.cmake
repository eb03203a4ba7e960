# Tests of include/unbundle/scores/
list(APPEND UNBUNDLE_TEST_SOURCES
  scores/network.test.cpp
)
