// Reading a JSON request body whether or not the Router's validation step consumed it.

#include "drydock/simulator/http/error_reply.h"
#include "registry_handlers.h"

namespace drydock::simulator::registry {
namespace {

constexpr size_t kJsonBodyLimit = 1024 * 1024;  // image JSON and tag bodies are a few KiB

}  // namespace

JsonBody json_body(const http::Context& context, const http::Request& request) {
  JsonBody out;
  if (context.json_body) {
    out.value = *context.json_body;
    out.raw = context.raw_body ? *context.raw_body : context.json_body->dump();
    return out;
  }
  // Not judged as JSON by the Router (its Content-Type said otherwise): read it here.
  auto text = request.body().read_all(kJsonBodyLimit);
  if (!text.ok()) {
    out.failure = std::string(http::condition_for(text.error().code));
    return out;
  }
  auto value = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    out.failure = "malformed-json";
    return out;
  }
  out.raw = std::move(*text);
  out.value = std::move(value);
  return out;
}

}  // namespace drydock::simulator::registry
