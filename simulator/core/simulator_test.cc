// The Simulator end to end, over real sockets on ephemeral loopback ports: a push and a pull
// through the token flow in every deployment (protocol-notes 1, 4, 6.2, 6.3).
#include "drydock/simulator/simulator.h"

#include <chrono>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>

#include "core/testing/push_pull.h"
#include "drydock/fixtures/images.h"
#include "drydock/fixtures/users.h"
#include "drydock/simulator/version.h"
#include "drydock/spec/spec.h"

namespace drydock::simulator {
namespace {

using testing::V1Client;

Options memory_options() {
  Options options;
  options.listen = "127.0.0.1:0";
  options.memory = true;
  options.password_iterations = 1;  // every Basic-authenticated request verifies a hash
  options.check_responses = true;
  return options;
}

class SimulatorTest : public ::testing::Test {
 protected:
  // Starts the simulator and a client for a fresh user's repository.
  void start(const Options& options) {
    auto bound = simulator_.start(options);
    ASSERT_TRUE(bound.ok()) << bound.error().message;
    bound_ = *bound;
    fixtures::TestUser user = fixtures::make_user("simulator-test");
    client_.emplace(bound_, user, user.username + "/chain");
  }

  void TearDown() override {
    simulator_.stop();
    EXPECT_EQ(simulator_.response_violations(), 0u);
  }

  Simulator simulator_{spec::Spec::embedded()};
  BoundAddresses bound_;
  std::optional<V1Client> client_;
  fixtures::ImageChain chain_ = fixtures::make_image_chain("simulator-test", 2);
};

TEST_F(SimulatorTest, CombinedListenerServesAPushAndAPull) {
  ASSERT_NO_FATAL_FAILURE(start(memory_options()));
  EXPECT_EQ(bound_.index_url, bound_.registry_url);
  ASSERT_NO_FATAL_FAILURE(client_->register_user());
  ASSERT_NO_FATAL_FAILURE(client_->push(chain_, "latest"));
  EXPECT_EQ("http://" + client_->endpoints().front(), bound_.registry_url);
  ASSERT_NO_FATAL_FAILURE(client_->pull(chain_, "latest"));
}

TEST_F(SimulatorTest, SplitListenersValidateTokensThroughTheIndex) {
  Options options = memory_options();
  options.index_listen = "127.0.0.1:0";
  options.registry_listen = "127.0.0.1:0";
  ASSERT_NO_FATAL_FAILURE(start(options));
  EXPECT_NE(bound_.index_url, bound_.registry_url);
  ASSERT_NO_FATAL_FAILURE(client_->register_user());
  ASSERT_NO_FATAL_FAILURE(client_->push(chain_, "latest"));
  EXPECT_EQ("http://" + client_->endpoints().front(), bound_.registry_url);
  ASSERT_NO_FATAL_FAILURE(client_->pull(chain_, "latest"));
}

// Options::on_exchange sees every request of both listeners, each with its listener's side, and
// the layer's digest seeded by body_digest_seed: here the payload checksum of what was PUT.
TEST_F(SimulatorTest, SplitListenersReportEveryExchangeWithItsSide) {
  std::mutex mutex;
  std::vector<ObservedExchange> seen;
  Options options = memory_options();
  options.index_listen = "127.0.0.1:0";
  options.registry_listen = "127.0.0.1:0";
  options.on_exchange = [&](const ObservedExchange& e) {
    std::lock_guard lock(mutex);
    seen.push_back(e);
  };
  options.body_digest_seed = [&](const ObservedExchange& e) {
    for (const auto& image : chain_.images) {
      auto id = e.path_params.find("image_id");
      if (id != e.path_params.end() && id->second == image.id) return image.json + "\n";
    }
    return std::string();
  };
  ASSERT_NO_FATAL_FAILURE(start(options));
  ASSERT_NO_FATAL_FAILURE(client_->register_user());
  ASSERT_NO_FATAL_FAILURE(client_->push(chain_, "latest"));
  simulator_.stop();
  std::lock_guard lock(mutex);
  size_t index = 0, registry = 0, layers = 0, callbacks = 0;
  for (const ObservedExchange& e : seen) {
    if (e.listener == ListenerSide::kIndex) ++index;
    if (e.listener == ListenerSide::kRegistry) ++registry;
    // The registry's token checks reach the index as requests too (protocol-notes 4.4).
    if (e.listener == ListenerSide::kIndex && e.operation_id != "registerUser" &&
        e.operation_id != "putUserRepository" && e.operation_id != "putUserRepositoryImages") {
      ++callbacks;
    }
    if (e.operation_id != "putImageLayer") continue;
    ++layers;
    EXPECT_EQ(e.status, 200);
    EXPECT_TRUE(e.body_complete);
    const auto& image =
        e.path_params.at("image_id") == chain_.base().id ? chain_.base() : chain_.top();
    EXPECT_EQ(e.body_bytes, image.layer.size());
    EXPECT_EQ("sha256:" + e.body_sha256, image.payload_checksum);
  }
  EXPECT_EQ(layers, 2u);
  EXPECT_EQ(index - callbacks, 3u);  // register, repository PUT, final PUT
  EXPECT_GE(registry, 7u);           // json, layer, checksum twice, and the tag
}

// Behind a load balancer the index names the balancer, not the listener it bound.
TEST_F(SimulatorTest, XDockerEndpointsNamesTheAdvertisedRegistries) {
  Options options = memory_options();
  options.registry_endpoints = {"registry.example:8080", "mirror.example"};
  ASSERT_NO_FATAL_FAILURE(start(options));
  ASSERT_NO_FATAL_FAILURE(client_->register_user());
  const fixtures::TestUser user = fixtures::make_user("simulator-test");
  httplib::Client index(bound_.index_url);
  index.set_basic_auth(user.username, user.password);
  auto reply = index.Put("/v1/repositories/" + client_->repository() + "/",
                         httplib::Headers{{"X-Docker-Token", "true"}}, "[]", "application/json");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->status, 200) << reply->body;
  EXPECT_EQ(reply->get_header_value("X-Docker-Endpoints"), "registry.example:8080,mirror.example");
}

TEST_F(SimulatorTest, SplitRegistryRefusesAForgedToken) {
  Options options = memory_options();
  options.index_listen = "127.0.0.1:0";
  options.registry_listen = "127.0.0.1:0";
  ASSERT_NO_FATAL_FAILURE(start(options));
  ASSERT_NO_FATAL_FAILURE(client_->register_user());
  ASSERT_NO_FATAL_FAILURE(client_->push(chain_, "latest"));
  auto forged = client_->registry_get_with(
      "/v1/images/" + chain_.top().id + "/json",
      {{"Authorization", "Token signature=1.2.3,repository=\"a/b\",access=read"}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);
}

TEST_F(SimulatorTest, IssuedTokensExpireAfterTheirTtl) {
  ASSERT_NO_FATAL_FAILURE(start(memory_options()));
  ASSERT_NO_FATAL_FAILURE(client_->register_user());
  ASSERT_NO_FATAL_FAILURE(client_->push(chain_, "latest"));
  const std::string path = "/v1/images/" + chain_.top().id + "/json";
  const std::string repository = client_->repository();
  auto now = std::chrono::system_clock::now();
  auto fresh = simulator_.issue_token(repository, "read", now);
  auto expired = simulator_.issue_token(repository, "read", now - std::chrono::hours(2));
  ASSERT_TRUE(fresh.ok() && expired.ok());
  auto good = client_->registry_get_with(path, {{"Authorization", "Token " + *fresh}});
  auto old = client_->registry_get_with(path, {{"Authorization", "Token " + *expired}});
  ASSERT_TRUE(good && old);
  EXPECT_EQ(good->status, 200);
  EXPECT_EQ(old->status, 401);
  EXPECT_FALSE(simulator_.issue_token(repository, "admin", now).ok());
}

TEST_F(SimulatorTest, SingleUseTokensAreSpentAndTheSessionCookieServesOn) {
  Options options = memory_options();
  options.token_policy = TokenPolicyOption::kSingleUse;
  ASSERT_NO_FATAL_FAILURE(start(options));
  ASSERT_NO_FATAL_FAILURE(client_->register_user());
  ASSERT_NO_FATAL_FAILURE(client_->push(chain_, "latest"));

  std::string token = client_->request_read_token();
  ASSERT_FALSE(token.empty());
  auto first = client_->registry_get("/v1/images/" + chain_.top().id + "/ancestry");
  ASSERT_TRUE(first && first->status == 200);
  ASSERT_TRUE(client_->session_cookie().has_value()) << "no session cookie after a spent token";

  auto again = client_->registry_get_with("/v1/images/" + chain_.top().id + "/ancestry",
                                          {{"Authorization", "Token " + token}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 401) << "a single-use token served twice";

  auto with_cookie = client_->registry_get("/v1/images/" + chain_.top().id + "/json");
  ASSERT_TRUE(with_cookie);
  EXPECT_EQ(with_cookie->status, 200) << with_cookie->body;

  ASSERT_NO_FATAL_FAILURE(client_->pull(chain_, "latest"));
}

TEST_F(SimulatorTest, StandaloneRegistryNeedsNoToken) {
  Options options = memory_options();
  options.standalone = true;
  ASSERT_NO_FATAL_FAILURE(start(options));
  EXPECT_TRUE(bound_.index_url.empty());
  ASSERT_NO_FATAL_FAILURE(client_->push(chain_, "latest"));
  ASSERT_NO_FATAL_FAILURE(client_->pull(chain_, "latest"));
}

TEST_F(SimulatorTest, StandaloneRegistryServesNoIndexRoutes) {
  Options options = memory_options();
  options.standalone = true;
  ASSERT_NO_FATAL_FAILURE(start(options));
  httplib::Client http(bound_.registry_url);
  auto users =
      http.Post("/v1/users/", R"({"username":"abcd","password":"abcde"})", "application/json");
  ASSERT_TRUE(users);
  EXPECT_GE(users->status, 404);
  auto ping = http.Get("/v1/_ping");
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->status, 200);
}

// Where the documents and docker-registry disagree (protocol-notes 10), the default answers as
// docker-registry did and --profile docs as the documents say. A push and a pull work under both.
struct ProfileAnswers {
  std::string ping_body;
  std::string ping_version;
  std::string content_range;
  std::string json_checksum_header;  // the header that carries the payload checksum
};

class ProfileTest : public SimulatorTest {
 protected:
  ProfileAnswers push_and_look(spec::Profile profile) {
    Options options = memory_options();
    options.profile = profile;
    start(options);
    client_->register_user();
    client_->push(chain_, "latest");
    client_->pull(chain_, "latest");
    ProfileAnswers seen;
    httplib::Client http(bound_.registry_url);
    auto ping = http.Get("/v1/_ping");
    if (ping) {
      seen.ping_body = ping->body;
      seen.ping_version = ping->get_header_value("X-Docker-Registry-Version");
    }
    client_->request_read_token();
    const std::string image = "/v1/images/" + chain_.top().id;
    auto json = client_->registry_get(image + "/json");
    if (json) {
      for (const char* name : {"X-Docker-Checksum-Payload", "X-Docker-Checksum"}) {
        if (json->get_header_value(name) == chain_.top().payload_checksum) {
          seen.json_checksum_header = name;
        }
      }
    }
    httplib::Headers range = {{"Range", "bytes=0-9"},
                              {"Authorization", "Token " + client_->token()}};
    auto layer = httplib::Client(bound_.registry_url).Get(image + "/layer", range);
    if (layer) seen.content_range = layer->get_header_value("Content-Range");
    return seen;
  }
};

TEST_F(ProfileTest, DefaultAnswersAsDockerRegistry) {
  ProfileAnswers seen = push_and_look(spec::Profile::kDockerRegistry);
  EXPECT_EQ(seen.ping_body, "true");
  EXPECT_EQ(seen.json_checksum_header, "X-Docker-Checksum-Payload");
  EXPECT_EQ(seen.content_range,
            "0-9/" + std::to_string(chain_.top().layer.size()));  // no unit (10.22)
}

TEST_F(ProfileTest, DocsProfileAnswersAsTheDocuments) {
  ProfileAnswers seen = push_and_look(spec::Profile::kDocs);
  EXPECT_EQ(seen.ping_body, "\"\"");
  EXPECT_EQ(seen.ping_version, std::string(kRegistryVersion));
  EXPECT_EQ(seen.json_checksum_header, "X-Docker-Checksum");
  EXPECT_EQ(seen.content_range, "bytes 0-9/" + std::to_string(chain_.top().layer.size()));
}

}  // namespace
}  // namespace drydock::simulator
