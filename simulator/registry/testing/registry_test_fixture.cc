#include "testing/registry_test_fixture.h"

#include <nlohmann/json.hpp>

#include "drydock/common/payload_checksum.h"
#include "drydock/common/tarsum.h"
#include "drydock/simulator/registry/token_validators.h"
#include "drydock/simulator/storage/memory_storage.h"
#include "drydock/spec/spec.h"
#include "faults/faults.h"

namespace drydock::simulator::registry::testing {
namespace {

class StringSink : public http::Sink {
 public:
  bool write(const char* data, size_t n) override {
    out.append(data, n);
    return true;
  }
  void done() override { finished = true; }
  std::string out;
  bool finished = false;
};

}  // namespace

fixtures::Image canonical(const fixtures::Image& image) {
  fixtures::Image out = image;
  out.json = nlohmann::json::parse(image.json).dump();
  out.payload_checksum = payload_checksum(out.json, out.layer);
  out.tarsum = tarsum_v0(out.json, out.layer).value();
  return out;
}

RegistryTest::RegistryTest(auth::TokenPolicy policy) {
  options_.faults = true;
  options_.check_responses = true;
  clock_ = std::make_shared<auth::ManualClock>();
  services_.options = &options_;
  services_.storage = faults::faulty(std::make_shared<storage::MemoryStorage>());
  services_.clock = clock_;
  services_.tokens = std::make_shared<auth::TokenSigner>(
      "token-secret", auth::TokenOptions{std::chrono::seconds(3600), policy});
  services_.sessions = std::make_shared<auth::Sessions>("session-secret");
  services_.token_validator =
      std::make_shared<LocalTokenValidator>(services_.tokens, services_.sessions, clock_);
  http::RouterOptions router_options;
  router_options.sides = http::ServedSides::kRegistry;
  router_options.check_responses = true;
  router_options.faults = true;
  faults::install(router_options);
  router_ = std::make_unique<http::Router>(spec::Spec::embedded(), router_options);
  auto registered = register_registry_handlers(*router_, services_);
  EXPECT_TRUE(registered.ok()) << (registered.ok() ? "" : registered.error().message);
  EXPECT_TRUE(router_->unhandled().empty());
}

void RegistryTest::TearDown() {
  EXPECT_EQ(violations(), expected_violations_);
  if (violations() == expected_violations_) return;
  for (const auto& v : router_->response_checker().recent()) {
    ADD_FAILURE() << v.operation_id << " " << v.status << ": " << v.message;
  }
}

std::string RegistryTest::token(std::string_view repository, auth::Access access) const {
  return services_.tokens->issue(repository, access, clock_->now());
}

http::Reply RegistryTest::send_stream(std::string method, std::string path,
                                      std::unique_ptr<http::Body> body, http::Headers headers) {
  http::Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.headers = std::move(headers);
  request.set_body(std::move(body));
  return router_->dispatch(request);
}

http::Reply RegistryTest::send_without_token(std::string method, std::string path, std::string body,
                                             http::Headers headers) {
  return send_stream(std::move(method), std::move(path),
                     std::make_unique<http::StringBody>(std::move(body)), std::move(headers));
}

http::Reply RegistryTest::send(std::string method, std::string path, std::string body,
                               http::Headers headers) {
  if (!headers.contains("Authorization")) {
    auto access = auth::access_for_method(method).value_or(auth::Access::kRead);
    headers.add("Authorization", bearer(kRepository, access));
  }
  return send_without_token(std::move(method), std::move(path), std::move(body),
                            std::move(headers));
}

void RegistryTest::put_json(const fixtures::Image& image, int expected) {
  http::Headers headers;
  headers.add("Content-Type", "application/json");
  auto reply = send("PUT", "/v1/images/" + image.id + "/json", image.json, headers);
  ASSERT_EQ(reply.status, expected) << body_of(reply);
}

void RegistryTest::put_layer(const fixtures::Image& image, int expected) {
  http::Headers headers;
  headers.add("Content-Type", "application/octet-stream");
  auto reply = send("PUT", "/v1/images/" + image.id + "/layer", image.layer, headers);
  ASSERT_EQ(reply.status, expected) << body_of(reply);
}

void RegistryTest::push_image(const fixtures::Image& image) {
  put_json(image);
  put_layer(image);
  http::Headers headers;
  headers.add("X-Docker-Checksum-Payload", image.payload_checksum);
  auto reply = send("PUT", "/v1/images/" + image.id + "/checksum", "", headers);
  ASSERT_EQ(reply.status, 200) << body_of(reply);
}

void RegistryTest::put_tag(std::string_view repo_path, std::string_view tag, std::string_view id,
                           int expected) {
  http::Headers headers;
  headers.add("Content-Type", "application/json");
  headers.add("User-Agent",
              "docker/1.6.0 go/go1.4.2 git-commit/4749651 kernel/3.16.0 os/Linux "
              "arch/AMD64");
  auto access_repo = std::string(repo_path).find('/') == std::string::npos
                         ? "library/" + std::string(repo_path)
                         : std::string(repo_path);
  headers.add("Authorization", bearer(access_repo, auth::Access::kWrite));
  auto reply =
      send("PUT", "/v1/repositories/" + std::string(repo_path) + "/tags/" + std::string(tag),
           nlohmann::json(std::string(id)).dump(), headers);
  ASSERT_EQ(reply.status, expected) << body_of(reply);
}

std::string RegistryTest::body_of(const http::Reply& reply) {
  if (!reply.is_stream()) return reply.text();
  const auto& stream = std::get<http::StreamBody>(reply.body);
  StringSink sink;
  while (!sink.finished && (!stream.length || sink.out.size() < *stream.length)) {
    if (!stream.provider(sink.out.size(), sink)) break;
  }
  return sink.out;
}

nlohmann::json RegistryTest::json_of(const http::Reply& reply) {
  return nlohmann::json::parse(body_of(reply));
}

}  // namespace drydock::simulator::registry::testing
