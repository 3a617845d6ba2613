#include "drydock/simulator/storage/complete_images.h"

#include <gtest/gtest.h>

namespace drydock::storage {
namespace {

TEST(CompleteImages, KeepsOnlyImagesSeenComplete) {
  CompleteImages images;
  CompleteImage json;
  json.json = "{}";
  images.update("a", json);  // not seen complete: nothing kept
  EXPECT_FALSE(images.find("a"));
  images.add("a");
  ASSERT_TRUE(images.find("a"));
  EXPECT_FALSE(images.find("a")->json);
  json.layer_size = 3;
  images.update("a", json);
  CompleteImage checksums;
  checksums.checksums = std::vector<std::string>{"sha256:x"};
  images.update("a", checksums);
  auto entry = images.find("a");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->json, "{}");
  EXPECT_EQ(entry->layer_size, 3u);
  EXPECT_EQ(entry->checksums, std::vector<std::string>{"sha256:x"});
  EXPECT_FALSE(entry->ancestry);
  images.add("a");  // again: what it holds stays
  EXPECT_EQ(images.find("a")->json, "{}");
}

TEST(CompleteImages, ForgetsAnImage) {
  CompleteImages images;
  images.add("a");
  images.add("b");
  images.forget("a");
  images.forget("absent");
  EXPECT_FALSE(images.find("a"));
  EXPECT_TRUE(images.find("b"));
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
  EXPECT_FALSE(images.find("a"));
  EXPECT_TRUE(images.find("c"));
  EXPECT_TRUE(images.find("d"));
}

TEST(CompleteImages, KeepsNothingWithNoCapacity) {
  CompleteImages images(0);
  images.add("a");
  EXPECT_FALSE(images.find("a"));
}

}  // namespace
}  // namespace drydock::storage
