#pragma once
// A Simulator is a complete, stateful Docker Hub (index) v1 and Docker Registry v1 server:
// every operation of the spec, routed from it, with the real token flow, storage and faults.
// start() returns once the listeners accept connections; serving happens on background threads
// until stop() (or destruction). start() and stop() are not thread-safe with each other; the
// servers themselves serve many connections at once.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "drydock/common/result.h"
#include "drydock/simulator/options.h"

namespace drydock::spec {
class Spec;
}

namespace drydock::simulator {

struct BoundAddresses {
  std::string index_url;     // "http://127.0.0.1:41234"; empty for a standalone registry
  std::string registry_url;  // equal to index_url with one combined listener
};

class Simulator {
 public:
  // REQUIRES: `spec` outlives the Simulator.
  explicit Simulator(const spec::Spec& spec);
  ~Simulator();  // stops if running
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Opens storage and accounts, checks that every served operation has a handler, and starts
  // listening. Returns the bound addresses, or an Error saying what failed (a missing handler,
  // a busy port, an unreadable certificate, an unusable data directory).
  // REQUIRES: not already started.
  Result<BoundAddresses> start(const Options& options);
  // Stops the listeners and waits for in-flight requests. Safe to call twice.
  void stop();

  // Response-check violations seen so far (with Options::check_responses): tests assert zero.
  size_t response_violations() const;

  // Returns a token this simulator signed for `repository` ("ns/name") and `access` ("read",
  // "write" or "delete"), as if issued at `issued_at`: one issued more than the token TTL ago is
  // expired. The conformance runner uses it for its token-expiry checks. Fails for a standalone
  // registry (no tokens), before start(), or for an unknown access.
  Result<std::string> issue_token(std::string_view repository, std::string_view access,
                                  std::chrono::system_clock::time_point issued_at) const;
  // Returns a token as issue_token() signs it, expiring `expires_in` from now on the simulator's
  // clock: a negative value gives a token that expired that long ago.
  Result<std::string> issue_token_expiring(std::string_view repository, std::string_view access,
                                           std::chrono::seconds expires_in) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace drydock::simulator
