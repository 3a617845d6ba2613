// GET /v1/_ping and GET /_ping (protocol-notes 5.1 R1, section 9).

#include "registry_handlers.h"

namespace drydock::simulator::registry {
namespace {

http::Reply ping(Services& services, http::Context&, const http::Request&) {
  http::Reply reply = success();
  bool standalone = services.options != nullptr && services.options->standalone;
  // Python's bool text, as docker-registry sent it; clients compare it without case.
  reply.headers.set("X-Docker-Registry-Standalone", standalone ? "True" : "False");
  reply.headers.set("X-Docker-Registry-Version", std::string(kRegistryVersion));
  return reply;
}

}  // namespace

Result<void> register_ping_handlers(http::Router& router, Services& services) {
  static constexpr Route kRoutes[] = {
      {"ping", std::nullopt, ping},
      {"pingRoot", std::nullopt, ping},
  };
  return register_routes(router, services, kRoutes);
}

}  // namespace drydock::simulator::registry
