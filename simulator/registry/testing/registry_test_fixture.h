#pragma once
// A registry served by a real Router over the embedded spec (registry side only, every reply
// judged by check_responses), on MemoryStorage, with a LocalTokenValidator over a TokenSigner and
// a ManualClock. Requests are dispatched directly: no sockets.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

#include "core/services.h"
#include "drydock/fixtures/images.h"
#include "drydock/simulator/auth/clock.h"
#include "drydock/simulator/http/router.h"

namespace drydock::simulator::registry::testing {

inline constexpr std::string_view kRepository = "alice/app";  // the tokens' default repository

// Returns a copy of `image` whose JSON is in the form the Router re-serializes (sorted keys,
// compact) and whose checksums follow; see images.cc about verbatim bytes.
fixtures::Image canonical(const fixtures::Image& image);

class RegistryTest : public ::testing::Test {
 protected:
  explicit RegistryTest(auth::TokenPolicy policy = auth::TokenPolicy::kReusable);
  void TearDown() override;

  // Sends a request. Without an Authorization in `headers`, adds a token for kRepository with
  // the access the method needs (use send_without_token to send none).
  http::Reply send(std::string method, std::string path, std::string body = "",
                   http::Headers headers = {});
  http::Reply send_without_token(std::string method, std::string path, std::string body = "",
                                 http::Headers headers = {});
  // A request with a body stream of its own (large or failing layers).
  http::Reply send_stream(std::string method, std::string path, std::unique_ptr<http::Body> body,
                          http::Headers headers = {});

  // "Token <token>" for `repository` and `access`.
  std::string token(std::string_view repository, auth::Access access) const;
  std::string bearer(std::string_view repository, auth::Access access) const {
    return "Token " + token(repository, access);
  }

  // PUT json, layer and checksum; each must answer 200.
  void push_image(const fixtures::Image& image);
  void put_json(const fixtures::Image& image, int expected = 200);
  void put_layer(const fixtures::Image& image, int expected = 200);
  void put_tag(std::string_view repo_path, std::string_view tag, std::string_view id,
               int expected = 200);

  // The whole body of a reply, streamed ones drained through a Sink.
  static std::string body_of(const http::Reply& reply);
  static nlohmann::json json_of(const http::Reply& reply);

  size_t violations() const { return router_->response_checker().violation_count(); }

  Options options_;
  Services services_;
  std::shared_ptr<auth::ManualClock> clock_;
  std::unique_ptr<http::Router> router_;
  // Response-check violations the test expects (faults that break the spec on purpose).
  size_t expected_violations_ = 0;
};

}  // namespace drydock::simulator::registry::testing
