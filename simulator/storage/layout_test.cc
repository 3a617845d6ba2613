#include "drydock/simulator/storage/layout.h"

#include <gtest/gtest.h>

#include <vector>

#include "drydock/simulator/storage/storage.h"

namespace drydock::storage::layout {
namespace {

const std::string kId = "511136ea3c5a64f264b78b5433614aec563103b4d4702f3ba7d4d2698e22c158";

TEST(Layout, ImageFilesLiveInTheImageDirectory) {
  EXPECT_EQ(image_json(kId), "images/" + kId + "/json");
  EXPECT_EQ(image_layer(kId), "images/" + kId + "/layer");
  EXPECT_EQ(image_checksum(kId), "images/" + kId + "/_checksum");
  EXPECT_EQ(image_in_progress(kId), "images/" + kId + "/_inprogress");
  EXPECT_EQ(image_ancestry(kId), "images/" + kId + "/ancestry");
}

TEST(Layout, RepositoryFilesLiveInTheRepositoryDirectory) {
  EXPECT_EQ(repository_dir("library", "busybox"), "repositories/library/busybox");
  EXPECT_EQ(repository_tag("library", "busybox", "latest"),
            "repositories/library/busybox/tag_latest");
  EXPECT_EQ(repository_tag_json("library", "busybox", "latest"),
            "repositories/library/busybox/tagjson_latest");
  EXPECT_EQ(repository_json("alice", "app"), "repositories/alice/app/json");
  EXPECT_EQ(repository_index_images("alice", "app"), "repositories/alice/app/_index_images");
  EXPECT_EQ(repository_private("alice", "app"), "repositories/alice/app/_private");
}

TEST(Layout, TellsLayersAndTagsByTheirKeys) {
  EXPECT_TRUE(is_image_layer(image_layer(kId)));
  EXPECT_FALSE(is_image_layer(image_json(kId)));
  EXPECT_FALSE(is_image_layer(repository_tag("alice", "layer", "layer")));
  EXPECT_TRUE(is_repository_tag(repository_tag("alice", "app", "latest")));
  EXPECT_FALSE(is_repository_tag(repository_tag_json("alice", "app", "latest")));
  EXPECT_FALSE(is_repository_tag(repository_json("alice", "app")));
}

TEST(Layout, EveryKeyIsValidWhateverTheNames) {
  for (const std::string& name :
       std::vector<std::string>{"", ".", "..", "a/b", "/abs", "../x", ".drydock-tmp",
                                std::string("nul\0byte", 8), "%41"}) {
    SCOPED_TRACE("name \"" + name + "\"");
    EXPECT_TRUE(validate_key(image_json(name)).ok()) << image_json(name);
    EXPECT_TRUE(validate_key(repository_tag(name, name, name)).ok());
    EXPECT_TRUE(validate_key(repository_tag_json(name, name, name)).ok());
  }
}

TEST(Layout, EscapingRoundTrips) {
  for (const std::string& name : std::vector<std::string>{
           "", ".", "..", "b/c", "latest", "1.0_rc-2", "%", "a b", std::string("\0\xff", 2)}) {
    auto back = unescape_component(escape_component(name));
    ASSERT_TRUE(back.has_value()) << name;
    EXPECT_EQ(*back, name);
  }
  EXPECT_FALSE(unescape_component("%4").has_value());
  EXPECT_FALSE(unescape_component("%zz").has_value());
}

TEST(Layout, TagComesBackFromItsKeyOnly) {
  EXPECT_EQ(tag_from_key(repository_tag("ns", "repo", "v1.0")), "v1.0");
  EXPECT_EQ(tag_from_key(repository_tag("ns", "repo", "x_json")), "x_json");
  EXPECT_EQ(tag_from_key(repository_tag_json("ns", "repo", "_x")), std::nullopt);
  EXPECT_EQ(tag_from_key(repository_json("ns", "repo")), std::nullopt);
  EXPECT_EQ(tag_from_key(repository_index_images("ns", "repo")), std::nullopt);
}

}  // namespace
}  // namespace drydock::storage::layout
