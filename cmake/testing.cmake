# drydock_test(NAME SOURCES... LIBS... [SHARDS N]): one GoogleTest binary, registered with CTest as
# one test, or as N tests that each run every Nth case (GoogleTest's sharding) when its cases take
# long enough to be worth spreading over cores.
#
# A test process pays a fixed start-up (the sanitizer runtime, the embedded spec loaded and checked)
# that is most of the cost of a short case, so cases are not registered one per process. To run
# some of a binary's cases, filter them: `build/test/simulator/index/simulator_index_test
# --gtest_filter='Users.*'`; `ctest -R simulator_index` runs the binary.
#
# Every test runs with DRYDOCK_TEST_ENVIRONMENT. AddressSanitizer keeps freed memory from reuse
# for as long as its quarantine lasts; its default 256 MiB makes a test that streams layers touch
# fresh pages on nearly every allocation (a full suite run: 35 s and 1 GiB resident, against 21 s
# and 450 MiB with 16 MiB), so the quarantine is 16 MiB: a use after free is still caught while
# the freed block is among the last 16 MiB freed.
set(DRYDOCK_TEST_ENVIRONMENT "DRYDOCK_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
    "ASAN_OPTIONS=quarantine_size_mb=16")

function(drydock_test name)
  cmake_parse_arguments(T "" "SHARDS" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock drydock_warnings)
  if(NOT T_SHARDS)
    set(T_SHARDS 1)
  endif()
  math(EXPR last "${T_SHARDS} - 1")
  foreach(index RANGE ${last})
    set(test ${name})
    set(environment "${DRYDOCK_TEST_ENVIRONMENT}")
    if(T_SHARDS GREATER 1)
      math(EXPR number "${index} + 1")
      set(test "${name}/${number}-of-${T_SHARDS}")
      list(APPEND environment "GTEST_TOTAL_SHARDS=${T_SHARDS}" "GTEST_SHARD_INDEX=${index}")
    endif()
    add_test(NAME ${test} COMMAND ${name} --gtest_brief=1)
    set_tests_properties(${test} PROPERTIES ENVIRONMENT "${environment}")
  endforeach()
endfunction()
