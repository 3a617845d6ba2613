// Tags and registry-side repositories.

#include <nlohmann/json.hpp>

#include "testing/registry_test_fixture.h"

namespace drydock::simulator::registry::testing {
namespace {

class Tags : public RegistryTest {
 protected:
  Tags() : image_(canonical(fixtures::make_image_chain("tags", 1).base())) {}

  http::Reply call(std::string method, std::string repo, std::string suffix, auth::Access access) {
    std::string scope = repo.find('/') == std::string::npos ? "library/" + repo : repo;
    http::Headers headers;
    headers.add("Authorization", bearer(scope, access));
    return send(std::move(method), "/v1/repositories/" + repo + suffix, "", headers);
  }

  fixtures::Image image_;
};

TEST_F(Tags, LifecycleOfATag) {
  EXPECT_EQ(call("GET", "alice/app", "/tags", auth::Access::kRead).status, 404);
  put_json(image_);
  put_tag("alice/app", "latest", image_.id);  // in-progress images may be tagged
  auto list = call("GET", "alice/app", "/tags", auth::Access::kRead);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json_of(list), nlohmann::json({{"latest", image_.id}}));
  auto one = call("GET", "alice/app", "/tags/latest", auth::Access::kRead);
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(json_of(one), image_.id);
  EXPECT_EQ(call("DELETE", "alice/app", "/tags/latest", auth::Access::kDelete).status, 200);
  EXPECT_EQ(call("GET", "alice/app", "/tags/latest", auth::Access::kRead).status, 404);
  EXPECT_EQ(call("DELETE", "alice/app", "/tags/latest", auth::Access::kDelete).status, 404);
}

TEST_F(Tags, LibraryPathsAreTheLibraryNamespace) {
  push_image(image_);
  put_tag("busybox", "1.0", image_.id);
  auto list = call("GET", "library/busybox", "/tags", auth::Access::kRead);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(json_of(list)["1.0"], image_.id);
}

TEST_F(Tags, PutTagNeedsAnExistingImageAndAStringBody) {
  put_tag("alice/app", "latest", image_.id, 404);
  http::Headers headers;
  headers.add("Content-Type", "application/json");
  EXPECT_EQ(send("PUT", "/v1/repositories/alice/app/tags/latest", "{\"a\":1}", headers).status,
            400);
  EXPECT_EQ(send("PUT", "/v1/repositories/alice/app/tags/latest", "nope", headers).status, 400);
}

TEST_F(Tags, TagJsonRecordsTheClientAndDefaultsOtherwise) {
  auto absent = call("GET", "alice/app", "/tags/latest/json", auth::Access::kRead);
  ASSERT_EQ(absent.status, 200);
  EXPECT_EQ(json_of(absent)["arch"], "amd64");
  EXPECT_TRUE(json_of(absent)["docker_version"].is_null());
  push_image(image_);
  put_tag("alice/app", "latest", image_.id);
  auto tag_json = json_of(call("GET", "alice/app", "/tags/latest/json", auth::Access::kRead));
  EXPECT_EQ(tag_json["docker_version"], "1.6.0");
  EXPECT_EQ(tag_json["docker_go_version"], "go1.4.2");
  EXPECT_EQ(tag_json["os"], "linux");
  EXPECT_EQ(tag_json["arch"], "amd64");
  EXPECT_EQ(tag_json["kernel"], "3.16.0");
  EXPECT_EQ(tag_json["last_update"], 1420070400);
  auto repo_json = call("GET", "alice/app", "/json", auth::Access::kRead);
  EXPECT_EQ(json_of(repo_json), tag_json);  // "latest" also writes the repository's
}

TEST_F(Tags, RepositoryDeleteRemovesTagsButKeepsImages) {
  EXPECT_EQ(call("DELETE", "alice/app", "/", auth::Access::kDelete).status, 404);
  push_image(image_);
  put_tag("alice/app", "latest", image_.id);
  EXPECT_EQ(call("DELETE", "alice/app", "/", auth::Access::kDelete).status, 200);
  EXPECT_EQ(call("GET", "alice/app", "/tags", auth::Access::kRead).status, 404);
  EXPECT_EQ(send("GET", "/v1/images/" + image_.id + "/json").status, 200);
}

TEST_F(Tags, DeleteAllTags) {
  EXPECT_EQ(call("DELETE", "busybox", "/tags", auth::Access::kDelete).status, 404);
  push_image(image_);
  put_tag("busybox", "latest", image_.id);
  put_tag("busybox", "1.0", image_.id);
  EXPECT_EQ(call("DELETE", "busybox", "/tags", auth::Access::kDelete).status, 200);
  EXPECT_EQ(call("GET", "busybox", "/tags", auth::Access::kRead).status, 404);
}

TEST_F(Tags, PingSaysWhetherStandalone) {
  for (const char* path : {"/v1/_ping", "/_ping"}) {
    auto reply = send_without_token("GET", path);
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(body_of(reply), "true");
    EXPECT_EQ(reply.headers.get("X-Docker-Registry-Standalone"), "False");
    EXPECT_TRUE(reply.headers.contains("X-Docker-Registry-Version"));
  }
  options_.standalone = true;
  EXPECT_EQ(send_without_token("GET", "/v1/_ping").headers.get("X-Docker-Registry-Standalone"),
            "True");
}

}  // namespace
}  // namespace drydock::simulator::registry::testing
