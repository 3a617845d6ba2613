#include "drydock/simulator/storage/complete_images.h"

#include <gtest/gtest.h>

namespace drydock::storage {
namespace {

TEST(CompleteImages, KeepsOnlyImagesSeenComplete) {
  CompleteImages images;
  images.set("a", &CompleteImage::json, std::string("{}"));  // not seen complete: nothing kept
  EXPECT_FALSE(images.contains("a"));
  images.add("a");
  ASSERT_TRUE(images.contains("a"));
  EXPECT_FALSE(*images.get("a", &CompleteImage::json));
  images.set("a", &CompleteImage::json, std::string("{}"));
  images.set("a", &CompleteImage::layer_size, uint64_t{3});
  images.set("a", &CompleteImage::checksums, std::vector<std::string>{"sha256:x"});
  EXPECT_EQ(*images.get("a", &CompleteImage::json), "{}");
  EXPECT_EQ(*images.get("a", &CompleteImage::layer_size), 3u);
  EXPECT_EQ(*images.get("a", &CompleteImage::checksums), std::vector<std::string>{"sha256:x"});
  EXPECT_FALSE(*images.get("a", &CompleteImage::ancestry));
  images.add("a");  // again: what it holds stays
  EXPECT_EQ(*images.get("a", &CompleteImage::json), "{}");
  EXPECT_FALSE(images.get("b", &CompleteImage::json));  // no entry at all
}

TEST(CompleteImages, ForgetsAnImage) {
  CompleteImages images;
  images.add("a");
  images.add("b");
  images.forget("a");
  images.forget("absent");
  EXPECT_FALSE(images.contains("a"));
  EXPECT_TRUE(images.contains("b"));
  EXPECT_EQ(images.size(), 1u);
}

TEST(CompleteImages, DropsTheOldestPastItsCapacity) {
  CompleteImages images(2);
  images.add("a");
  images.add("b");
  images.forget("b");
  images.add("c");
  images.add("d");
  EXPECT_EQ(images.size(), 2u);
  EXPECT_FALSE(images.contains("a"));
  EXPECT_TRUE(images.contains("c"));
  EXPECT_TRUE(images.contains("d"));
}

TEST(CompleteImages, KeepsNothingWithNoCapacity) {
  CompleteImages images(0);
  images.add("a");
  EXPECT_FALSE(images.contains("a"));
}

}  // namespace
}  // namespace drydock::storage
