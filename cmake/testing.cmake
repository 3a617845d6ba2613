# drydock_test(NAME SOURCES... LIBS...): one GoogleTest binary, each case registered with CTest.
include(GoogleTest)
function(drydock_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main GTest::gmock drydock_warnings)
  # Listed when CTest runs (and the binary changed), not by running each binary after every link.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 DISCOVERY_MODE PRE_TEST
    PROPERTIES ENVIRONMENT "DRYDOCK_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
