# Tests of include/unbundle/core/
list(APPEND UNBUNDLE_TEST_SOURCES
  core/cost_path.test.cpp
  core/economy.test.cpp
  core/mrio.test.cpp
  core/trade_costs.test.cpp
  core/trade_matrix.test.cpp
  core/trade_panel.test.cpp
)
