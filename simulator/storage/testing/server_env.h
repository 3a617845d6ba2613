#pragma once
// For tests against a server that the test command starts (scripts/servers/NAME.sh, run by the
// CTest fixture server.NAME.start; cmake/servers.cmake). The script writes
// $DRYDOCK_SERVERS_DIR/NAME.env, KEY=VALUE lines saying how to reach the server.
//
// A test binary that needs the server registers RequireServer("NAME") as a global test
// environment: when NAME.env cannot be read every test is skipped, naming the reason, unless
// DRYDOCK_REQUIRE_SERVERS=1 (scripts/test.sh sets it), when they fail instead.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "drydock/common/result.h"

namespace drydock::testing {

using ServerEnv = std::map<std::string, std::string>;

// Reads $DRYDOCK_SERVERS_DIR/NAME.env. An error says why it could not.
Result<ServerEnv> load_server_env(const std::string& name);

// The values of NAME.env once RequireServer("NAME") has set up; REQUIRES: it did.
const ServerEnv& server_env(const std::string& name);

class RequireServer : public ::testing::Environment {
 public:
  explicit RequireServer(std::string name) : name_(std::move(name)) {}
  void SetUp() override;

 private:
  std::string name_;
};

}  // namespace drydock::testing
