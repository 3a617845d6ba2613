# Servers the tests run against, started by the scripts (scripts/servers/NAME.sh start|stop DIR) as
# CTest fixtures: drydock_server(NAME) registers server.NAME.start (FIXTURES_SETUP NAME) and
# server.NAME.stop (FIXTURES_CLEANUP NAME). A test that needs the server declares it with
# drydock_requires_server(TEST NAME): CTest then starts the server before the test, stops it after
# the last test that needs it, and hands the test DRYDOCK_SERVERS_DIR, where NAME.env says how to
# reach it (see simulator/storage/testing/server_env.h).
set(DRYDOCK_SERVERS_DIR "${PROJECT_BINARY_DIR}/servers")

function(drydock_server name)
  set(script "${PROJECT_SOURCE_DIR}/scripts/servers/${name}.sh")
  add_test(NAME server.${name}.start COMMAND "${script}" start "${DRYDOCK_SERVERS_DIR}")
  add_test(NAME server.${name}.stop COMMAND "${script}" stop "${DRYDOCK_SERVERS_DIR}")
  set_tests_properties(server.${name}.start PROPERTIES FIXTURES_SETUP ${name} TIMEOUT 300)
  set_tests_properties(server.${name}.stop PROPERTIES FIXTURES_CLEANUP ${name} TIMEOUT 60)
endfunction()

function(drydock_requires_server test name)
  get_test_property(${test} ENVIRONMENT environment)
  if(NOT environment)
    set(environment "")
  endif()
  list(APPEND environment "DRYDOCK_SERVERS_DIR=${DRYDOCK_SERVERS_DIR}")
  list(REMOVE_DUPLICATES environment)
  # A test may need several servers: each call adds one.
  get_test_property(${test} FIXTURES_REQUIRED fixtures)
  if(NOT fixtures)
    set(fixtures "")
  endif()
  list(APPEND fixtures ${name})
  set_tests_properties(${test} PROPERTIES FIXTURES_REQUIRED "${fixtures}"
                                          ENVIRONMENT "${environment}")
endfunction()

drydock_server(swift)
drydock_server(postgres)
