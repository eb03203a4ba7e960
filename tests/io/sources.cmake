# Tests of include/unbundle/io/
list(APPEND UNBUNDLE_TEST_SOURCES
  io/leontief.test.cpp
  io/accounts.test.cpp
  io/decompose.test.cpp
  io/wiod.test.cpp
  io/shock.test.cpp
)
# The `unbundle shock` command-line contract and the `unbundle decompose --bilateral` extension.
if(TARGET unbundle_cli)
  add_test(NAME cli.shock COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/shock.sh $<TARGET_FILE:unbundle_cli>)
  add_test(NAME cli.decompose COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/decompose.sh $<TARGET_FILE:unbundle_cli>)
endif()
