# Tests of include/unbundle/scores/
list(APPEND UNBUNDLE_TEST_SOURCES
  scores/bilateral.test.cpp
  scores/bloc.test.cpp
  scores/composite.test.cpp
  scores/economy.test.cpp
  scores/network.test.cpp
  scores/panel.test.cpp
  scores/value_chain.test.cpp
  scores/value_chain_files.test.cpp
)
