#pragma once
// The version the registry answers as (X-Docker-Registry-Version): docker-registry 0.8's, whose
// ping (body `true`, version header) every 1.x client and the Docker 0.9-and-earlier ones that
// required the header accept. The docs profile sends it on every reply that the documents show
// it on.

#include <string_view>

namespace drydock::simulator {

inline constexpr std::string_view kRegistryVersion = "0.8.1";

}  // namespace drydock::simulator
