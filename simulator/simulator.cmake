# drydock_simulator: the Simulator facade (core/), the fault catalogue (faults/), and everything
# they wire together: storage, auth, accounts, http, and the index and registry handlers.
# Included by simulator/CMakeLists.txt after every part's folder, so all their targets exist.
set(DRYDOCK_SIMULATOR_DIR "${CMAKE_CURRENT_LIST_DIR}")

add_library(drydock_simulator_faults STATIC
  faults/faults.cc
  faults/catalogue.cc)
target_include_directories(drydock_simulator_faults
  PUBLIC "${DRYDOCK_SIMULATOR_DIR}" "${DRYDOCK_SIMULATOR_DIR}/include")
target_link_libraries(drydock_simulator_faults
  PUBLIC drydock_simulator_http drydock_storage drydock_accounts drydock_spec
  PRIVATE drydock_auth drydock_common drydock_warnings)

add_library(drydock_simulator STATIC
  core/handler_coverage.cc
  core/listen_address.cc
  core/simulator.cc)
target_include_directories(drydock_simulator
  PUBLIC "${DRYDOCK_SIMULATOR_DIR}/include" "${DRYDOCK_SIMULATOR_DIR}")
target_link_libraries(drydock_simulator
  PUBLIC drydock_common drydock_spec drydock_simulator_faults drydock_auth
  PRIVATE drydock_simulator_index drydock_simulator_registry drydock_simulator_http
          drydock_accounts drydock_storage drydock_warnings)

if(DRYDOCK_TESTS)
  drydock_test(simulator_faults_test
    SOURCES faults/catalogue_test.cc faults/faults_test.cc
    LIBS drydock_simulator_faults)
  drydock_test(simulator_core_test
    SOURCES core/listen_address_test.cc core/testing/push_pull.cc core/simulator_test.cc
            core/persistence_test.cc core/startup_test.cc
    LIBS drydock_simulator drydock_fixtures drydock_spec PkgConfig::HTTPLIB Threads::Threads)
  # Two simulators on one PostgreSQL (the test command's, scripts/servers/postgres.sh).
  drydock_test(shared_index_test
    SOURCES core/shared_index_test.cc core/testing/push_pull.cc
    LIBS drydock_simulator drydock_fixtures drydock_spec drydock_storage drydock_postgres_testing
         drydock_process_testing PkgConfig::HTTPLIB Threads::Threads)
  drydock_requires_server(shared_index_test postgres)
  # Tests of the drydock binary as a process.
  add_library(drydock_process_testing STATIC core/testing/drydock_process.cc
    core/testing/test_files.cc)
  target_include_directories(drydock_process_testing PUBLIC "${DRYDOCK_SIMULATOR_DIR}")
  target_link_libraries(drydock_process_testing PRIVATE GTest::gtest drydock_warnings)
  target_compile_definitions(drydock_process_testing PRIVATE
    DRYDOCK_BINARY="$<TARGET_FILE:drydock>")
  add_dependencies(drydock_process_testing drydock)
  drydock_test(serve_command_test
    SOURCES core/serve_command_test.cc
    LIBS drydock_process_testing PkgConfig::HTTPLIB OpenSSL::SSL OpenSSL::Crypto Threads::Threads
    SHARDS 2)
  target_compile_definitions(serve_command_test PRIVATE DRYDOCK_BINARY="$<TARGET_FILE:drydock>")
  drydock_test(adversarial_test
    SOURCES core/adversarial_test.cc core/testing/adversary.cc core/testing/hostile_requests.cc
            core/testing/raw_http.cc
    LIBS drydock_process_testing drydock_fixtures drydock_common Threads::Threads
    SHARDS 2)
  # Two drydock serve nodes on one object store (Swift, through its S3 API and its own) and one
  # PostgreSQL behind nginx: push on one, pull on the other, tokens spent across them, the whole
  # suite through the balancer, a node killed mid-layer (scripts/multi-node-test.sh).
  if(NOT DRYDOCK_FUZZ)
    foreach(store s3 swift)
      add_test(NAME multi-node.${store}
               COMMAND ${PROJECT_SOURCE_DIR}/scripts/multi-node-test.sh $<TARGET_FILE:drydock>
                       ${store})
      # One at a time: each runs five servers and the whole suite on the machine's cores.
      set_tests_properties(multi-node.${store} PROPERTIES TIMEOUT 900 SKIP_RETURN_CODE 77
                                                          RESOURCE_LOCK multi-node
                                                          ENVIRONMENT "${DRYDOCK_TEST_ENVIRONMENT}")
      drydock_requires_server(multi-node.${store} swift)
      drydock_requires_server(multi-node.${store} postgres)
    endforeach()
  endif()
endif()
