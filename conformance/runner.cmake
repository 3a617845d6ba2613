# drydock_conformance_runner: the check model (check.h), the catalogue derived from the spec
# (catalogue.h, checks/), and the runner (runner.h, runner/). Included from conformance/.
if(NOT TARGET drydock_conformance_flows AND EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/flows/CMakeLists.txt")
  add_subdirectory(flows)
endif()

add_library(drydock_conformance_runner STATIC
  runner/verify.cc
  runner/check_context.cc
  runner/setup.cc
  runner/selection.cc
  runner/target_state.cc
  runner/runner.cc
  runner/check_table.cc
  runner/sample_repository.cc
  checks/derive.cc
  checks/bad_input.cc
  checks/flows.cc
  checks/catalogue.cc
  checks/index/users.cc
  checks/index/repositories.cc
  checks/index/images.cc
  checks/index/authorization.cc
  checks/index/search.cc
  checks/registry/ping.cc
  checks/registry/images.cc
  checks/registry/tags.cc
  checks/registry/repositories.cc
  checks/registry/large_layer.cc
  checks/read_only/pull.cc
  checks/read_only/checks.cc)
target_include_directories(drydock_conformance_runner PUBLIC include)
target_link_libraries(drydock_conformance_runner
  PUBLIC drydock_conformance_report drydock_conformance_http drydock_conformance_flows
         drydock_spec drydock_fixtures drydock_common nlohmann_json::nlohmann_json Threads::Threads
  PRIVATE drydock_warnings)
target_compile_definitions(drydock_conformance_runner PRIVATE
  DRYDOCK_RUNNER_VERSION="${PROJECT_VERSION}")

if(DRYDOCK_TESTS)
  drydock_test(conformance_runner_test
    SOURCES runner/verify_test.cc runner/selection_test.cc checks/catalogue_test.cc
    LIBS drydock_conformance_runner)
  drydock_test(conformance_hostile_server_test
    SOURCES runner/hostile_server_test.cc
    LIBS drydock_conformance_runner
    SHARDS 3)
  # The exit-code contract, on the binary (defined later, in cli/).
  drydock_test(conformance_check_command_test
    SOURCES runner/check_command_test.cc runner/interrupt_test.cc
    LIBS nlohmann_json::nlohmann_json
    SHARDS 3)
  target_compile_definitions(conformance_check_command_test PRIVATE
    DRYDOCK_BINARY="$<TARGET_FILE:drydock>")
  add_dependencies(conformance_check_command_test drydock)
  if(TARGET drydock_simulator)
    drydock_test(conformance_suite_simulator_test
      SOURCES runner/suite_simulator_test.cc
      LIBS drydock_conformance_runner drydock_simulator
      SHARDS 6)
    drydock_test(conformance_read_only_test
      SOURCES runner/read_only_test.cc
      LIBS drydock_conformance_runner drydock_simulator)
  endif()
endif()
