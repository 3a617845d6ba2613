#include "server_env.h"

#include <cstdlib>
#include <fstream>
#include <mutex>

namespace drydock::testing {

namespace {

std::mutex& loaded_mutex() {
  static std::mutex mu;
  return mu;
}

std::map<std::string, ServerEnv>& loaded() {
  static std::map<std::string, ServerEnv> envs;
  return envs;
}

}  // namespace

Result<ServerEnv> load_server_env(const std::string& name) {
  const char* dir = std::getenv("DRYDOCK_SERVERS_DIR");
  if (dir == nullptr || *dir == '\0') {
    return Error::not_found("DRYDOCK_SERVERS_DIR is not set: run through ctest, which starts " +
                            name + " (scripts/servers/" + name + ".sh), or set it to the " +
                            "directory of a running one");
  }
  std::string path = std::string(dir) + "/" + name + ".env";
  std::ifstream file(path);
  if (!file) {
    return Error::not_found(path + " does not exist: " + name +
                            " is not running (ctest starts it with the server." + name +
                            ".start test)");
  }
  ServerEnv env;
  std::string line;
  while (std::getline(file, line)) {
    size_t equals = line.find('=');
    if (line.empty() || line.front() == '#' || equals == std::string::npos) continue;
    env[line.substr(0, equals)] = line.substr(equals + 1);
  }
  return env;
}

const ServerEnv& server_env(const std::string& name) {
  std::lock_guard lock(loaded_mutex());
  return loaded().at(name);
}

void RequireServer::SetUp() {
  auto env = load_server_env(name_);
  if (env.ok()) {
    std::lock_guard lock(loaded_mutex());
    loaded()[name_] = std::move(env).value();
    return;
  }
  const char* required = std::getenv("DRYDOCK_REQUIRE_SERVERS");
  if (required != nullptr && std::string(required) == "1") {
    FAIL() << "DRYDOCK_REQUIRE_SERVERS=1 and " << env.error().message;
  }
  GTEST_SKIP() << "needs a " << name_ << " server: " << env.error().message;
}

}  // namespace drydock::testing
