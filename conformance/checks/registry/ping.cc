// Recipes for ping (tag "ping").

#include "../derive.h"

namespace drydock::conformance::checks {

std::vector<Recipe> registry_ping_recipes() {
  Recipe ping;
  ping.operation_id = "ping";
  ping.stage = Stage::kNothing;
  ping.hint = "Answer GET /v1/_ping 200 with X-Docker-Registry-Standalone.";
  Recipe root = ping;
  root.operation_id = "pingRoot";
  root.hint = "Answer GET /_ping like /v1/_ping.";
  return {ping, root};
}

}  // namespace drydock::conformance::checks
