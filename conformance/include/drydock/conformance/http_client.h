#pragma once
// HttpClient: the seam between the runner and the network. CurlClient speaks HTTP over libcurl;
// FakeClient replays canned responses in tests. Every exchange a client makes is recorded
// (redacted) into the client's Transcript and into the request's own, when set.
//
// Bodies may stream both ways so that a 1 GiB layer never sits in memory: a request body can come
// from a source callback, and a response body can go to a sink callback. Without a sink the body
// is kept in Response::body, up to the client's cap.
//
// Thread safety: send() may be called from many threads at once.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "drydock/common/result.h"
#include "drydock/conformance/exchange.h"
#include "drydock/conformance/headers.h"

namespace drydock::conformance {

class Transcript;

// Fills `buffer` with the next bytes of a request body. Returns the number written, 0 at the end,
// or an Error to abort the request.
using BodySource = std::function<Result<std::size_t>(std::span<char> buffer)>;
// Receives the next bytes of a response body. Returns false to abort the request.
using BodySink = std::function<bool(std::string_view chunk)>;

struct Request {
  std::string method = "GET";
  std::string url;  // absolute: "https://registry.example/v1/_ping"
  Headers headers;
  std::string body;                        // used when `body_source` is empty
  BodySource body_source;                  // streams the body instead of `body`
  std::optional<std::uint64_t> body_size;  // Content-Length of a streamed body; unset: chunked
  BodySink response_sink;                  // streams the response body instead of keeping it
  std::optional<std::chrono::milliseconds> timeout;  // overrides the client's per-request timeout
  std::string label;                 // copied into the Exchange: the check ID, "setup"...
  Transcript* transcript = nullptr;  // also records the exchange here (e.g. the current check's)
};

struct Response {
  int status = 0;
  std::string reason;
  std::string http_version;
  Headers headers;
  std::string body;             // empty when the request had a response_sink
  std::uint64_t body_size = 0;  // bytes received
  double total_ms = 0;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;

  // Sends `request` and returns the response, whatever its status (a 500 is a Response).
  // Returns an Error when no complete HTTP response arrived: connection refused or reset, timeout,
  // a reply that is not HTTP, a body over the cap, an aborting sink or source, a passed deadline.
  // Either way the exchange is recorded.
  Result<Response> send(const Request& request);

  // Buffered form: sends `body` (may be empty) and keeps the response body in memory.
  Result<Response> send(std::string method, std::string url, Headers headers = {},
                        std::string body = {});

  // Adds these headers to every request that does not set them itself (the runner's
  // `--inject-fault` sends X-Drydock-Fault this way, so checks, setup and workflows all carry
  // it). Not thread-safe against concurrent send(); set them before the run starts.
  void set_fixed_headers(Headers headers) { fixed_headers_ = std::move(headers); }

  // Records every exchange into `transcript` from now on (null: stop). Not thread-safe against
  // concurrent send(); set it before the run starts.
  void set_transcript(std::shared_ptr<Transcript> transcript) {
    transcript_ = std::move(transcript);
  }

 protected:
  // Performs `request`. The request side of `record` is already filled in; fill the response side,
  // the timings and, on failure, `record.error` (and return an Error with the same text).
  virtual Result<Response> perform(const Request& request, Exchange& record) = 0;

 private:
  Result<Response> send_as_is(const Request& request);

  std::shared_ptr<Transcript> transcript_;
  Headers fixed_headers_;
};

// Returns "<N bytes streamed>", the note recorded in place of a streamed body.
std::string streamed_body_note(std::uint64_t size);

}  // namespace drydock::conformance
