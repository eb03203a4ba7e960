# Tests of include/unbundle/io/
list(APPEND UNBUNDLE_TEST_SOURCES
  io/leontief.test.cpp
  io/accounts.test.cpp
  io/decompose.test.cpp
  io/wiod.test.cpp
)
