# Part of drydock_storage: the object-store backends, S3 and Swift, over libcurl, and their tests.
# Those that need a server run against the Swift the test command starts (cmake/servers.cmake).
target_sources(drydock_storage PRIVATE
  object_http.cc
  object_store_storage.cc
  object_storage_url.cc
  s3_storage.cc
  sigv4.cc
  swift_storage.cc
  xml_text.cc)
target_link_libraries(drydock_storage PRIVATE CURL::libcurl OpenSSL::Crypto)

if(DRYDOCK_TESTS)
  drydock_test(sigv4_test SOURCES sigv4_test.cc LIBS drydock_storage)
  drydock_test(object_storage_url_test SOURCES object_storage_url_test.cc LIBS drydock_storage)

  # Tests against the servers the test command starts read where they are through this.
  add_library(drydock_server_env STATIC testing/server_env.cc)
  target_link_libraries(drydock_server_env PUBLIC drydock_common GTest::gtest
    PRIVATE drydock_warnings)
  drydock_test(server_env_test SOURCES testing/server_env_test.cc LIBS drydock_server_env)

  # The suite every backend passes (its sources go into each test binary, as for the others).
  drydock_test(s3_storage_test
    SOURCES s3_storage_test.cc storage_suite.cc
    LIBS drydock_storage drydock_server_env Threads::Threads)
  drydock_requires_server(s3_storage_test swift)
  drydock_test(swift_storage_test
    SOURCES swift_storage_test.cc storage_suite.cc
    LIBS drydock_storage drydock_server_env Threads::Threads)
  drydock_requires_server(swift_storage_test swift)
  drydock_test(object_storage_crash_test
    SOURCES object_storage_crash_test.cc
    LIBS drydock_storage drydock_server_env)
  drydock_requires_server(object_storage_crash_test swift)
  drydock_test(object_storage_nodes_test
    SOURCES object_storage_nodes_test.cc
    LIBS drydock_storage drydock_server_env Threads::Threads)
  drydock_requires_server(object_storage_nodes_test swift)
  # drydock serve --storage as a process (drydock_process_testing: simulator/simulator.cmake).
  drydock_test(object_storage_serve_test
    SOURCES object_storage_serve_test.cc
    LIBS drydock_process_testing drydock_storage drydock_server_env Threads::Threads)
  target_compile_definitions(object_storage_serve_test PRIVATE
    DRYDOCK_BINARY="$<TARGET_FILE:drydock>")
  drydock_requires_server(object_storage_serve_test swift)
endif()
