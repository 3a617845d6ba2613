#include "drydock/simulator/export/static_export.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "drydock/simulator/storage/layout.h"
#include "drydock/simulator/storage/memory_storage.h"
#include "drydock/simulator/storage/storage_wrapper.h"

namespace drydock::static_registry {
namespace {

namespace fs = std::filesystem;
namespace layout = storage::layout;

const std::string kBase(64, 'a');
const std::string kChild(64, 'b');
const std::string kUnfinished(64, 'c');

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A store as the simulator leaves it after pushes, written through layout.h.
class StaticExport : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "drydock-export-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    out_ = dir_ / "out";
    push(kBase, {kBase}, "base layer");
    push(kChild, {kChild, kBase}, std::string(3 * 1024 * 1024 + 17, 'x'));  // > one copy chunk
    tag("alice", "app", "latest", kChild);
    tag("alice", "app", "v1", kBase);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void push(const std::string& id, const std::vector<std::string>& ancestry,
            const std::string& layer, bool complete = true) {
    nlohmann::json json = {{"id", id}};
    if (ancestry.size() > 1) json["parent"] = ancestry[1];
    ASSERT_TRUE(store_.put(layout::image_json(id), json.dump()).ok());
    ASSERT_TRUE(store_.put(layout::image_ancestry(id), nlohmann::json(ancestry).dump()).ok());
    ASSERT_TRUE(store_.put(layout::image_layer(id), layer).ok());
    ASSERT_TRUE(
        store_
            .put(layout::image_checksum(id), "[\"sha256:" + id + "\",\"tarsum+sha256:" + id + "\"]")
            .ok());
    if (!complete) {
      ASSERT_TRUE(store_.put(layout::image_in_progress(id), "").ok());
    }
  }
  void tag(const std::string& ns, const std::string& name, const std::string& tag,
           const std::string& id) {
    ASSERT_TRUE(store_.put(layout::repository_tag(ns, name, tag), id).ok());
  }

  Result<void> export_all(const std::vector<std::string>& repositories = {}, bool force = false) {
    return export_from(store_, repositories, force);
  }
  Result<void> export_from(storage::Storage& store, const std::vector<std::string>& repositories,
                           bool force) {
    auto plan = plan_export(store, repositories, /*include_private=*/false);
    if (!plan) return plan.error();
    ExportOptions options;
    options.out = out_;
    options.force = force;
    return write_export(store, *plan, options);
  }
  // The names in the folder that holds the export: nothing but `out` once an export ended.
  std::vector<std::string> beside_out() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  storage::MemoryStorage store_;
  fs::path dir_;
  fs::path out_;
};

TEST_F(StaticExport, WritesWhatAPullReads) {
  ASSERT_TRUE(export_all().ok());
  const fs::path v1 = out_ / "v1";
  EXPECT_EQ(read_file(v1 / "_ping"), "true");
  EXPECT_EQ(read_file(v1 / "repositories/alice/app/tags.json"),
            "{\"latest\":\"" + kChild + "\",\"v1\":\"" + kBase + "\"}");
  EXPECT_EQ(read_file(v1 / "repositories/alice/app/tags/latest.json"), "\"" + kChild + "\"");
  EXPECT_EQ(read_file(v1 / "repositories/alice/app/images.json"),
            "[{\"checksum\":\"sha256:" + kChild + "\",\"id\":\"" + kChild +
                "\"},{\"checksum\":\"sha256:" + kBase + "\",\"id\":\"" + kBase + "\"}]");
  EXPECT_EQ(read_file(v1 / "images" / kChild / "ancestry"),
            "[\"" + kChild + "\",\"" + kBase + "\"]");
  EXPECT_EQ(read_file(v1 / "images" / kChild / "json"),
            store_.get(layout::image_json(kChild)).value());
  EXPECT_EQ(read_file(v1 / "images" / kChild / "layer"),
            store_.get(layout::image_layer(kChild)).value());
  EXPECT_EQ(read_file(v1 / "images" / kBase / "layer"), "base layer");
  EXPECT_EQ(fs::status(v1 / "images" / kBase / "layer").permissions(), fs::perms(0644));
  EXPECT_EQ(fs::status(out_).permissions(), fs::perms(0755));
  EXPECT_EQ(beside_out(), std::vector<std::string>{"out"});
}

TEST_F(StaticExport, PingAnswersTheDocumentsEmptyStringUnderDocs) {
  auto plan = plan_export(store_, {}, false);
  ASSERT_TRUE(plan.ok());
  ExportOptions options;
  options.out = out_;
  options.profile = ExportProfile::kDocs;
  ASSERT_TRUE(write_export(store_, *plan, options).ok());
  EXPECT_EQ(read_file(out_ / "v1/_ping"), "\"\"");
}

TEST_F(StaticExport, NginxConfigurationCarriesTheImageHeaders) {
  ASSERT_TRUE(export_all().ok());
  std::string config = read_file(out_ / "nginx.conf.example");
  EXPECT_NE(config.find("root \"" + out_.string() + "\";"), std::string::npos);
  EXPECT_NE(config.find("location = /v1/images/" + kChild + "/json {"), std::string::npos);
  EXPECT_NE(config.find("add_header X-Docker-Size " + std::to_string(3 * 1024 * 1024 + 17) + ";"),
            std::string::npos);
  EXPECT_NE(config.find("add_header X-Docker-Checksum-Payload sha256:" + kBase + ";"),
            std::string::npos);
  EXPECT_NE(config.find("add_header X-Docker-Checksum tarsum+sha256:" + kChild + ";"),
            std::string::npos);
  EXPECT_NE(config.find("add_header X-Docker-Registry-Standalone true;"), std::string::npos);
  EXPECT_NE(config.find("default_type application/octet-stream;"), std::string::npos);
}

TEST_F(StaticExport, LeavesOutTagsOfImagesStillBeingUploaded) {
  push(kUnfinished, {kUnfinished, kBase}, "half", /*complete=*/false);
  tag("alice", "app", "next", kUnfinished);
  auto plan = plan_export(store_, {"alice/app"}, false);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->images.count(kUnfinished), 0u);
  EXPECT_EQ(plan->repositories.at(0).tags.count("next"), 0u);
  ASSERT_EQ(plan->notes.size(), 1u);
  EXPECT_NE(plan->notes[0].find("still being uploaded"), std::string::npos);
  ASSERT_TRUE(export_all({"alice/app"}).ok());
  EXPECT_FALSE(fs::exists(out_ / "v1/images" / kUnfinished));
  EXPECT_FALSE(fs::exists(out_ / "v1/repositories/alice/app/tags/next.json"));
}

TEST_F(StaticExport, ExportsOnlyTheNamedRepositories) {
  push(kUnfinished, {kUnfinished}, "other");
  tag("bob", "tool", "latest", kUnfinished);
  ASSERT_TRUE(export_all({"alice/app"}).ok());
  EXPECT_FALSE(fs::exists(out_ / "v1/repositories/bob"));
  EXPECT_FALSE(fs::exists(out_ / "v1/images" / kUnfinished));
}

TEST_F(StaticExport, RefusesAnUnknownRepository) {
  Result<void> exported = export_all({"alice/nothing"});
  ASSERT_FALSE(exported.ok());
  EXPECT_EQ(exported.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(beside_out().empty());
}

TEST_F(StaticExport, LeavesOutPrivateRepositoriesUnlessAsked) {
  ASSERT_TRUE(store_.put(layout::repository_private("alice", "app"), "").ok());
  auto named = plan_export(store_, {"alice/app"}, false);
  ASSERT_FALSE(named.ok());
  EXPECT_EQ(named.error().code, ErrorCode::kForbidden);
  auto all = plan_export(store_, {}, false);
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->repositories.empty());
  EXPECT_TRUE(plan_export(store_, {"alice/app"}, true).ok());
}

TEST_F(StaticExport, RefusesAnOutFolderThatIsNotEmpty) {
  fs::create_directories(out_);
  std::ofstream(out_ / "keep") << "mine";
  Result<void> exported = export_all();
  ASSERT_FALSE(exported.ok());
  EXPECT_EQ(exported.error().code, ErrorCode::kConflict);
  EXPECT_EQ(read_file(out_ / "keep"), "mine");
  EXPECT_EQ(beside_out(), std::vector<std::string>{"out"});
}

TEST_F(StaticExport, ForceReplacesTheOutFolder) {
  fs::create_directories(out_);
  std::ofstream(out_ / "old") << "old";
  ASSERT_TRUE(export_all({}, /*force=*/true).ok());
  EXPECT_FALSE(fs::exists(out_ / "old"));
  EXPECT_TRUE(fs::exists(out_ / "v1/_ping"));
  EXPECT_EQ(beside_out(), std::vector<std::string>{"out"});
}

TEST_F(StaticExport, AnEmptyOutFolderIsUsed) {
  fs::create_directories(out_);
  ASSERT_TRUE(export_all().ok());
  EXPECT_TRUE(fs::exists(out_ / "v1/_ping"));
}

// Reads fail on the second layer: the export must leave nothing behind.
class LayerReadFails : public storage::StorageWrapper {
 public:
  using StorageWrapper::StorageWrapper;
  Result<std::unique_ptr<storage::Reader>> read(std::string_view key, uint64_t offset) override {
    if (layout::is_image_layer(key) && ++layers_ == 2) return Error::io("disk on fire");
    return StorageWrapper::read(key, offset);
  }

 private:
  int layers_ = 0;
};

TEST_F(StaticExport, AFailedExportLeavesNothingHalfWritten) {
  LayerReadFails failing(std::shared_ptr<storage::Storage>(&store_, [](storage::Storage*) {}));
  Result<void> exported = export_from(failing, {}, false);
  ASSERT_FALSE(exported.ok());
  EXPECT_NE(exported.error().message.find("disk on fire"), std::string::npos);
  EXPECT_TRUE(beside_out().empty());
}

TEST_F(StaticExport, AFailedForcedExportKeepsTheOldTree) {
  fs::create_directories(out_);
  std::ofstream(out_ / "old") << "old";
  LayerReadFails failing(std::shared_ptr<storage::Storage>(&store_, [](storage::Storage*) {}));
  ASSERT_FALSE(export_from(failing, {}, /*force=*/true).ok());
  EXPECT_EQ(read_file(out_ / "old"), "old");
  EXPECT_EQ(beside_out(), std::vector<std::string>{"out"});
}

// Stopped part-way (SIGINT to `drydock export`), at every point it is asked: nothing written.
TEST_F(StaticExport, AStoppedExportLeavesNothingBehind) {
  for (int asked_before_stop = 0;; ++asked_before_stop) {
    auto plan = plan_export(store_, {}, /*include_private=*/false);
    ASSERT_TRUE(plan.ok());
    ExportOptions options;
    options.out = out_;
    int asked = 0;
    options.stopped = [&] { return asked++ == asked_before_stop; };
    Result<void> exported = write_export(store_, *plan, options);
    if (exported.ok()) {
      EXPECT_GT(asked_before_stop, 3) << "stopped between files and between a layer's chunks";
      break;
    }
    EXPECT_EQ(exported.error().code, ErrorCode::kCancelled) << exported.error().message;
    EXPECT_TRUE(beside_out().empty())
        << "stopped when asked the " << asked_before_stop << "th time";
  }
  EXPECT_EQ(beside_out(), std::vector<std::string>{"out"});
}

TEST(NginxConfig, RefusesAPathNginxCannotName) {
  NginxSite site;
  site.root = "/srv/$export";
  auto config = nginx_config(site, ExportPlan{});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace drydock::static_registry
