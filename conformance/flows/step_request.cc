#include "step_request.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <span>

#include <nlohmann/json.hpp>

#include "drydock/spec/expression.h"

namespace drydock::conformance {
namespace {

using nlohmann::json;

// A parameter value as sent: strings as they are, other JSON as text.
std::string as_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// Returns the blob a payload names when it is exactly "$inputs.NAME", or null.
std::shared_ptr<const std::string> named_blob(const json& payload, const FlowInputs& inputs) {
  constexpr std::string_view kPrefix = "$inputs.";
  if (!payload.is_string()) return nullptr;
  const std::string& text = payload.get_ref<const std::string&>();
  if (!text.starts_with(kPrefix)) return nullptr;
  auto it = inputs.blobs.find(text.substr(kPrefix.size()));
  return it == inputs.blobs.end() ? nullptr : it->second;
}

// The body's media type: the step's requestBody.contentType, else the operation's.
const std::string& content_type_of(const spec::FlowStep& step, const spec::Operation& operation) {
  return step.request_content_type.empty() ? operation.request_content_type
                                           : step.request_content_type;
}

// A JSON payload is sent as its JSON serialization, strings included; under any other media type
// a string is sent byte for byte, and a blob named whole is streamed (spec/README.md, Flows 1).
Result<void> set_body(const spec::FlowStep& step, const spec::Operation& operation,
                      const FlowInputs& inputs, const FlowContext& context, Request& request) {
  if (!step.request_body) return {};
  const bool as_json = spec::is_json_media_type(content_type_of(step, operation));
  if (auto blob = as_json ? nullptr : named_blob(*step.request_body, inputs)) {
    request.body_size = blob->size();
    request.body_source = blob_source(std::move(blob));
    return {};
  }
  Result<json> payload = spec::resolve_value(*step.request_body, context);
  if (!payload.ok()) return Error::invalid("requestBody: " + payload.error().message);
  request.body = payload->is_string() && !as_json ? payload->get<std::string>() : payload->dump();
  return {};
}

}  // namespace

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

BodySource blob_source(std::shared_ptr<const std::string> bytes) {
  return [bytes = std::move(bytes),
          offset = std::size_t{0}](std::span<char> buffer) mutable -> Result<std::size_t> {
    std::size_t n = std::min(buffer.size(), bytes->size() - offset);
    std::memcpy(buffer.data(), bytes->data() + offset, n);
    offset += n;
    return n;
  };
}

Result<Request> build_step_request(const spec::FlowStep& step, const spec::Operation& operation,
                                   std::string_view base_url, const FlowInputs& inputs,
                                   const FlowContext& context, const CookieJar& jar) {
  Request request;
  request.method = operation.method;
  std::string path = operation.path;
  std::string query;
  std::string cookies;
  bool explicit_cookie = false;
  for (const spec::FlowParameter& parameter : step.parameters) {
    Result<json> value = spec::resolve_value(parameter.value, context);
    if (!value.ok()) {
      return Error::invalid("parameter " + parameter.name + ": " + value.error().message);
    }
    const std::string text = as_text(*value);
    if (parameter.in == "path") {
      const std::string slot = "{" + parameter.name + "}";
      std::size_t at = path.find(slot);
      if (at == std::string::npos) {
        return Error::invalid("path parameter " + parameter.name + " is not in " + operation.path);
      }
      path.replace(at, slot.size(), percent_encode(text));
    } else if (parameter.in == "query") {
      query +=
          (query.empty() ? "?" : "&") + percent_encode(parameter.name) + "=" + percent_encode(text);
    } else if (parameter.in == "cookie") {
      cookies += (cookies.empty() ? "" : "; ") + parameter.name + "=" + text;
      explicit_cookie = true;
    } else if (spec::header_name_equals(parameter.name, "Cookie")) {
      if (!text.empty()) cookies += (cookies.empty() ? "" : "; ") + text;
      explicit_cookie = true;
    } else {
      request.headers.set(parameter.name, text);
    }
  }
  if (std::size_t open = path.find('{'); open != std::string::npos) {
    return Error::invalid("path parameter " + path.substr(open, path.find('}', open) - open + 1) +
                          " of " + operation.path + " is not given");
  }
  std::string_view base = base_url;
  while (base.ends_with('/')) base.remove_suffix(1);
  request.url = std::string(base) + path + query;
  if (!explicit_cookie) cookies = jar.header_for(request.url);
  if (!cookies.empty()) request.headers.set("Cookie", cookies);
  if (Result<void> body = set_body(step, operation, inputs, context, request); !body.ok()) {
    return body.error();
  }
  if (step.request_body && !request.headers.contains("Content-Type")) {
    const std::string& type = content_type_of(step, operation);
    if (!type.empty()) request.headers.set("Content-Type", type);
  }
  return request;
}

}  // namespace drydock::conformance
