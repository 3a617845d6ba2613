#include "server_faults.h"

#include <algorithm>
#include <string>

namespace drydock::simulator::faults {
namespace {

constexpr size_t kEndlessChunk = 16 * 1024;  // bytes per write of an endless body

std::string html_page(int status) {
  std::string code = std::to_string(status);
  return "<!DOCTYPE html>\n<html><head><title>" + code + "</title></head><body><h1>" + code +
         "</h1><p>The server could not answer this request.</p></body></html>\n";
}

bool is_json(const http::Reply& reply) {
  auto type = reply.headers.get("Content-Type");
  return type && type->find("json") != std::string::npos;
}

// Streams `prefix` (the reply's own body, when it had one) and then filler forever; stops only
// when the client goes away.
http::BodyProvider endless_provider(std::string prefix) {
  return [prefix = std::move(prefix), filler = std::string(kEndlessChunk, ' ')](uint64_t offset,
                                                                                http::Sink& sink) {
    if (offset < prefix.size()) {
      size_t at = static_cast<size_t>(offset);
      return sink.write(prefix.data() + at, std::min(kEndlessChunk, prefix.size() - at));
    }
    return sink.write(filler.data(), filler.size());
  };
}

}  // namespace

const std::vector<FaultInfo>& server_fault_names() {
  static const std::vector<FaultInfo> faults = {
      {"error-html", "error replies (4xx, 5xx) come back as a text/html page, not JSON"},
      {"content-type-wrong", "JSON replies say Content-Type: text/plain"},
      {"conn-hang", "the server answers nothing and holds the connection open"},
      {"conn-reset", "the server resets the connection instead of answering"},
      {"conn-garbage", "the server answers with bytes that are not HTTP, then closes"},
      {"body-endless", "the reply body never ends (an endless chunked stream)"},
      {std::string(http::kFaultBodyUnchecked),
       "JSON bodies go unchecked against the request schema: a 4-character password registers"},
  };
  return faults;
}

bool is_server_fault(std::string_view name) {
  const auto& all = server_fault_names();
  return std::any_of(all.begin(), all.end(), [&](const FaultInfo& f) { return f.name == name; });
}

bool apply_server_fault(std::string_view name, http::Reply& reply) {
  if (name == "error-html") {
    if (reply.status >= 400) {
      reply.body = html_page(reply.status);
      reply.headers.set("Content-Type", "text/html; charset=utf-8");
    }
    return true;
  }
  if (name == "content-type-wrong") {
    if (is_json(reply)) reply.headers.set("Content-Type", "text/plain; charset=utf-8");
    return true;
  }
  if (name == "conn-hang" || name == "conn-reset" || name == "conn-garbage") {
    http::ConnectionAction action = name == "conn-hang"    ? http::ConnectionAction::kHang
                                    : name == "conn-reset" ? http::ConnectionAction::kReset
                                                           : http::ConnectionAction::kGarbage;
    reply = http::Reply::fault(action);
    return true;
  }
  if (name == "body-endless") {
    std::string prefix = reply.is_stream() ? std::string() : reply.text();
    reply.headers.remove("Content-Length");
    reply.body = http::StreamBody{std::nullopt, endless_provider(std::move(prefix))};
    return true;
  }
  if (name == http::kFaultBodyUnchecked) {
    return true;  // done before the handler ran
  }
  return false;
}

}  // namespace drydock::simulator::faults
