#include "core/testing/push_pull.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "drydock/common/base64.h"

namespace drydock::simulator::testing {
namespace {

constexpr const char* kJson = "application/json";

std::string describe(const httplib::Result& result) {
  if (!result) return "no response (" + httplib::to_string(result.error()) + ")";
  return std::to_string(result->status) + " " + result->body;
}

std::vector<std::string> split_endpoints(const std::string& header) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    std::string item = header.substr(start, comma == std::string::npos ? comma : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

V1Client::V1Client(BoundAddresses addresses, fixtures::TestUser user, std::string repository)
    : addresses_(std::move(addresses)), user_(std::move(user)), repository_(std::move(repository)) {
  if (!addresses_.index_url.empty()) index_.emplace(addresses_.index_url);
  // Until the index names an endpoint, the registry is the bound one.
  registry_.emplace(addresses_.registry_url);
}

httplib::Client& V1Client::registry() {
  return *registry_;
}

httplib::Headers V1Client::basic() const {
  return {{"Authorization", "Basic " + base64_encode(user_.username + ":" + user_.password)}};
}

httplib::Headers V1Client::registry_credentials() const {
  if (cookie_) return {{"Cookie", *cookie_}};
  if (!token_.empty()) return {{"Authorization", "Token " + token_}};
  return {};
}

void V1Client::remember_cookie(const httplib::Result& result) {
  if (!result || !result->has_header("Set-Cookie")) return;
  std::string value = result->get_header_value("Set-Cookie");
  cookie_ = value.substr(0, value.find(';'));
}

void V1Client::use_token(std::string token) {
  token_ = std::move(token);
  cookie_.reset();
}

void V1Client::take_token_and_endpoints(const httplib::Result& result) {
  ASSERT_TRUE(result->has_header("X-Docker-Token")) << "index sent no X-Docker-Token";
  ASSERT_TRUE(result->has_header("X-Docker-Endpoints")) << "index sent no X-Docker-Endpoints";
  use_token(result->get_header_value("X-Docker-Token"));
  endpoints_ = split_endpoints(result->get_header_value("X-Docker-Endpoints"));
  ASSERT_FALSE(endpoints_.empty());
  std::string scheme = addresses_.registry_url.substr(0, addresses_.registry_url.find("://") + 3);
  registry_.emplace(scheme + endpoints_.front());
}

void V1Client::register_user() {
  ASSERT_TRUE(index_.has_value()) << "a standalone registry has no index";
  nlohmann::json body = {
      {"username", user_.username}, {"password", user_.password}, {"email", user_.email}};
  auto result = index_->Post("/v1/users/", body.dump(), kJson);
  ASSERT_TRUE(result && result->status == 201) << "register: " << describe(result);
}

httplib::Result V1Client::registry_put(const std::string& path, const std::string& body,
                                       const std::string& content_type, httplib::Headers extra) {
  httplib::Headers headers = registry_credentials();
  headers.insert(extra.begin(), extra.end());
  auto result = registry().Put(path, headers, body, content_type.c_str());
  remember_cookie(result);
  return result;
}

httplib::Result V1Client::registry_get(const std::string& path) {
  auto result = registry().Get(path, registry_credentials());
  remember_cookie(result);
  return result;
}

httplib::Result V1Client::registry_get_with(const std::string& path,
                                            const httplib::Headers& credentials) {
  return registry().Get(path, credentials);
}

void V1Client::push(const fixtures::ImageChain& chain, const std::string& tag) {
  if (index_) {
    nlohmann::json images = nlohmann::json::array();
    for (const auto& image : chain.images) images.push_back({{"id", image.id}});
    images.back()["Tag"] = tag;
    httplib::Headers headers = basic();
    headers.emplace("X-Docker-Token", "true");
    auto created = index_->Put(repository_path() + "/", headers, images.dump(), kJson);
    ASSERT_TRUE(created && (created->status == 200 || created->status == 201))
        << "PUT repository: " << describe(created);
    ASSERT_NO_FATAL_FAILURE(take_token_and_endpoints(created));
  }
  for (const auto& image : chain.images) {
    std::string base = "/v1/images/" + image.id;
    auto json = registry_put(base + "/json", image.json, kJson);
    ASSERT_TRUE(json && json->status == 200) << "PUT json: " << describe(json);
    auto layer = registry_put(base + "/layer", image.layer, "application/octet-stream");
    ASSERT_TRUE(layer && layer->status == 200) << "PUT layer: " << describe(layer);
    auto checksum = registry_put(base + "/checksum", "", kJson,
                                 {{"X-Docker-Checksum-Payload", image.payload_checksum}});
    ASSERT_TRUE(checksum && checksum->status == 200) << "PUT checksum: " << describe(checksum);
  }
  auto tagged =
      registry_put(repository_path() + "/tags/" + tag, "\"" + chain.top().id + "\"", kJson);
  ASSERT_TRUE(tagged && (tagged->status == 200 || tagged->status == 201))
      << "PUT tag: " << describe(tagged);
  if (index_) {
    httplib::Headers headers = basic();
    headers.emplace("X-Docker-Token", "true");
    auto done = index_->Put(repository_path() + "/images", headers, "[]", kJson);
    ASSERT_TRUE(done && done->status == 204) << "PUT images: " << describe(done);
  }
}

std::string V1Client::request_read_token() {
  if (!index_) {
    ADD_FAILURE() << "a standalone registry has no index";
    return {};
  }
  httplib::Headers headers = basic();
  headers.emplace("X-Docker-Token", "true");
  auto listed = index_->Get(repository_path() + "/images", headers);
  if (!listed || listed->status != 200) {
    ADD_FAILURE() << "GET images: " << describe(listed);
    return {};
  }
  take_token_and_endpoints(listed);
  return token_;
}

void V1Client::pull(const fixtures::ImageChain& chain, const std::string& tag) {
  if (index_) {
    ASSERT_FALSE(request_read_token().empty());
  }
  auto tags = registry_get(repository_path() + "/tags");
  ASSERT_TRUE(tags && tags->status == 200) << "GET tags: " << describe(tags);
  auto tag_map = nlohmann::json::parse(tags->body, nullptr, false);
  ASSERT_TRUE(tag_map.is_object()) << tags->body;
  ASSERT_EQ(tag_map.value(tag, ""), chain.top().id);

  auto ancestry = registry_get("/v1/images/" + chain.top().id + "/ancestry");
  ASSERT_TRUE(ancestry && ancestry->status == 200) << "GET ancestry: " << describe(ancestry);
  ASSERT_EQ(nlohmann::json::parse(ancestry->body, nullptr, false),
            nlohmann::json(chain.ancestry()));

  for (const auto& image : chain.images) {
    std::string base = "/v1/images/" + image.id;
    auto json = registry_get(base + "/json");
    ASSERT_TRUE(json && json->status == 200) << "GET json: " << describe(json);
    EXPECT_EQ(nlohmann::json::parse(json->body, nullptr, false), nlohmann::json::parse(image.json));
    auto layer = registry_get(base + "/layer");
    ASSERT_TRUE(layer && layer->status == 200) << "GET layer: " << describe(layer);
    EXPECT_TRUE(layer->body == image.layer) << "layer bytes differ for " << image.id;
  }
}

}  // namespace drydock::simulator::testing
