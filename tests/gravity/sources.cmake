# Tests of include/unbundle/gravity/
list(APPEND UNBUNDLE_TEST_SOURCES
  gravity/formula.test.cpp
  gravity/fixed_effects.test.cpp
  gravity/ppml.test.cpp
  gravity/feols.test.cpp
  gravity/generator.test.cpp
)
