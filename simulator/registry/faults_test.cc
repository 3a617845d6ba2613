// Each registry fault breaks exactly the behaviour it names. Faults whose replies the spec
// forbids must also be caught by the response checker.

#include <nlohmann/json.hpp>

#include "drydock/simulator/storage/layout.h"
#include "testing/registry_test_fixture.h"

namespace drydock::simulator::registry::testing {
namespace {

class Faults : public RegistryTest {
 protected:
  Faults() {
    auto chain = fixtures::make_image_chain("faults", 2);
    base_ = canonical(chain.images[0]);
    child_ = canonical(chain.images[1]);
  }
  static http::Headers fault(std::string_view name, http::Headers headers = {}) {
    headers.add("X-Drydock-Fault", std::string(name));
    return headers;
  }
  http::Reply image(std::string method, const fixtures::Image& image, std::string_view what,
                    http::Headers headers, std::string body = "") {
    return send(std::move(method), "/v1/images/" + image.id + "/" + std::string(what),
                std::move(body), std::move(headers));
  }
  // The checker saw the broken reply; forget it so TearDown judges the rest.
  void expect_caught_by_checker() {
    EXPECT_GT(violations(), 0u);
    router_->response_checker().clear();
  }

  fixtures::Image base_, child_;
};

TEST_F(Faults, TokenUnchecked) {
  auto path = "/v1/repositories/alice/app/tags";
  EXPECT_EQ(send_without_token("GET", path).status, 401);
  EXPECT_EQ(send_without_token("GET", path, "", fault("token-unchecked")).status, 404);
}

TEST_F(Faults, TokenScopeUnchecked) {
  http::Headers headers;
  headers.add("Authorization", bearer("bob/other", auth::Access::kRead));
  EXPECT_EQ(send("GET", "/v1/repositories/alice/app/tags", "", headers).status, 401);
  EXPECT_EQ(
      send("GET", "/v1/repositories/alice/app/tags", "", fault("token-scope-unchecked", headers))
          .status,
      404);
}

TEST_F(Faults, TokenAccessUnchecked) {
  http::Headers headers;
  headers.add("Authorization", bearer(kRepository, auth::Access::kDelete));
  EXPECT_EQ(send("GET", "/v1/repositories/alice/app/tags", "", headers).status, 401);
  EXPECT_EQ(
      send("GET", "/v1/repositories/alice/app/tags", "", fault("token-access-unchecked", headers))
          .status,
      404);
}

TEST_F(Faults, TokenExpiryUnchecked) {
  http::Headers headers;
  headers.add("Authorization", bearer(kRepository, auth::Access::kRead));
  clock_->advance(std::chrono::hours(2));
  EXPECT_EQ(send("GET", "/v1/repositories/alice/app/tags", "", headers).status, 401);
  EXPECT_EQ(
      send("GET", "/v1/repositories/alice/app/tags", "", fault("token-expiry-unchecked", headers))
          .status,
      404);
}

TEST_F(Faults, JsonOverwriteAllowed) {
  push_image(base_);
  put_json(base_, 409);
  EXPECT_EQ(image("PUT", base_, "json", fault("json-overwrite-allowed"), base_.json).status, 200);
}

TEST_F(Faults, JsonParentUnchecked) {
  put_json(child_, 400);
  EXPECT_EQ(image("PUT", child_, "json", fault("json-parent-unchecked"), child_.json).status, 200);
}

TEST_F(Faults, InProgressReadable) {
  put_json(base_);
  put_layer(base_);
  for (const char* what : {"json", "layer", "ancestry"}) {
    EXPECT_EQ(image("GET", base_, what, {}).status, 400);
    EXPECT_EQ(image("GET", base_, what, fault("in-progress-readable")).status, 200) << what;
  }
}

TEST_F(Faults, ChecksumUnverified) {
  put_json(base_);
  put_layer(base_);
  http::Headers wrong;
  wrong.add("X-Docker-Checksum-Payload", "sha256:00");
  EXPECT_EQ(image("PUT", base_, "checksum", wrong).status, 400);
  EXPECT_EQ(image("PUT", base_, "checksum", fault("checksum-unverified", wrong)).status, 200);
}

TEST_F(Faults, ChecksumHeaderOptional) {
  EXPECT_EQ(image("PUT", base_, "checksum", fault("checksum-header-optional")).status, 404);
  put_json(base_);
  put_layer(base_);
  EXPECT_EQ(image("PUT", base_, "checksum", {}).status, 412);
  EXPECT_EQ(image("PUT", base_, "checksum", fault("checksum-header-optional")).status, 200);
}

// The object-store faults are survived: a JSON error, nothing half-written, the next request as
// before. The spec lists no 5xx, so the response checker flags each.
TEST_F(Faults, StoreFailing) {
  push_image(base_);
  for (const char* what : {"json", "layer", "ancestry"}) {
    auto reply = image("GET", base_, what, fault("store-failing"));
    EXPECT_EQ(reply.status, 500) << what;
    EXPECT_TRUE(json_of(reply).contains("error")) << what;
  }
  http::Headers json_type;
  json_type.add("Content-Type", "application/json");
  EXPECT_EQ(image("PUT", child_, "json", fault("store-failing", json_type), child_.json).status,
            500);
  expect_caught_by_checker();
  EXPECT_EQ(image("GET", child_, "json", {}).status, 404);
  EXPECT_EQ(image("GET", base_, "json", {}).status, 200);
}

TEST_F(Faults, StoreUploadDropped) {
  put_json(base_);
  http::Headers octets;
  octets.add("Content-Type", "application/octet-stream");
  auto reply = image("PUT", base_, "layer", fault("store-upload-dropped", octets), base_.layer);
  EXPECT_EQ(reply.status, 500);
  EXPECT_TRUE(json_of(reply).contains("error"));
  expect_caught_by_checker();
  EXPECT_FALSE(*services_.storage->exists(storage::layout::image_layer(base_.id)));
  EXPECT_EQ(image("GET", base_, "layer", fault("in-progress-readable")).status, 404);
  put_layer(base_);  // the next upload goes through
}

TEST_F(Faults, StoreDownloadDropped) {
  push_image(base_);
  auto reply = image("GET", base_, "layer", fault("store-download-dropped"));
  EXPECT_EQ(reply.status, 500);  // not a 200 cut short: the first bytes are read before replying
  EXPECT_TRUE(json_of(reply).contains("error"));
  expect_caught_by_checker();
  EXPECT_TRUE(body_of(image("GET", base_, "layer", {})) == base_.layer);
}

TEST_F(Faults, LayerTruncated) {
  push_image(base_);
  auto reply = image("GET", base_, "layer", fault("layer-truncated"));
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(std::get<http::StreamBody>(reply.body).length, base_.layer.size() / 2);
  EXPECT_TRUE(body_of(reply) == base_.layer.substr(0, base_.layer.size() / 2));
}

TEST_F(Faults, LayerCorrupted) {
  push_image(base_);
  std::string bytes = body_of(image("GET", base_, "layer", fault("layer-corrupted")));
  ASSERT_EQ(bytes.size(), base_.layer.size());
  EXPECT_TRUE(bytes != base_.layer);
  EXPECT_TRUE(bytes.substr(1) == base_.layer.substr(1));
}

TEST_F(Faults, RangeWrongBytes) {
  push_image(base_);
  http::Headers range;
  range.add("Range", "bytes=100-199");
  auto reply = image("GET", base_, "layer", fault("range-wrong-bytes", range));
  ASSERT_EQ(reply.status, 206);
  EXPECT_TRUE(body_of(reply) == base_.layer.substr(101, 100));
}

TEST_F(Faults, AncestryWrongOrder) {
  push_image(base_);
  push_image(child_);
  auto reply = image("GET", child_, "ancestry", fault("ancestry-wrong-order"));
  EXPECT_EQ(json_of(reply), nlohmann::json({base_.id, child_.id}));
}

TEST_F(Faults, TagsWrongShape) {
  push_image(base_);
  put_tag("alice/app", "latest", base_.id);
  auto reply = send("GET", "/v1/repositories/alice/app/tags", "", fault("tags-wrong-shape"));
  EXPECT_EQ(json_of(reply),
            nlohmann::json::parse(R"([{"name":"latest","layer":")" + base_.id + R"("}])"));
  expect_caught_by_checker();
}

TEST_F(Faults, TagDeleteNoop) {
  push_image(base_);
  put_tag("alice/app", "latest", base_.id);
  http::Headers headers;
  headers.add("Authorization", bearer(kRepository, auth::Access::kDelete));
  EXPECT_EQ(send("DELETE", "/v1/repositories/alice/app/tags/latest", "",
                 fault("tag-delete-noop", headers))
                .status,
            200);
  EXPECT_EQ(send("GET", "/v1/repositories/alice/app/tags/latest").status, 200);
}

TEST_F(Faults, TagUnknownImageAccepted) {
  put_tag("alice/app", "latest", base_.id, 404);
  http::Headers headers;
  headers.add("Content-Type", "application/json");
  headers.add("Authorization", bearer(kRepository, auth::Access::kWrite));
  EXPECT_EQ(send("PUT", "/v1/repositories/alice/app/tags/latest", nlohmann::json(base_.id).dump(),
                 fault("tag-unknown-image-accepted", headers))
                .status,
            200);
  EXPECT_EQ(json_of(send("GET", "/v1/repositories/alice/app/tags/latest")), base_.id);
}

TEST_F(Faults, UnknownImage200) {
  EXPECT_EQ(image("GET", base_, "json", {}).status, 404);
  auto reply = image("GET", base_, "json", fault("unknown-image-200"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(json_of(reply), nlohmann::json::object());
  expect_caught_by_checker();
}

TEST_F(Faults, JsonNoSizeHeader) {
  push_image(base_);
  EXPECT_TRUE(image("GET", base_, "json", {}).headers.contains("X-Docker-Size"));
  auto reply = image("GET", base_, "json", fault("json-no-size-header"));
  EXPECT_EQ(reply.status, 200);
  EXPECT_FALSE(reply.headers.contains("X-Docker-Size"));
  expect_caught_by_checker();
}

}  // namespace
}  // namespace drydock::simulator::registry::testing
