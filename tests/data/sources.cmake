# Tests of include/unbundle/data/
list(APPEND UNBUNDLE_TEST_SOURCES
  data/csv.test.cpp
  data/mrio_reader.test.cpp
  data/shared_tables.test.cpp
  data/demo_world.test.cpp
)
