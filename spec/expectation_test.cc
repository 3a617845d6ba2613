// What a server is held to per condition and profile: the responses that list a condition, a
// profile's condition variant, the level each answers at, and compat as the union of the two
// profiles at the weaker level.

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drydock/spec/spec.h"

namespace drydock::spec {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kGood = std::string(DRYDOCK_SPEC_TESTDATA) + "/good";

json source(const std::string& section) {
  return {{"document", "protocol-notes.md"}, {"section", section}};
}

json response(const std::string& description, json conditions, const std::string& level) {
  return {{"description", description},
          {"x-drydock-conditions", std::move(conditions)},
          {"x-drydock-level", level},
          {"x-drydock-source", source("5.1 R7")}};
}

// GET /v1/images/{image_id}/json, cut down to what this test reads.
json get_image_json() {
  json op = {{"operationId", "getImageJson"},
             {"x-drydock-level", "MUST"},
             {"x-drydock-source", source("5.1 R7")},
             {"parameters",
              {{{"name", "image_id"},
                {"in", "path"},
                {"required", true},
                {"schema", {{"type", "string"}, {"pattern", "^[a-f0-9]{64}$"}}}}}}};
  op["responses"]["200"] = response("ok", {"ok"}, "MUST");
  op["responses"]["304"] = response("not modified", {"not-modified"}, "MAY");
  op["responses"]["400"] = response("bad",
                                    {"image-in-progress",
                                     {{"condition", "invalid-body"},
                                      {"x-drydock-level", "MAY"},
                                      {"x-drydock-source", source("3")}}},
                                    "MUST");
  op["responses"]["404"] = response("not found", {"image-not-found"}, "MUST");
  op["x-drydock-variants"] = {
      {"source", source("10.99")},
      {"docs", {{"conditions", {{"image-in-progress", {{"statuses", {"404"}}}}}}}},
      {"docker-registry", {{"conditions", {{"not-modified", {{"x-drydock-level", "SHOULD"}}}}}}}};
  return op;
}

// The good folder's registry document, its GET json replaced by `op`.
json registry_document(const json& op) {
  std::ifstream in(kGood + "/registry-v1.openapi.json");
  json doc = json::parse(in);
  doc["paths"]["/v1/images/{image_id}/json"]["get"] = op;
  return doc;
}

// The good folder with its registry document replaced by `doc`.
class Folder {
 public:
  explicit Folder(const json& doc) {
    dir_ = fs::temp_directory_path() /
           ("drydock-expectation-test-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::copy(kGood, dir_, fs::copy_options::recursive);
    std::ofstream(dir_ / "registry-v1.openapi.json") << doc.dump(2);
  }
  ~Folder() { fs::remove_all(dir_); }
  std::string path() const { return dir_.string(); }

 private:
  fs::path dir_;
};

class ExpectationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Spec> loaded = Spec::load_dir(folder_.path());
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    spec_ = std::make_unique<Spec>(std::move(loaded.value()));
    op_ = spec_->find("getImageJson");
    ASSERT_NE(op_, nullptr);
  }

  Folder folder_{registry_document(get_image_json())};
  std::unique_ptr<Spec> spec_;
  const Operation* op_ = nullptr;
};

TEST_F(ExpectationTest, ResponsesListingTheConditionAreAcceptableUnderEveryProfile) {
  for (Profile profile : {Profile::kDocs, Profile::kDockerRegistry, Profile::kCompat}) {
    Expectation e = op_->expectation("image-not-found", profile);
    EXPECT_EQ(e.statuses(), std::vector<int>{404});
    EXPECT_EQ(e.level, Level::kMust);
  }
}

TEST_F(ExpectationTest, ProfileVariantReplacesTheStatusesForItsProfileOnly) {
  EXPECT_EQ(op_->expectation("image-in-progress", Profile::kDocs).statuses(),
            std::vector<int>{404});
  EXPECT_EQ(op_->expectation("image-in-progress", Profile::kDockerRegistry).statuses(),
            std::vector<int>{400});
}

TEST_F(ExpectationTest, CompatAcceptsTheUnionOfBothProfiles) {
  Expectation e = op_->expectation("image-in-progress", Profile::kCompat);
  EXPECT_EQ(e.statuses(), (std::vector<int>{400, 404}));
  EXPECT_TRUE(e.accepts(404));
  EXPECT_FALSE(e.accepts(200));
}

TEST_F(ExpectationTest, ConditionEntryCarriesItsOwnLevelAndSource) {
  const Response* bad = op_->response(400);
  EXPECT_EQ(bad->citation_of("image-in-progress").level, Level::kMust);
  EXPECT_EQ(bad->citation_of("invalid-body").level, Level::kMay);
  EXPECT_EQ(bad->citation_of("invalid-body").source.section, "3");
  Expectation e = op_->expectation("invalid-body", Profile::kDocs);
  EXPECT_EQ(e.level, Level::kMay);
  EXPECT_EQ(e.source.section, "3");
}

TEST_F(ExpectationTest, VariantLevelHoldsItsProfileAndCompatTakesTheWeaker) {
  EXPECT_EQ(op_->expectation("not-modified", Profile::kDocs).level, Level::kMay);
  Expectation real = op_->expectation("not-modified", Profile::kDockerRegistry);
  EXPECT_EQ(real.level, Level::kShould);
  EXPECT_EQ(real.source.section, "10.99");
  // A server fails under compat only where it fails under both profiles.
  EXPECT_EQ(op_->expectation("not-modified", Profile::kCompat).level, Level::kMay);
}

TEST_F(ExpectationTest, UnlistedConditionHasNoAcceptableResponse) {
  EXPECT_TRUE(op_->expectation("token-spent", Profile::kCompat).responses.empty());
}

TEST(ExpectationLoad, VariantStatusThatIsNoResponseIsAnError) {
  json op = get_image_json();
  op["x-drydock-variants"]["docs"]["conditions"]["image-in-progress"]["statuses"] = {"410"};
  Folder folder(registry_document(op));
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find("status 410 is not a response of getImageJson"),
            std::string::npos)
      << spec.error().message;
}

TEST(ExpectationLoad, UncheckedParameterIsNotValidatedUnderItsProfile) {
  json op = get_image_json();
  op["parameters"][0]["x-drydock-unchecked-by"] = {"docker-registry"};
  Folder folder(registry_document(op));
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  std::vector<Match> bad = spec->match("GET", "/v1/images/not-an-id/json");
  ASSERT_FALSE(bad.empty());
  EXPECT_EQ(spec->invalid_path_condition(bad[0], Profile::kDocs), "invalid-image_id");
  EXPECT_EQ(spec->invalid_path_condition(bad[0], Profile::kDockerRegistry), std::nullopt);
}

TEST(ExpectationLoad, UnknownProfileInUncheckedByIsAnError) {
  json op = get_image_json();
  op["parameters"][0]["x-drydock-unchecked-by"] = {"compat"};
  Folder folder(registry_document(op));
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find("is not a profile"), std::string::npos)
      << spec.error().message;
}

}  // namespace
}  // namespace drydock::spec
