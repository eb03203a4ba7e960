# Tests of include/unbundle/core/
list(APPEND UNBUNDLE_TEST_SOURCES
)
