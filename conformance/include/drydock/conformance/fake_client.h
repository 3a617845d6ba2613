#pragma once
// FakeClient: an HttpClient for tests that replays canned responses. Each expectation matches a
// method and URL (exact, or a prefix ending in '*') and answers with a Response or an Error; the
// first unused match wins, and an expectation with `repeat` answers every time. A request nothing
// matches answers Error "no canned response for GET <url>". Requests are kept for assertions.
//
// Thread safety: every member may be called concurrently.

#include <mutex>
#include <string>
#include <vector>

#include "drydock/conformance/http_client.h"

namespace drydock::conformance {

class FakeClient final : public HttpClient {
 public:
  struct Canned {
    std::string method;  // "GET"; "*" matches any
    std::string url;     // exact, or a prefix followed by '*'
    Result<Response> answer = Response{};
    bool repeat = false;
    bool used = false;
  };

  // Answers the next matching request with `response`.
  FakeClient& on(std::string method, std::string url, Response response, bool repeat = false);
  // Answers the next matching request with a transport failure.
  FakeClient& fail(std::string method, std::string url, std::string error, bool repeat = false);
  // Returns every request received, in order.
  std::vector<Request> requests() const;

 protected:
  Result<Response> perform(const Request& request, Exchange& record) override;

 private:
  mutable std::mutex mutex_;
  std::vector<Canned> canned_;     // guarded by mutex_
  std::vector<Request> requests_;  // guarded by mutex_
};

// Returns a Response with `status`, a JSON body and its Content-Type.
Response json_response(int status, std::string body);

}  // namespace drydock::conformance
