#include "drydock/simulator/http/reply.h"

#include <nlohmann/json.hpp>

#include "drydock/common/json_limits.h"

namespace drydock::simulator::http {

Reply Reply::json(int status, const nlohmann::json& value) {
  // A string that is not UTF-8 (a decoded path parameter echoed in an error) is sent with U+FFFD
  // in place of its bad bytes: dump() would otherwise throw.
  return bytes(status, dump_json(value), "application/json");
}

Reply Reply::bytes(int status, std::string data, std::string_view content_type) {
  Reply reply;
  reply.status = status;
  reply.headers.set("Content-Type", std::string(content_type));
  reply.body = std::move(data);
  return reply;
}

Reply Reply::stream(int status, uint64_t length, BodyProvider provider,
                    std::string_view content_type) {
  Reply reply;
  reply.status = status;
  reply.headers.set("Content-Type", std::string(content_type));
  reply.body = StreamBody{length, std::move(provider)};
  return reply;
}

Reply Reply::chunked(int status, BodyProvider provider, std::string_view content_type) {
  Reply reply;
  reply.status = status;
  reply.headers.set("Content-Type", std::string(content_type));
  reply.body = StreamBody{std::nullopt, std::move(provider)};
  return reply;
}

Reply Reply::fault(ConnectionAction action) {
  Reply reply;
  reply.status = 0;
  reply.action = action;
  return reply;
}

}  // namespace drydock::simulator::http
