# Fails when a C++ file of the repository differs from what clang-format makes of it with the
# repository's .clang-format. Run: cmake -DCLANG_FORMAT=clang-format -DROOT=<repo> -P check_format.cmake
# Fix: clang-format -i on the files it lists.
file(GLOB_RECURSE files RELATIVE ${ROOT}
     ${ROOT}/include/*.hpp ${ROOT}/src/*.cpp ${ROOT}/apps/*.cpp ${ROOT}/apps/*.hpp ${ROOT}/tests/*.cpp ${ROOT}/tests/*.hpp
     ${ROOT}/examples/*.cpp ${ROOT}/examples/*.hpp ${ROOT}/bench/*.cpp ${ROOT}/bench/*.hpp)
list(FILTER files EXCLUDE REGEX "^tests/lint/fixture/")
list(LENGTH files n)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror --ferror-limit=1 --style=file ${files}
                WORKING_DIRECTORY ${ROOT} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  string(REGEX MATCHALL "[^\n]*: error: code should be clang-formatted" hits "${err}")
  set(bad "")
  foreach(h IN LISTS hits)
    string(REGEX REPLACE ":[0-9]+:[0-9]+: error: code should be clang-formatted$" "" f "${h}")
    list(APPEND bad ${f})
  endforeach()
  list(REMOVE_DUPLICATES bad)
  list(LENGTH bad nbad)
  list(JOIN bad "\n  " lines)
  message(FATAL_ERROR "${nbad} of ${n} files are not formatted (clang-format -i FILE):\n  ${lines}")
endif()
message(STATUS "all ${n} files formatted")
