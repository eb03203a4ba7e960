list(APPEND UNBUNDLE_TEST_SOURCES ge/structural.test.cpp)
