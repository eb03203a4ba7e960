# Tests of include/unbundle/data/
list(APPEND UNBUNDLE_TEST_SOURCES
)
