#pragma once
// One HTTP request as handlers see it: no HTTP library types. The body is a stream: handlers pull
// it with Body::read() in bounded pieces (a 64 MiB layer never sits in memory), or read_all() for
// small JSON documents.
//
// A Request is used by one thread at a time (the one running its handler).

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/common/result.h"
#include "drydock/simulator/http/headers.h"

namespace drydock::simulator::http {

// The request body as a stream of bytes.
class Body {
 public:
  virtual ~Body() = default;

  // Copies up to `n` bytes of the body into `out`. Returns the number copied; 0 means the body is
  // over, or read_error() says why it stopped early.
  virtual size_t read(char* out, size_t n) = 0;
  // Returns why the last read() stopped early (client gone, body over the server's limit), or
  // nullopt when the body ended normally.
  virtual std::optional<Error> read_error() const = 0;

  // Reads the whole rest of the body. Fails with ErrorCode::kPayloadTooLarge past `limit` bytes
  // (without reading further than limit + 1), or with the read error.
  Result<std::string> read_all(size_t limit);
};

// A body held in memory (tests, bodies already read).
class StringBody : public Body {
 public:
  explicit StringBody(std::string data) : data_(std::move(data)) {}
  size_t read(char* out, size_t n) override;
  std::optional<Error> read_error() const override { return std::nullopt; }

 private:
  std::string data_;
  size_t offset_ = 0;
};

struct Request {
  std::string method;  // upper case; "HEAD" stays "HEAD" although it runs the GET operation
  std::string path;    // percent-encoded, without the query string
  std::map<std::string, std::string> path_params;  // decoded, filled by the Router
  std::multimap<std::string, std::string> query;   // decoded
  std::string raw_query;  // the query string as sent, without '?' (a proxy forwards it as is)
  Headers headers;
  std::string remote_address;  // "127.0.0.1"
  int remote_port = 0;
  std::optional<std::string> client_cert_subject;  // TLS client certificate subject (RFC 2253)

  // The body stream; never null (an empty StringBody when there is none).
  Body& body() const { return *body_; }
  void set_body(std::unique_ptr<Body> body) { body_ = std::move(body); }
  // Hands the body stream over (to wrap it); the Request is left with an empty body.
  std::unique_ptr<Body> take_body() {
    auto body = std::move(body_);
    body_ = std::make_unique<StringBody>("");
    return body;
  }

  // Returns the first value of query parameter `name`, or nullopt.
  std::optional<std::string> query_param(std::string_view name) const;

 private:
  std::unique_ptr<Body> body_ = std::make_unique<StringBody>("");
};

}  // namespace drydock::simulator::http
