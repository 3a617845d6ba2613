#include "core/testing/adversary.h"

#include <gtest/gtest.h>

#include <thread>

#include <nlohmann/json.hpp>

#include "core/testing/hostile_requests.h"
#include "drydock/common/base64.h"
#include "drydock/common/digest.h"
#include "drydock/common/payload_checksum.h"
#include "drydock/fixtures/images.h"

namespace drydock::simulator::testing {
namespace {

constexpr std::string_view kUser = "adversary";
constexpr std::string_view kPassword = "hostile-1";
constexpr std::string_view kRepository = "adversary/target";

std::string image_id(std::string_view name) {
  return sha256_hex("drydock adversarial " + std::string(name));
}

std::string image_json(std::string_view id) {
  return R"({"id": ")" + std::string(id) + R"(", "created": "2015-01-01T00:00:00Z"})";
}

std::string layer(std::string_view seed) {
  return fixtures::make_layer_tar({std::string(seed), 512});
}

std::string basic() {
  return "Authorization: Basic " + base64_encode(std::string(kUser) + ":" + std::string(kPassword));
}

std::string first_line(std::string_view text) {
  return std::string(text.substr(0, std::min<size_t>(text.find('\r'), 120)));
}

}  // namespace

void Tally::record(std::string_view what, std::string_view request, const RawExchange& exchange) {
  std::lock_guard lock(mutex_);
  ++requests_;
  if (exchange.replies.empty()) ++unanswered_;
  std::string problem;
  if (!exchange.connected) problem = "could not connect";
  if (exchange.timed_out) problem = "held the connection past the deadline";
  for (const RawReply& reply : exchange.replies) {
    if (is_server_failure(reply.status))
      problem = "answered " + std::to_string(reply.status) + " " + reply.body;
  }
  if (!problem.empty()) {
    problems_.push_back(std::string(what) + ": " + problem + " to \"" + first_line(request) + "\"");
  }
}

size_t Tally::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

size_t Tally::unanswered() const {
  std::lock_guard lock(mutex_);
  return unanswered_;
}

std::vector<std::string> Tally::problems() const {
  std::lock_guard lock(mutex_);
  return problems_;
}

RawReply Adversary::send(std::string_view method, std::string_view path,
                         std::vector<std::string> headers, std::string_view body) {
  const std::string request = http_request(method, path, headers, body);
  RawExchange exchange = send_raw(port_, request);
  tally_.record("upload", request, exchange);
  return exchange.replies.empty() ? RawReply{} : exchange.replies.front();
}

std::string Adversary::abandoned_id(int i) const {
  return image_id("abandoned " + std::to_string(i));
}
std::string Adversary::contested_id(int i) const {
  return image_id("contested " + std::to_string(i));
}
std::string Adversary::json_path(int abandoned) const {
  return "/v1/images/" + abandoned_id(abandoned) + "/json";
}
std::string Adversary::layer_path(int abandoned) const {
  return "/v1/images/" + abandoned_id(abandoned) + "/layer";
}
std::string Adversary::complete_layer_path() const {
  return "/v1/images/" + image_id("complete") + "/layer";
}
std::vector<std::string> Adversary::write_headers() const {
  return {"Authorization: Token " + write_token_};
}
std::vector<std::string> Adversary::read_headers() const {
  return {"Authorization: Token " + read_token_};
}

void Adversary::set_up() {
  nlohmann::json account = {
      {"username", kUser}, {"password", kPassword}, {"email", "adversary@example.com"}};
  ASSERT_EQ(send("POST", "/v1/users/", {"Content-Type: application/json"}, account.dump()).status,
            201);
  nlohmann::json images = nlohmann::json::array({{{"id", image_id("complete")}}});
  for (int i = 0; i < kAbandonedImages; ++i) images.push_back({{"id", abandoned_id(i)}});
  for (int i = 0; i < kContestedImages; ++i) images.push_back({{"id", contested_id(i)}});
  RawReply repository =
      send("PUT", "/v1/repositories/" + std::string(kRepository) + "/",
           {basic(), "X-Docker-Token: true", "Content-Type: application/json"}, images.dump());
  ASSERT_TRUE(repository.status == 200 || repository.status == 201) << repository.body;
  write_token_ = header_of(repository, "X-Docker-Token");
  ASSERT_FALSE(write_token_.empty());

  const std::string id = image_id("complete");
  const std::string json = image_json(id);
  const std::string bytes = layer("complete");
  const std::string base = "/v1/images/" + id;
  std::vector<std::string> as_json = write_headers();
  as_json.push_back("Content-Type: application/json");
  ASSERT_EQ(send("PUT", base + "/json", as_json, json).status, 200);
  ASSERT_EQ(send("PUT", base + "/layer", write_headers(), bytes).status, 200);
  std::vector<std::string> checksum = write_headers();
  checksum.push_back("X-Docker-Checksum-Payload: " + payload_checksum(json, bytes));
  ASSERT_EQ(send("PUT", base + "/checksum", checksum).status, 200);

  RawReply read = send("GET", "/v1/repositories/" + std::string(kRepository) + "/images",
                       {basic(), "X-Docker-Token: true"});
  ASSERT_EQ(read.status, 200) << read.body;
  read_token_ = header_of(read, "X-Docker-Token");
  ASSERT_FALSE(read_token_.empty());
}

void Adversary::upload_out_of_order() {
  std::vector<std::string> as_json = write_headers();
  as_json.push_back("Content-Type: application/json");
  for (int i = 1; i < kAbandonedImages; ++i) {
    const std::string id = abandoned_id(i);
    const std::string json = image_json(id);
    const std::string bytes = layer("abandoned " + std::to_string(i));
    std::vector<std::string> right_checksum = write_headers();
    right_checksum.push_back("X-Docker-Checksum-Payload: " + payload_checksum(json, bytes));
    std::vector<std::string> wrong_checksum = write_headers();
    wrong_checksum.push_back("X-Docker-Checksum-Payload: " + payload_checksum(json, "other"));
    switch (i % 5) {
      case 0:  // the layer and the checksum before the JSON, then the JSON alone
        send("PUT", layer_path(i), write_headers(), bytes);
        send("PUT", "/v1/images/" + id + "/checksum", right_checksum);
        send("PUT", json_path(i), as_json, json);
        break;
      case 1:  // a checksum that does not match
        send("PUT", json_path(i), as_json, json);
        send("PUT", layer_path(i), write_headers(), bytes);
        send("PUT", "/v1/images/" + id + "/checksum", wrong_checksum);
        break;
      case 2:  // the checksum before the layer, then the layer, never the checksum again
        send("PUT", json_path(i), as_json, json);
        send("PUT", "/v1/images/" + id + "/checksum", right_checksum);
        send("PUT", layer_path(i), write_headers(), bytes);
        break;
      case 3: {  // a layer cut short (Content-Length larger than what came), then its checksum
        send("PUT", json_path(i), as_json, json);
        std::string request = http_request("PUT", layer_path(i), write_headers(), bytes);
        request.resize(request.size() - bytes.size() / 2);
        tally_.record("upload", request, send_raw(port_, request, Ending::kHalfClose));
        send("PUT", "/v1/images/" + id + "/checksum", right_checksum);
        break;
      }
      default:  // the JSON twice, then a checksum of a layer never sent
        send("PUT", json_path(i), as_json, json);
        send("PUT", json_path(i), as_json, json);
        send("PUT", "/v1/images/" + id + "/checksum", right_checksum);
        break;
    }
  }
}

void Adversary::push_concurrently() {
  constexpr int kClients = 8;
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([this, c] {
      std::vector<std::string> as_json = write_headers();
      as_json.push_back("Content-Type: application/json");
      for (int i = 0; i < kContestedImages; ++i) {
        const std::string id = contested_id(i);
        const std::string json = image_json(id);
        // Even ids: every client pushes the same layer; odd ids: each its own.
        const std::string bytes = layer(i % 2 == 0 ? id : id + std::to_string(c));
        const std::string base = "/v1/images/" + id;
        std::vector<std::string> checksum = write_headers();
        checksum.push_back("X-Docker-Checksum-Payload: " + payload_checksum(json, bytes));
        send("PUT", base + "/json", as_json, json);
        send("PUT", base + "/layer", write_headers(), bytes);
        send("PUT", base + "/checksum", checksum);
      }
    });
  }
  for (auto& client : clients) client.join();
}

void Adversary::expect_incomplete_images_unreadable() {
  for (int i = 0; i < kAbandonedImages; ++i) {
    for (const char* what : {"/json", "/layer", "/ancestry"}) {
      const std::string path = "/v1/images/" + abandoned_id(i) + what;
      RawReply reply = send("GET", path, read_headers());
      EXPECT_NE(reply.status, 200) << "incomplete image readable: GET " << path;
      EXPECT_LT(reply.status, 500) << path;
    }
  }
}

void Adversary::expect_concurrent_pushes_consistent() {
  for (int i = 0; i < kContestedImages; ++i) {
    const std::string base = "/v1/images/" + contested_id(i);
    RawReply json = send("GET", base + "/json", read_headers());
    if (json.status != 200) {
      EXPECT_EQ(i % 2, 1) << "every client pushed the same bytes, yet " << base << " answers "
                          << json.status;
      continue;
    }
    RawReply bytes = send("GET", base + "/layer", read_headers());
    ASSERT_EQ(bytes.status, 200) << base;
    EXPECT_EQ(header_of(json, "X-Docker-Checksum-Payload"), payload_checksum(json.body, bytes.body))
        << base << ": its JSON and layer are not one client's push";
  }
}

}  // namespace drydock::simulator::testing
