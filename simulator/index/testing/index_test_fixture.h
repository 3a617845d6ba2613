#pragma once
// The index handlers' test fixture: a real http::Router on the embedded spec (index side, every
// reply judged against the spec, faults honoured), SQLite accounts in memory, a TokenSigner on a
// ManualClock. Requests are built directly; no sockets. Each test ends with zero response-check
// violations unless it says it expects some (a fault that breaks the spec on purpose).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/services.h"
#include "drydock/simulator/http/router.h"

namespace drydock::simulator::index::testing {

inline const std::string kImageA(64, 'a');
inline const std::string kImageB(64, 'b');
inline const std::string kImageC(64, 'c');
inline constexpr std::string_view kPassword = "secret1";
inline constexpr std::string_view kEndpoint = "registry.test:5000";
inline constexpr std::string_view kBasicChallenge = "Basic realm=\"auth required\",Token";

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class IndexTest : public ::testing::Test {
 protected:
  IndexTest();
  void SetUp() override;
  void TearDown() override;

  // Sends one request through the router. A non-empty body is sent as application/json.
  http::Reply send(std::string method, std::string path, std::string body = "",
                   const HeaderList& headers = {});

  // "Basic base64(user:password)".
  static std::string basic(std::string_view user, std::string_view password = kPassword);
  // Creates an account directly in Accounts (active unless told otherwise).
  void add_user(std::string_view name, bool active = true);
  void add_admin(std::string_view name);

  // PUT /v1/repositories/<path>/ as `user`, asking for a token; `images` defaults to one image.
  http::Reply put_repository(std::string_view user, std::string_view path,
                             const nlohmann::json& images = nullptr, const HeaderList& extra = {});
  // A token issued directly by the signer, as the index would have.
  std::string issue_token(std::string_view repository, auth::Access access);

  static nlohmann::json json_of(const http::Reply& reply);
  static std::string header(const http::Reply& reply, std::string_view name);

  // Call in a test whose fault breaks the spec on purpose: TearDown then requires at least one
  // violation instead of none.
  void expect_violations() { expect_violations_ = true; }
  size_t violations() const { return router_->response_checker().violation_count(); }

  Options options_;
  std::shared_ptr<auth::ManualClock> clock_;
  Services services_;
  std::unique_ptr<http::Router> router_;
  bool expect_violations_ = false;
};

}  // namespace drydock::simulator::index::testing
