// RouterOptions::on_exchange: every dispatched request, matched or not, reported with its reply;
// bodies tapped as they are read (JSON kept, others hashed).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <vector>

#include "drydock/common/digest.h"
#include "drydock/simulator/http/router.h"
#include "testing/test_spec.h"

namespace drydock::simulator::http {
namespace {

using testing::kImageId;
using testing::test_spec;

// A router whose handlers read the whole body (as the layer handler does) and answer 200, and
// which keeps every exchange it reports.
class ObservedRouter {
 public:
  explicit ObservedRouter(std::string seed = "") {
    RouterOptions options;
    options.on_exchange = [this](const ObservedExchange& seen) { seen_.push_back(seen); };
    if (!seed.empty()) options.body_digest_seed = [seed](const ObservedExchange&) { return seed; };
    router_ = std::make_unique<Router>(test_spec(), std::move(options));
    for (const auto& id : router_->unhandled()) {
      EXPECT_TRUE(router_
                      ->handle(id,
                               [](Context&, const Request& request) {
                                 EXPECT_TRUE(request.body().read_all(1 << 20).ok());
                                 Reply reply = Reply::json(200, true);
                                 reply.headers.set("X-Docker-Token", "signature=abc");
                                 return reply;
                               })
                      .ok());
    }
  }

  Reply send(std::string method, std::string path, std::string body = "") {
    Request request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.remote_address = "192.0.2.7";
    request.remote_port = 4321;
    request.query.emplace("q", "x y");
    request.headers.add("User-Agent", "docker/1.5.0");
    request.set_body(std::make_unique<StringBody>(std::move(body)));
    return router_->dispatch(request);
  }

  std::vector<ObservedExchange> seen_;

 private:
  std::unique_ptr<Router> router_;
};

TEST(ExchangeObserver, ReportsAnUnmatchedRequestWithItsReply) {
  ObservedRouter router;
  router.send("GET", "/v1/nothing/here");
  ASSERT_EQ(router.seen_.size(), 1u);
  const ObservedExchange& seen = router.seen_[0];
  EXPECT_TRUE(seen.operation_id.empty());
  EXPECT_EQ(seen.remote_address, "192.0.2.7");
  EXPECT_EQ(seen.remote_port, 4321);
  EXPECT_EQ(seen.listener, ListenerSide::kBoth);
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.path, "/v1/nothing/here");
  ASSERT_EQ(seen.query.size(), 1u);
  EXPECT_EQ(seen.query[0].second, "x y");
  ASSERT_EQ(seen.request_headers.size(), 1u);
  EXPECT_EQ(seen.request_headers[0].second, "docker/1.5.0");
  EXPECT_EQ(seen.status, 404);
  ASSERT_TRUE(seen.reply_body.has_value());
  EXPECT_TRUE(nlohmann::json::parse(*seen.reply_body)["error"].is_string());
}

TEST(ExchangeObserver, ReportsTheOperationParametersAndReplyHeaders) {
  ObservedRouter router;
  router.send("GET", "/v1/images/" + kImageId + "/layer");
  ASSERT_EQ(router.seen_.size(), 1u);
  EXPECT_EQ(router.seen_[0].operation_id, "getImageLayer");
  EXPECT_EQ(router.seen_[0].path_params.at("image_id"), kImageId);
  EXPECT_EQ(router.seen_[0].status, 200);
  ASSERT_EQ(router.seen_[0].reply_headers.size(), 2u);  // Content-Type, X-Docker-Token
  EXPECT_EQ(router.seen_[0].reply_headers[1].second, "signature=abc");
}

TEST(ExchangeObserver, KeepsAJsonBodyExactlyAsSentEvenWhenRefused) {
  ObservedRouter router;
  router.send("PUT", "/v1/images/" + kImageId + "/json", R"({"id":  "abc"})");
  router.send("PUT", "/v1/images/" + kImageId + "/json", "{not json");
  ASSERT_EQ(router.seen_.size(), 2u);
  EXPECT_EQ(router.seen_[0].json_body, R"({"id":  "abc"})");
  EXPECT_EQ(router.seen_[1].status, 400);
  EXPECT_EQ(router.seen_[1].json_body, "{not json");
  EXPECT_TRUE(router.seen_[1].body_sha256.empty());  // a JSON body is kept, not hashed
}

TEST(ExchangeObserver, HashesAStreamedBodyAsItIsRead) {
  ObservedRouter router;
  router.send("PUT", "/v1/images/" + kImageId + "/layer", "layer bytes");
  ASSERT_EQ(router.seen_.size(), 1u);
  EXPECT_FALSE(router.seen_[0].json_body.has_value());
  EXPECT_EQ(router.seen_[0].body_bytes, 11u);
  EXPECT_TRUE(router.seen_[0].body_complete);
  EXPECT_EQ(router.seen_[0].body_sha256, sha256_hex("layer bytes"));
}

TEST(ExchangeObserver, HashesTheSeedBeforeTheBody) {
  ObservedRouter router("{\"id\":\"x\"}\n");
  router.send("PUT", "/v1/images/" + kImageId + "/layer", "layer bytes");
  ASSERT_EQ(router.seen_.size(), 1u);
  EXPECT_EQ(router.seen_[0].body_sha256, sha256_hex("{\"id\":\"x\"}\nlayer bytes"));
}

}  // namespace
}  // namespace drydock::simulator::http
