#pragma once
// A debug aid: judges every outgoing reply against the spec (the status is one the operation
// lists; the headers it requires are present; a JSON body matches the response schema) and keeps
// a count and the most recent violations, so tests can assert the simulator speaks its own spec.
// Thread-safe.

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "drydock/simulator/http/log_sink.h"
#include "drydock/simulator/http/reply.h"
#include "drydock/spec/spec.h"

namespace drydock::spec {
struct Operation;
}

namespace drydock::simulator::http {

struct ResponseViolation {
  std::string operation_id;
  int status = 0;
  std::string message;  // "status 418 is not a response of getImageJson"
};

class ResponseChecker {
 public:
  static constexpr size_t kKept = 32;  // most recent violations kept for recent()

  explicit ResponseChecker(LogSink log = {}) : log_(std::move(log)) {}

  // Judges `reply` as an answer to `operation`: its body under `profile` (a server answers docs or
  // docker-registry; compat admits either), its headers under compat (a profile's header rules
  // assume the request a conformance check sends). Records and logs each violation, and returns
  // them. A streamed body is not read (only its status and headers are judged).
  std::vector<ResponseViolation> check(const spec::Operation& operation, const Reply& reply,
                                       spec::Profile profile = spec::Profile::kCompat);

  size_t violation_count() const;
  std::vector<ResponseViolation> recent() const;  // oldest first
  void clear();

 private:
  LogSink log_;
  mutable std::mutex mutex_;
  size_t count_ = 0;
  std::deque<ResponseViolation> recent_;
};

}  // namespace drydock::simulator::http
