// Reading a JSON request body whether or not the Router's validation step consumed it.

#include "drydock/common/json_limits.h"
#include "registry_handlers.h"

namespace drydock::simulator::registry {
namespace {

constexpr size_t kJsonBodyLimit = 1024 * 1024;  // image JSON and tag bodies are a few KiB

}  // namespace

http::Checked<JsonBody> json_body(const http::Context& context, const http::Request& request) {
  if (context.json_body) {
    return JsonBody{*context.json_body,
                    context.raw_body ? *context.raw_body : context.json_body->dump()};
  }
  // Not judged as JSON by the Router (its Content-Type said otherwise): read it here.
  auto text = request.body().read_all(kJsonBodyLimit);
  if (!text.ok()) return refuse(context, text.error());
  auto value = parse_json(*text);
  if (!value.ok()) {
    if (value.error().code == ErrorCode::kParse) return refuse(context, Condition::kMalformedJson);
    return refuse(context, Condition::kInvalidBody, value.error().message);
  }
  return JsonBody{std::move(value).value(), std::move(*text)};
}

}  // namespace drydock::simulator::registry
