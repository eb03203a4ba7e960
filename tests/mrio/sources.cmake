# Tests of include/unbundle/mrio/
list(APPEND UNBUNDLE_TEST_SOURCES
  mrio/leontief.test.cpp
  mrio/accounts.test.cpp
  mrio/decompose.test.cpp
  mrio/wiod.test.cpp
  mrio/shock.test.cpp
  mrio/influence.test.cpp
  mrio/lockdown.test.cpp
  mrio/value_chain.test.cpp
  mrio/value_added.test.cpp
)
# The `unbundle shock` command-line contract and the `unbundle decompose --bilateral` extension.
if(TARGET unbundle_cli)
  add_test(NAME cli.shock COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/shock.sh $<TARGET_FILE:unbundle_cli>)
  add_test(NAME cli.decompose COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/decompose.sh $<TARGET_FILE:unbundle_cli>)
endif()
