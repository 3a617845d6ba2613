// Two Storages opened on one bucket or container, as two simulator nodes open it, behave as one:
// neither assumes it is the store's only writer. Large objects (more than one part) throughout, so
// the multipart and segmented uploads are what races.
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "drydock/simulator/storage/object_storage_url.h"
#include "testing/server_env.h"

namespace drydock::storage {
namespace {

[[maybe_unused]] const auto* const kSwift =
    ::testing::AddGlobalTestEnvironment(new testing::RequireServer("swift"));

constexpr size_t kLarge = (8u << 20) + 4096;  // past one part (8 MiB by default)

class ObjectStorageNodes : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    const auto& env = testing::server_env("swift");
    std::string scheme = GetParam();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    url_ = scheme + "://drydock-node-tests/" + std::to_string(::getpid()) + "-" + info->name();
    if (scheme == "s3") {
      settings_.endpoint = env.at("S3_ENDPOINT");
      ::setenv("DRYDOCK_S3_ACCESS_KEY", env.at("S3_ACCESS_KEY").c_str(), 1);
      ::setenv("DRYDOCK_S3_SECRET_KEY", env.at("S3_SECRET_KEY").c_str(), 1);
    } else {
      settings_.endpoint = env.at("SWIFT_AUTH_URL");
      ::setenv("DRYDOCK_SWIFT_USER", env.at("SWIFT_USER").c_str(), 1);
      ::setenv("DRYDOCK_SWIFT_KEY", env.at("SWIFT_KEY").c_str(), 1);
    }
    auto a = open_object_storage(url_, settings_);
    ASSERT_TRUE(a.ok()) << a.error().message;
    auto b = open_object_storage(url_, settings_);
    ASSERT_TRUE(b.ok()) << b.error().message;
    a_ = std::move(a).value();
    b_ = std::move(b).value();
  }

  void TearDown() override {
    if (a_ == nullptr) return;
    auto keys = a_->list("");
    if (keys.ok()) {
      for (const std::string& key : *keys) (void)a_->remove(key);
    }
  }

  // Streams `size` bytes of `fill` into `key` through `storage`, committed.
  static Result<void> store(Storage& storage, const std::string& key, char fill, size_t size) {
    auto writer = storage.write(key);
    if (!writer.ok()) return writer.error();
    if (auto appended = (*writer)->append(std::string(size, fill)); !appended) return appended;
    return (*writer)->commit();
  }

  // Reads the whole object through `reader`; stops at an error, kept in `failed` if given.
  static std::string drain(Reader& reader, Result<void>* failed = nullptr) {
    std::string out;
    std::string buffer(64 * 1024, '\0');
    while (true) {
      auto n = reader.read(buffer.data(), buffer.size());
      if (!n.ok() && failed != nullptr) *failed = n.error();
      if (!n.ok() || *n == 0) break;
      out.append(buffer.data(), *n);
    }
    return out;
  }

  std::string url_;
  ObjectStorageSettings settings_;
  std::unique_ptr<Storage> a_;
  std::unique_ptr<Storage> b_;
};

TEST_P(ObjectStorageNodes, AnUploadOnOneNodeIsInvisibleOnTheOtherUntilItsCommit) {
  auto writer = a_->write("images/abc/layer");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->append(std::string(kLarge, 'x')).ok());  // a part went out
  EXPECT_FALSE(*b_->exists("images/abc/layer"));
  EXPECT_FALSE(*b_->exists("images/abc"));
  EXPECT_EQ(b_->stat("images/abc/layer").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(b_->read("images/abc/layer", 0).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(b_->list("")->empty());
  ASSERT_TRUE((*writer)->commit().ok());
  auto stat = b_->stat("images/abc/layer");
  ASSERT_TRUE(stat.ok());
  EXPECT_EQ(stat->size, kLarge);
  auto reader = b_->read("images/abc/layer", 0);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(drain(**reader), std::string(kLarge, 'x'));
}

TEST_P(ObjectStorageNodes, TwoNodesWritingOneKeyLeaveOneOfTheWholeObjects) {
  Result<void> from_a, from_b;
  std::thread a([&] { from_a = store(*a_, "images/abc/layer", 'a', kLarge); });
  std::thread b([&] { from_b = store(*b_, "images/abc/layer", 'b', kLarge + 1); });
  a.join();
  b.join();
  ASSERT_TRUE(from_a.ok()) << from_a.error().message;
  ASSERT_TRUE(from_b.ok()) << from_b.error().message;
  for (Storage* node : {a_.get(), b_.get()}) {
    auto reader = node->read("images/abc/layer", 0);
    ASSERT_TRUE(reader.ok());
    std::string bytes = drain(**reader);
    EXPECT_TRUE(bytes == std::string(kLarge, 'a') || bytes == std::string(kLarge + 1, 'b'))
        << "a mix of the two writers: " << bytes.size() << " bytes";
    EXPECT_EQ(node->stat("images/abc/layer")->size, bytes.size());
  }
}

// On S3 a reader keeps what it opened while the other node replaces it. On Swift the replaced
// large object's segments are deleted once the new one is in (swift_storage.h): the reader may
// then fail, as long as it says so, and never reads other bytes.
TEST_P(ObjectStorageNodes, AReaderKeepsWhatItOpenedWhileTheOtherNodeReplacesIt) {
  ASSERT_TRUE(store(*a_, "images/abc/layer", 'a', kLarge).ok());
  auto reader = b_->read("images/abc/layer", 0);
  ASSERT_TRUE(reader.ok());
  std::string head(4096, '\0');
  auto n = (*reader)->read(head.data(), head.size());
  ASSERT_TRUE(n.ok());
  ASSERT_TRUE(store(*a_, "images/abc/layer", 'b', kLarge).ok());
  Result<void> failed;
  std::string rest = drain(**reader, &failed);
  if (std::string(GetParam()) == "swift" && !failed.ok()) {
    EXPECT_EQ(failed.error().code, ErrorCode::kIo) << failed.error().message;
    EXPECT_EQ(rest.find('b'), std::string::npos) << "the reader read the new object's bytes";
  } else {
    EXPECT_TRUE(failed.ok()) << failed.error().message;
    EXPECT_EQ(head.substr(0, *n) + rest, std::string(kLarge, 'a'));
  }
  auto now = b_->get("images/abc/layer");
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(*now, std::string(kLarge, 'b'));
}

TEST_P(ObjectStorageNodes, WhatOneNodeRemovesIsGoneOnTheOther) {
  ASSERT_TRUE(store(*a_, "repositories/ns/app/tag_latest", 'x', 64).ok());
  ASSERT_TRUE(store(*a_, "repositories/ns/app/json", 'x', 64).ok());
  EXPECT_EQ(
      *b_->list("repositories/ns/app"),
      (std::vector<std::string>{"repositories/ns/app/json", "repositories/ns/app/tag_latest"}));
  ASSERT_TRUE(b_->remove("repositories/ns/app").ok());
  EXPECT_FALSE(*a_->exists("repositories/ns/app"));
  EXPECT_FALSE(*a_->exists("repositories/ns"));
  EXPECT_EQ(a_->remove("repositories/ns/app").error().code, ErrorCode::kNotFound);
  // The directory's conflict rule holds across nodes for writes that do not race.
  ASSERT_TRUE(a_->put("repositories/ns/app", "an object").ok());
  EXPECT_EQ(b_->put("repositories/ns/app/tag_latest", "x").error().code, ErrorCode::kConflict);
  EXPECT_EQ(b_->put("repositories/ns", "x").error().code, ErrorCode::kConflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, ObjectStorageNodes, ::testing::Values("s3", "swift"),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace drydock::storage
