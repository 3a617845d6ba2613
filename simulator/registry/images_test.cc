// Image JSON, ancestry and checksum, pushed and pulled through the Router.

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "drydock/common/payload_checksum.h"
#include "testing/registry_test_fixture.h"

namespace drydock::simulator::registry::testing {
namespace {

class Images : public RegistryTest {
 protected:
  Images() : chain_(fixtures::make_image_chain("images", 2)) {
    base_ = canonical(chain_.images[0]);
    child_ = canonical(chain_.images[1]);
  }
  http::Reply get(const fixtures::Image& image, std::string_view what, http::Headers headers = {}) {
    return send("GET", "/v1/images/" + image.id + "/" + std::string(what), "", headers);
  }
  http::Reply put_checksum(const fixtures::Image& image, http::Headers headers) {
    return send("PUT", "/v1/images/" + image.id + "/checksum", "", headers);
  }
  static http::Headers header(std::string name, std::string value) {
    http::Headers h;
    h.add(std::move(name), std::move(value));
    return h;
  }

  fixtures::ImageChain chain_;
  fixtures::Image base_, child_;
};

TEST_F(Images, PushThenPullParentAndChild) {
  push_image(base_);
  push_image(child_);

  auto json = get(child_, "json");
  ASSERT_EQ(json.status, 200);
  EXPECT_EQ(body_of(json), child_.json);
  EXPECT_EQ(json.headers.get("X-Docker-Size"), std::to_string(child_.layer.size()));
  EXPECT_EQ(json.headers.get("X-Docker-Checksum-Payload"), child_.payload_checksum);
  EXPECT_EQ(json.headers.get("X-Docker-Checksum"), child_.tarsum);
  EXPECT_EQ(json.headers.get("Cache-Control"), "public, max-age=31536000");
  EXPECT_EQ(json.headers.get("Last-Modified"), "Thu, 01 Jan 1970 00:00:00 GMT");

  auto layer = get(child_, "layer");
  ASSERT_EQ(layer.status, 200);
  EXPECT_TRUE(body_of(layer) == child_.layer);
  EXPECT_EQ(layer.headers.get("Content-Type"), "application/octet-stream");
  EXPECT_EQ(layer.headers.get("Accept-Ranges"), "bytes");

  auto ancestry = get(child_, "ancestry");
  ASSERT_EQ(ancestry.status, 200);
  EXPECT_EQ(json_of(ancestry), nlohmann::json({child_.id, base_.id}));
}

// Found by the adversarial test: a PUT json racing a PUT checksum could leave an image complete
// without its checksums (the JSON's reset of them landed after the checksum's completion). The
// state changes of one image now take turns: pushed by eight clients at once, each image ends
// complete, with the checksum of what it serves.
TEST_F(Images, ConcurrentPushesOfOneImageLeaveItWholeWithItsChecksum) {
  for (int round = 0; round < 30; ++round) {
    fixtures::Image image =
        canonical(fixtures::make_image_chain("contested " + std::to_string(round), 1).base());
    std::vector<std::thread> clients;
    std::atomic<int> server_errors{0};
    for (int c = 0; c < 8; ++c) {
      clients.emplace_back([&] {
        http::Headers json_type = header("Content-Type", "application/json");
        const std::string base = "/v1/images/" + image.id;
        for (const auto& reply :
             {send("PUT", base + "/json", image.json, json_type),
              send("PUT", base + "/layer", image.layer),
              send("PUT", base + "/checksum", "",
                   header("X-Docker-Checksum-Payload", image.payload_checksum))}) {
          if (reply.status >= 500) ++server_errors;
        }
      });
    }
    for (auto& client : clients) client.join();
    EXPECT_EQ(server_errors, 0);
    auto json = get(image, "json");
    ASSERT_EQ(json.status, 200) << body_of(json);
    EXPECT_EQ(json.headers.get("X-Docker-Checksum-Payload"), image.payload_checksum);
    EXPECT_TRUE(body_of(get(image, "layer")) == image.layer);
  }
}

TEST_F(Images, SuccessBodiesAreTrue) {
  http::Headers headers;
  headers.add("Content-Type", "application/json");
  auto reply = send("PUT", "/v1/images/" + base_.id + "/json", base_.json, headers);
  EXPECT_EQ(body_of(reply), "true");
  EXPECT_EQ(reply.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(reply.headers.get("Cache-Control"), "no-cache");
}

// The Router keeps a validated body's bytes (Context::raw_body), so unsorted keys survive.
TEST_F(Images, StoresJsonBytesAsSentWithJsonContentType) {
  fixtures::Image image = chain_.images[0];  // keys in insertion order, not sorted
  put_json(image);
  put_layer(image);
  auto reply = put_checksum(image, header("X-Docker-Checksum-Payload", image.payload_checksum));
  EXPECT_EQ(reply.status, 200);
}

TEST_F(Images, StoresJsonBytesVerbatimWhenTheRouterLeavesTheBody) {
  std::string spaced = "{ \"id\" : \"" + base_.id + "\" ,\n \"zz\": 1, \"aa\": 2 }";
  auto reply =
      send("PUT", "/v1/images/" + base_.id + "/json", spaced, header("Content-Type", "text/plain"));
  ASSERT_EQ(reply.status, 200);
  base_.json = spaced;
  base_.payload_checksum = payload_checksum(spaced, base_.layer);
  put_layer(base_);
  ASSERT_EQ(put_checksum(base_, header("X-Docker-Checksum-Payload", base_.payload_checksum)).status,
            200);
  EXPECT_EQ(body_of(get(base_, "json")), spaced);
}

TEST_F(Images, PutJsonRejectsBadBodies) {
  std::string path = "/v1/images/" + base_.id + "/json";
  auto json = header("Content-Type", "application/json");
  EXPECT_EQ(send("PUT", path, "not json", json).status, 400);
  EXPECT_EQ(send("PUT", path, "[1]", json).status, 400);
  EXPECT_EQ(send("PUT", path, "{}", json).status, 400);
  EXPECT_EQ(send("PUT", path, nlohmann::json{{"id", child_.id}}.dump(), json).status, 400);
  EXPECT_EQ(send("PUT", "/v1/images/xyz/json", base_.json, json).status, 404);
}

TEST_F(Images, PutJsonRefusesMissingParent) {
  auto reply = send("PUT", "/v1/images/" + child_.id + "/json", child_.json,
                    header("Content-Type", "application/json"));
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(json_of(reply)["error"], "Image depends on a non existing parent");
}

TEST_F(Images, PutJsonOfCompleteImageConflictsButInProgressMayBeRepeated) {
  put_json(base_);
  put_json(base_);  // an unfinished push may be retried
  push_image(base_);
  put_json(base_, 409);
}

TEST_F(Images, InProgressImagesAreUnreadable) {
  put_json(base_);
  put_layer(base_);
  for (const char* what : {"json", "layer", "ancestry"}) {
    auto reply = get(base_, what);
    EXPECT_EQ(reply.status, 400) << what;
    EXPECT_EQ(json_of(reply)["error"], "Image is being uploaded, retry later");
  }
}

TEST_F(Images, IfModifiedSinceAnswers304AfterInProgressCheck) {
  auto ims = header("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(get(base_, "json", ims).status, 304);  // even unknown images (10.19)
  put_json(base_);
  EXPECT_EQ(get(base_, "json", ims).status, 400);
  put_layer(base_);
  ASSERT_EQ(put_checksum(base_, header("X-Docker-Checksum-Payload", base_.payload_checksum)).status,
            200);
  for (const char* what : {"json", "layer", "ancestry"}) {
    EXPECT_EQ(get(base_, what, ims).status, 304) << what;
  }
}

TEST_F(Images, UnknownImagesAre404) {
  for (const char* what : {"json", "layer", "ancestry"}) {
    EXPECT_EQ(get(base_, what).status, 404) << what;
  }
}

TEST_F(Images, ChecksumConditionsInOrder) {
  auto good = header("X-Docker-Checksum-Payload", base_.payload_checksum);
  EXPECT_EQ(put_checksum(base_, {}).status, 412);
  EXPECT_EQ(put_checksum(base_, header("X-Docker-Checksum-Payload", "")).status, 400);
  EXPECT_EQ(put_checksum(base_, good).status, 404);
  put_json(base_);
  auto missing_layer = put_checksum(base_, good);
  EXPECT_EQ(missing_layer.status, 400);
  put_layer(base_);
  auto mismatch = put_checksum(base_, header("X-Docker-Checksum-Payload", "sha256:00"));
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(json_of(mismatch)["error"], "Checksum mismatch");
  EXPECT_EQ(put_checksum(base_, good).status, 200);
  EXPECT_EQ(put_checksum(base_, good).status, 409);
}

TEST_F(Images, OldClientsTarsumIsAcceptedAsAnAlternative) {
  put_json(base_);
  put_layer(base_);
  http::Headers headers;
  headers.add("X-Docker-Checksum-Payload", "sha256:wrong");
  headers.add("X-Docker-Checksum", base_.tarsum);
  EXPECT_EQ(put_checksum(base_, headers).status, 200);
}

TEST_F(Images, RePutJsonForgetsTheComputedChecksum) {
  put_json(base_);
  put_layer(base_);
  put_json(base_);
  EXPECT_EQ(put_checksum(base_, header("X-Docker-Checksum-Payload", base_.payload_checksum)).status,
            400);  // layer-missing: the layer must be sent again
}

}  // namespace
}  // namespace drydock::simulator::registry::testing
