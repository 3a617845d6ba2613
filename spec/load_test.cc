// Loading: a good folder loads into the model; a malformed file is an Error naming file and
// pointer.

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drydock/spec/lint.h"
#include "drydock/spec/schema.h"
#include "drydock/spec/spec.h"

namespace drydock::spec {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kGood = std::string(DRYDOCK_SPEC_TESTDATA) + "/good";

json read_json(const fs::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

// A copy of testdata/good in a fresh folder, with one file replaced by `text`.
class SpecFolder {
 public:
  SpecFolder() {
    dir_ =
        fs::temp_directory_path() /
        ("drydock-load-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::copy(kGood, dir_, fs::copy_options::recursive);
  }
  ~SpecFolder() { fs::remove_all(dir_); }
  void write(const std::string& relative, const std::string& text) {
    std::ofstream(dir_ / relative) << text;
  }
  json document(const std::string& relative) const { return read_json(dir_ / relative); }
  std::string path() const { return dir_.string(); }

 private:
  fs::path dir_;
};

TEST(Load, GoodFolderLoadsEveryOperation) {
  Result<Spec> spec = Spec::load_dir(kGood);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  EXPECT_EQ(spec->operations().size(), 9u);
  EXPECT_EQ(spec->operations().front().side, Side::kIndex);
  EXPECT_EQ(spec->version(), "index t1 / registry t2");
}

TEST(Load, OperationCarriesSourceLevelSecurityAndAccess) {
  Result<Spec> spec = Spec::load_dir(kGood);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  const Operation* op = spec->find("getImageJson");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->method, "GET");
  EXPECT_EQ(op->side, Side::kRegistry);
  EXPECT_EQ(op->source.document, "registry-api-v1.md");
  EXPECT_EQ(op->access, "read");
  EXPECT_EQ(op->security, (std::vector<Security>{Security::kToken, Security::kNone}));
  EXPECT_EQ(op->file, "registry-v1.openapi.json");
  EXPECT_EQ(spec->find("login")->security, std::vector<Security>{Security::kBasic});
  EXPECT_EQ(spec->find("nope"), nullptr);
}

TEST(Load, ParametersResolveThroughRefAndPathItem) {
  Result<Spec> spec = Spec::load_dir(kGood);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  const Operation* op = spec->find("createUserRepository");
  ASSERT_NE(op, nullptr);
  const Parameter* ns = op->parameter("namespace");
  ASSERT_NE(ns, nullptr);
  EXPECT_EQ(ns->in, "path");
  EXPECT_TRUE(ns->required);
  EXPECT_EQ(ns->invalid_condition, "invalid-namespace");
  ASSERT_NE(ns->schema, nullptr);
  EXPECT_TRUE(ns->schema->accepts("alice"));
  EXPECT_FALSE(ns->schema->accepts("Alice!"));
}

TEST(Load, ResponsesCarryConditionsHeadersAndSchemas) {
  Result<Spec> spec = Spec::load_dir(kGood);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  const Operation* login = spec->find("login");
  const Response* unauthorized = login->response(401);
  ASSERT_NE(unauthorized, nullptr);
  EXPECT_TRUE(unauthorized->answers("bad-credentials"));
  EXPECT_FALSE(unauthorized->answers("ok"));
  EXPECT_EQ(unauthorized->error_text, "Unauthorized");
  EXPECT_EQ(unauthorized->content_type, "application/json");
  ASSERT_NE(unauthorized->schema, nullptr);
  EXPECT_TRUE(unauthorized->schema->accepts(json{{"error", "x"}}));
  EXPECT_FALSE(unauthorized->schema->accepts(json{{"message", "x"}}));

  const Response* created = spec->find("createUserRepository")->response(200);
  ASSERT_EQ(created->headers.size(), 1u);
  EXPECT_EQ(created->headers[0].name, "X-Docker-Token");
  EXPECT_TRUE(created->headers[0].required);
  EXPECT_EQ(created->headers[0].level, Level::kShould);
}

TEST(Load, RequestBodySchemaIsCompiled) {
  Result<Spec> spec = Spec::load_dir(kGood);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  const Operation* op = spec->find("register");
  EXPECT_TRUE(op->request_body_required);
  EXPECT_EQ(op->request_content_type, "application/json");
  ASSERT_NE(op->request_schema, nullptr);
  EXPECT_TRUE(op->request_schema->accepts(
      json{{"username", "alice"}, {"password", "p"}, {"email", nullptr}}));
  EXPECT_FALSE(op->request_schema->accepts(json{{"username", "al"}}));
}

TEST(Load, VariantsNarrowWhatEachProfileAccepts) {
  Result<Spec> spec = Spec::load_dir(kGood);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  const Operation* op = spec->find("register");
  ASSERT_TRUE(op->variants_source.has_value());
  EXPECT_EQ(op->variants_source->section, "10.1");
  EXPECT_TRUE(op->body_schema(201, Profile::kDocs)->accepts("User Created"));
  EXPECT_FALSE(op->body_schema(201, Profile::kDocs)->accepts("other"));
  EXPECT_TRUE(op->body_schema(201, Profile::kCompat)->accepts("other"));
  EXPECT_TRUE(op->header_required(201, "x-docker-registry-version", Profile::kDockerRegistry));
  EXPECT_FALSE(op->header_required(201, "X-Docker-Registry-Version", Profile::kCompat));
  EXPECT_EQ(op->responses_for("created", Profile::kDocs).size(), 1u);
  EXPECT_EQ(op->responses_for("user-exists", Profile::kCompat).front()->status, 400);
  EXPECT_TRUE(op->responses_for("token-spent", Profile::kCompat).empty());
}

TEST(Load, MalformedJsonNamesFileAndByteOffset) {
  SpecFolder folder;
  folder.write("index-v1.openapi.json", "{\"openapi\": \"3.0.3\",\n  \"paths\": {,}}");
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.error().code, ErrorCode::kParse);
  EXPECT_NE(spec.error().message.find("index-v1.openapi.json"), std::string::npos);
  EXPECT_NE(spec.error().message.find("invalid JSON at byte 34"), std::string::npos)
      << spec.error().message;
}

TEST(Load, UnresolvedRefNamesFileAndPointer) {
  SpecFolder folder;
  json doc = folder.document("index-v1.openapi.json");
  doc["paths"]["/v1/users/"]["get"]["responses"]["401"]["content"]["application/json"]["schema"]
     ["$ref"] = "#/components/schemas/Nope";
  folder.write("index-v1.openapi.json", doc.dump());
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find(
                "index-v1.openapi.json#/paths/~1v1~1users~1/get/responses/401/content/"
                "application~1json/schema: unresolved $ref '#/components/schemas/Nope'"),
            std::string::npos)
      << spec.error().message;
}

TEST(Load, UnresolvedParameterRefIsAnError) {
  SpecFolder folder;
  json doc = folder.document("registry-v1.openapi.json");
  doc["paths"]["/v1/images/{image_id}/json"]["parameters"][0]["$ref"] = "#/components/parameters/x";
  folder.write("registry-v1.openapi.json", doc.dump());
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(
      spec.error().message.find("registry-v1.openapi.json#/paths/~1v1~1images~1{image_id}~1json/"
                                "parameters/0/$ref: unresolved $ref"),
      std::string::npos)
      << spec.error().message;
}

TEST(Load, HeadersAndResponsesResolveThroughComponents) {
  Result<Spec> spec = Spec::load_dir(kGood);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  const Response* failed = spec->find("register")->response(400);  // components/responses
  ASSERT_NE(failed, nullptr);
  EXPECT_TRUE(failed->answers("user-exists"));
  EXPECT_EQ(failed->level, Level::kMust);
  EXPECT_EQ(failed->source.section, "Users > User Register");
  const Response* created = spec->find("createUserRepository")->response(200);
  ASSERT_EQ(created->headers.size(), 1u);  // components/headers
  ASSERT_NE(created->headers[0].schema, nullptr);
  EXPECT_TRUE(created->headers[0].schema->accepts("signature=abc"));
}

TEST(Load, UnresolvedHeaderRefNamesFileAndPointer) {
  SpecFolder folder;
  json doc = folder.document("index-v1.openapi.json");
  doc["paths"]["/v1/repositories/{namespace}/{repository}/"]["put"]["responses"]["200"]["headers"]
     ["X-Docker-Token"]["$ref"] = "#/components/headers/Nope";
  folder.write("index-v1.openapi.json", doc.dump());
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find(
                "index-v1.openapi.json#/paths/~1v1~1repositories~1{namespace}~1{repository}~1/put/"
                "responses/200/headers/X-Docker-Token/$ref: unresolved $ref "
                "'#/components/headers/Nope'"),
            std::string::npos)
      << spec.error().message;
}

TEST(Load, UnresolvedResponseRefNamesFileAndPointer) {
  SpecFolder folder;
  json doc = folder.document("index-v1.openapi.json");
  doc["components"]["responses"].erase("RegistrationFailed");
  folder.write("index-v1.openapi.json", doc.dump());
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find(
                "index-v1.openapi.json#/paths/~1v1~1users~1/post/responses/400/$ref: unresolved "
                "$ref '#/components/responses/RegistrationFailed'"),
            std::string::npos)
      << spec.error().message;
}

TEST(Load, UnknownLevelIsAnError) {
  SpecFolder folder;
  json doc = folder.document("index-v1.openapi.json");
  doc["paths"]["/v1/users/"]["post"]["x-drydock-level"] = "SHALL";
  folder.write("index-v1.openapi.json", doc.dump());
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(
      spec.error().message.find("index-v1.openapi.json#/paths/~1v1~1users~1/post/x-drydock-level: "
                                "x-drydock-level 'SHALL' is not MUST, SHOULD or MAY"),
      std::string::npos)
      << spec.error().message;
}

TEST(Load, UnknownConditionIsAnError) {
  SpecFolder folder;
  json doc = folder.document("index-v1.openapi.json");
  doc["paths"]["/v1/users/"]["get"]["responses"]["200"]["x-drydock-conditions"] = {"ok", "sunny"};
  folder.write("index-v1.openapi.json", doc.dump());
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find("/responses/200/x-drydock-conditions/1: condition \"sunny\""),
            std::string::npos)
      << spec.error().message;
}

TEST(Load, MissingOperationIdIsAnError) {
  SpecFolder folder;
  json doc = folder.document("registry-v1.openapi.json");
  doc["paths"]["/v1/_ping"]["get"].erase("operationId");
  folder.write("registry-v1.openapi.json", doc.dump());
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find("registry-v1.openapi.json#/paths/~1v1~1_ping/get: missing "
                                      "required field 'operationId'"),
            std::string::npos)
      << spec.error().message;
}

TEST(Load, DuplicateOperationIdAcrossFilesIsAnError) {
  SpecFolder folder;
  json doc = folder.document("registry-v1.openapi.json");
  doc["paths"]["/v1/_ping"]["get"]["operationId"] = "login";
  folder.write("registry-v1.openapi.json", doc.dump());
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find("duplicate operationId 'login'"), std::string::npos);
}

TEST(Load, MissingFileIsAnError) {
  SpecFolder folder;
  std::filesystem::remove(folder.path() + "/registry-v1.openapi.json");
  Result<Spec> spec = Spec::load_dir(folder.path());
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find("registry-v1.openapi.json: cannot read"), std::string::npos);
}

TEST(Lint, ReportsEveryProblemNotJustTheFirst) {
  SpecFolder folder;
  json doc = folder.document("index-v1.openapi.json");
  doc["paths"]["/v1/users/"]["post"]["x-drydock-level"] = "SHALL";
  doc["paths"]["/v1/users/"]["get"]["x-drydock-side"] = "both";
  doc["paths"]["/v1/users/"]["get"].erase("x-drydock-source");
  folder.write("index-v1.openapi.json", doc.dump());
  std::vector<Problem> problems = lint_dir(folder.path());
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_TRUE(has_malformed(problems));
  int incomplete = 0;
  for (const Problem& p : problems) {
    EXPECT_EQ(p.file, "index-v1.openapi.json");
    if (p.severity == Severity::kIncomplete) {
      ++incomplete;
      EXPECT_EQ(p.pointer, "/paths/~1v1~1users~1/get");
      EXPECT_EQ(p.message, "operation has no x-drydock-source");
    }
  }
  EXPECT_EQ(incomplete, 1);
}

TEST(Lint, MissingCitationIsIncompleteButLoads) {
  SpecFolder folder;
  json doc = folder.document("registry-v1.openapi.json");
  doc["paths"]["/v1/_ping"]["get"]["responses"]["200"].erase("x-drydock-level");
  folder.write("registry-v1.openapi.json", doc.dump());
  std::vector<Problem> problems = lint_dir(folder.path());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_FALSE(has_malformed(problems));
  EXPECT_EQ(problems[0].to_string(),
            "registry-v1.openapi.json#/paths/~1v1~1_ping/get/responses/200: response has no "
            "x-drydock-level");
  EXPECT_TRUE(Spec::load_dir(folder.path()).ok());
}

TEST(Lint, ExampleItsSchemaRejectsIsIncompleteButLoads) {
  SpecFolder folder;
  json doc = folder.document("index-v1.openapi.json");
  doc["components"]["headers"]["X-Docker-Token"]["example"] = 42;
  doc["paths"]["/v1/users/"]["get"]["responses"]["401"]["content"]["application/json"]["examples"] =
      {{"refused", {{"value", {{"message", "no"}}}}}};
  folder.write("index-v1.openapi.json", doc.dump());
  std::vector<Problem> problems = lint_dir(folder.path());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_FALSE(has_malformed(problems));
  std::set<std::string> pointers;
  for (const Problem& p : problems) {
    pointers.insert(p.pointer);
    EXPECT_NE(p.message.find("example does not match its schema"), std::string::npos) << p.message;
  }
  EXPECT_EQ(pointers,
            (std::set<std::string>{
                "/components/headers/X-Docker-Token/example",
                "/paths/~1v1~1users~1/get/responses/401/content/application~1json/examples/"
                "refused/value"}));
  EXPECT_TRUE(Spec::load_dir(folder.path()).ok());
}

TEST(Lint, GoodFolderIsClean) {
  EXPECT_TRUE(lint_dir(kGood).empty());
}

}  // namespace
}  // namespace drydock::spec
