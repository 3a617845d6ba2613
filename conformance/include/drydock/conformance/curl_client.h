#pragma once
// CurlClient: HttpClient over libcurl.
//
// Connections are kept alive and reused across requests and threads (a pool of easy handles
// sharing one connection cache). Redirects are reported as they are unless `follow_redirects`.
// A response body kept in memory is capped: past the cap the transfer stops and send() fails with
// a message naming the cap. A stalled transfer (under 1 byte/s for `stall_timeout`) fails too, so
// an endless or frozen server never hangs the run. The run's deadline bounds every request, and
// abort_all() (or the `cancelled` hook) stops transfers in flight.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "drydock/common/result.h"
#include "drydock/conformance/http_client.h"

namespace drydock::conformance {

struct CurlOptions {
  std::chrono::milliseconds timeout{30'000};  // per request, unless the request says otherwise
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::seconds stall_timeout{30};         // fail a transfer under 1 byte/s for this long
  std::size_t max_body_bytes = 64 * 1024 * 1024;  // response body kept in memory, per request
  bool follow_redirects = false;
  std::string cacert;       // --cacert: a PEM bundle trusted instead of the system's
  bool insecure = false;    // --insecure: no certificate or host name verification
  std::string client_cert;  // --cert (PEM)
  std::string client_key;   // --key (PEM)
  std::optional<std::chrono::steady_clock::time_point> deadline;  // --deadline of the whole run
  std::function<bool()> cancelled;  // polled during transfers; true aborts them
  std::string user_agent = "drydock";
};

class CurlClient final : public HttpClient {
 public:
  explicit CurlClient(CurlOptions options = {});
  ~CurlClient() override;
  CurlClient(const CurlClient&) = delete;
  CurlClient& operator=(const CurlClient&) = delete;

  // Aborts every transfer in flight and every later one (the run is over).
  void abort_all() { aborted_.store(true); }
  // Moves the deadline every request is bounded by (the cleanup's, after the checks).
  // REQUIRES: no request in flight.
  void set_deadline(std::chrono::steady_clock::time_point deadline) {
    options_.deadline = deadline;
  }

 protected:
  Result<Response> perform(const Request& request, Exchange& record) override;

 private:
  struct Pool;
  struct Transfer;

  CurlOptions options_;
  std::atomic<bool> aborted_{false};
  std::unique_ptr<Pool> pool_;
};

}  // namespace drydock::conformance
