#pragma once
// Exchange: the record of one HTTP request and its response (or transport failure), as it appears
// in reports. Records are made by an HttpClient and redacted by a Transcript before anyone else
// sees them. Bodies are kept only in part: a streamed request body is a note "<N bytes streamed>",
// and a response body keeps its first kKeptBodyBytes with the total size recorded beside it.

#include <chrono>
#include <cstdint>
#include <string>

#include "drydock/conformance/headers.h"

namespace drydock::conformance {

inline constexpr std::size_t kKeptBodyBytes = 8 * 1024;  // per recorded body: bounds report size

struct RecordedRequest {
  std::string method;           // "GET", "PUT"...
  std::string url;              // absolute, with the query string
  Headers headers;              // as sent by the caller (libcurl's own additions are not listed)
  std::string body;             // the body, or a note "<N bytes streamed>" when `streamed`
  std::uint64_t body_size = 0;  // bytes actually sent
  bool streamed = false;        // the body came from a source callback and is not kept
};

struct RecordedResponse {
  int status = 0;            // 0 when no response arrived
  std::string reason;        // "OK", "Not Found"; may be empty
  std::string http_version;  // "HTTP/1.1"
  Headers headers;
  std::string body;             // the first kKeptBodyBytes received (none when streamed to a sink)
  std::uint64_t body_size = 0;  // every byte received
  bool body_truncated = false;  // `body` holds less than `body_size` bytes
  // When truncated: "sha256:<hex>" of every byte received, so the whole body can still be told
  // apart from another.
  std::string body_sha256;
};

// Milliseconds spent in each phase; -1 when the phase did not apply (no TLS, a reused connection).
struct Timings {
  double dns_ms = -1;
  double connect_ms = -1;
  double tls_ms = -1;
  double send_ms = 0;
  double wait_ms = 0;     // from the request sent to the first response byte
  double receive_ms = 0;  // from the first to the last response byte
  double total_ms = 0;
};

struct Exchange {
  std::string label;  // who sent it: the check ID, "setup", "cleanup"; may be empty
  std::chrono::system_clock::time_point started_at;
  RecordedRequest request;
  RecordedResponse response;
  Timings timings;
  std::string error;  // why the transport failed (timeout, reset, not HTTP); empty on success

  bool failed() const { return !error.empty(); }
};

}  // namespace drydock::conformance
