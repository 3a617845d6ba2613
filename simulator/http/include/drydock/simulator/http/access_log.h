#pragma once
// One access-log line per request:
//   127.0.0.1 "PUT /v1/images/ab12.../layer" 200 67108864 1834ms auth="Token [redacted]"
// Secrets never reach the log: Authorization values keep only their scheme, tokens in
// X-Docker-Token and WWW-Authenticate and cookie values are replaced, and query values whose name
// suggests a secret are replaced too. Bytes from the client are escaped (escape_for_log), so a
// line is one line of printable UTF-8 that no terminal acts on.

#include <cstdint>
#include <string>
#include <string_view>

#include "drydock/simulator/http/headers.h"

namespace drydock::simulator::http {

inline constexpr std::string_view kRedacted = "[redacted]";

// Returns `text` with every byte a terminal or a log reader could act on written as \xHH: C0 and
// C1 controls, DEL, '"' and '\', and every byte that is not part of well-formed UTF-8.
std::string escape_for_log(std::string_view text);

// Returns `value` of header `name` with any secret replaced by kRedacted; other headers unchanged.
std::string redact_header(std::string_view name, std::string_view value);
// Returns a query string ("a=1&token=x") with secret-looking values replaced.
std::string redact_query(std::string_view query);

struct AccessRecord {
  std::string remote_address;
  std::string method;
  std::string target;  // path and query string as received
  int status = 0;
  uint64_t bytes_sent = 0;  // body bytes
  int64_t milliseconds = 0;
  Headers request_headers;
  Headers reply_headers;
};

// Formats `record` as one redacted log line. Authentication-related headers (Authorization,
// Cookie, X-Docker-Token, WWW-Authenticate, Set-Cookie) are appended, redacted, when present.
std::string format_access_line(const AccessRecord& record);

}  // namespace drydock::simulator::http
