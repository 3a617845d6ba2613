#pragma once
// One HTTP reply as handlers produce it: a status, ordered headers, and a body that is either a
// string or a streaming provider. A Reply may instead ask the server to break the connection
// (faults): close it, reset it, hang, or send bytes that are not HTTP.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json_fwd.hpp>

#include "drydock/simulator/http/headers.h"

namespace drydock::simulator::http {

// Where a streaming body writes its bytes.
class Sink {
 public:
  virtual ~Sink() = default;
  // Sends `n` bytes. Returns false when the connection is gone: stop producing then.
  virtual bool write(const char* data, size_t n) = 0;
  // Ends a body of unknown length (chunked). Not needed when the length is known.
  virtual void done() = 0;
};

// Produces body bytes from `offset` (bytes already sent) onwards: writes at least one byte, or
// calls done() at the end of a chunked body. Returns false to abort the connection.
// Called repeatedly on the server thread until the body is complete; must not throw.
using BodyProvider = std::function<bool(uint64_t offset, Sink& sink)>;

struct StreamBody {
  std::optional<uint64_t> length;  // nullopt: sent chunked
  BodyProvider provider;
};

// What the server does with the connection instead of (or after) answering.
enum class ConnectionAction {
  kNone,     // answer normally
  kClose,    // close the connection without answering (the client sees EOF)
  kReset,    // reset the connection (the client sees ECONNRESET)
  kHang,     // answer nothing and hold the connection until the server stops
  kGarbage,  // send bytes that are not an HTTP response, then close
};

struct Reply {
  int status = 200;
  Headers headers;
  std::variant<std::string, StreamBody> body;
  ConnectionAction action = ConnectionAction::kNone;
  // The condition an error reply answers ("image-in-progress"), set by error_reply(); empty for
  // every other reply. The Router gives it the status the served profile names for it.
  std::string condition;

  // A JSON body with Content-Type application/json; bytes of strings that are not UTF-8 become
  // U+FFFD.
  static Reply json(int status, const nlohmann::json& value);
  // A body of `content_type`, e.g. "application/octet-stream".
  static Reply bytes(int status, std::string data, std::string_view content_type);
  // A streamed body of known `length` (sent with Content-Length).
  static Reply stream(int status, uint64_t length, BodyProvider provider,
                      std::string_view content_type);
  // A streamed body of unknown length (sent chunked).
  static Reply chunked(int status, BodyProvider provider, std::string_view content_type);
  // A connection fault; the status is only for the access log.
  static Reply fault(ConnectionAction action);

  bool is_stream() const { return std::holds_alternative<StreamBody>(body); }
  // REQUIRES: !is_stream().
  const std::string& text() const { return std::get<std::string>(body); }
};

}  // namespace drydock::simulator::http
