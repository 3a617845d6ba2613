#include <nlohmann/json.hpp>

#include "index_test_fixture.h"

#include "drydock/common/base64.h"
#include "drydock/simulator/auth/clock.h"
#include "drydock/simulator/auth/password.h"
#include "drydock/simulator/auth/token.h"
#include "drydock/spec/spec.h"
#include "faults/faults.h"

namespace drydock::simulator::index::testing {

IndexTest::IndexTest() : clock_(std::make_shared<auth::ManualClock>()) {
  options_.auto_activate = true;
  options_.faults = true;
  options_.check_responses = true;
}

void IndexTest::SetUp() {
  accounts::AccountsOptions account_options{auth::PasswordHasher(1), clock_.get()};
  auto accounts = accounts::Accounts::open(":memory:", account_options);
  ASSERT_TRUE(accounts.ok()) << accounts.error().message;
  services_.options = &options_;
  services_.accounts = std::move(accounts).value();
  services_.clock = clock_;
  services_.tokens = std::make_shared<auth::TokenSigner>("test secret");
  services_.registry_endpoints = {std::string(kEndpoint)};

  http::RouterOptions router_options;
  router_options.sides = http::ServedSides::kIndex;
  router_options.check_responses = true;
  router_options.faults = true;
  faults::install(router_options);
  router_ = std::make_unique<http::Router>(spec::Spec::embedded(), router_options);
  auto registered = register_index_handlers(*router_, services_);
  ASSERT_TRUE(registered.ok()) << registered.error().message;
  ASSERT_TRUE(router_->unhandled().empty());
}

void IndexTest::TearDown() {
  if (!router_) return;
  if (expect_violations_) {
    EXPECT_GT(violations(), 0u) << "the fault was expected to break the spec";
    return;
  }
  EXPECT_EQ(violations(), 0u);
  for (const auto& violation : router_->response_checker().recent()) {
    ADD_FAILURE() << violation.operation_id << " " << violation.status << ": " << violation.message;
  }
}

http::Reply IndexTest::send(std::string method, std::string path, std::string body,
                            const HeaderList& headers) {
  http::Request request;
  request.method = std::move(method);
  auto query = path.find('?');
  if (query != std::string::npos) {
    std::string rest = path.substr(query + 1);
    path.resize(query);
    size_t start = 0;
    while (start <= rest.size()) {
      size_t end = rest.find('&', start);
      if (end == std::string::npos) end = rest.size();
      std::string pair = rest.substr(start, end - start);
      auto eq = pair.find('=');
      if (!pair.empty()) {
        request.query.emplace(pair.substr(0, eq),
                              eq == std::string::npos ? "" : pair.substr(eq + 1));
      }
      start = end + 1;
    }
  }
  request.path = std::move(path);
  request.remote_address = "127.0.0.1";
  if (!body.empty()) request.headers.add("Content-Type", "application/json");
  for (const auto& [name, value] : headers) request.headers.add(name, value);
  request.set_body(std::make_unique<http::StringBody>(std::move(body)));
  return router_->dispatch(request);
}

std::string IndexTest::basic(std::string_view user, std::string_view password) {
  return "Basic " + base64_encode(std::string(user) + ":" + std::string(password));
}

void IndexTest::add_user(std::string_view name, bool active) {
  auto created =
      services_.accounts->create_user(name, std::string(name) + "@example.com", kPassword, active);
  ASSERT_TRUE(created.ok()) << created.error().message;
}

void IndexTest::add_admin(std::string_view name) {
  ASSERT_TRUE(services_.accounts->ensure_admin(name, kPassword).ok());
}

http::Reply IndexTest::put_repository(std::string_view user, std::string_view path,
                                      const nlohmann::json& images, const HeaderList& extra) {
  nlohmann::json body =
      images.is_null() ? nlohmann::json::array({{{"id", kImageA}, {"Tag", "latest"}}}) : images;
  HeaderList headers = {{"Authorization", basic(user)}, {"X-Docker-Token", "true"}};
  headers.insert(headers.end(), extra.begin(), extra.end());
  return send("PUT", "/v1/repositories/" + std::string(path) + "/", body.dump(), headers);
}

std::string IndexTest::issue_token(std::string_view repository, auth::Access access) {
  return services_.tokens->issue(repository, access, clock_->now());
}

nlohmann::json IndexTest::json_of(const http::Reply& reply) {
  return nlohmann::json::parse(reply.text(), nullptr, /*allow_exceptions=*/false);
}

std::string IndexTest::header(const http::Reply& reply, std::string_view name) {
  return reply.headers.get(name).value_or("");
}

}  // namespace drydock::simulator::index::testing
