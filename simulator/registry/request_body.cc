// Reading a JSON request body whether or not the Router's validation step consumed it.

#include "drydock/common/json_limits.h"
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
    out.message = text.error().message;
    return out;
  }
  auto value = parse_json(*text);
  if (!value.ok()) {
    const bool malformed = value.error().code == ErrorCode::kParse;
    out.failure = malformed ? "malformed-json" : "invalid-body";
    if (!malformed) out.message = value.error().message;
    return out;
  }
  out.raw = std::move(*text);
  out.value = std::move(value).value();
  return out;
}

}  // namespace drydock::simulator::registry
