// The real spec files, as compiled into the binary: they load, and every expectation is cited.

#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drydock/spec/flow.h"
#include "drydock/spec/lint.h"
#include "drydock/spec/schema.h"
#include "drydock/spec/spec.h"

namespace drydock::spec {
namespace {

const Spec* embedded_or_null() {
  static const Spec* spec = [] {
    Result<Spec> loaded = Spec::load_embedded();
    return loaded.ok() ? new Spec(std::move(loaded).value()) : nullptr;
  }();
  return spec;
}

class SpecFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    spec_ = embedded_or_null();
    if (spec_ == nullptr) {
      Result<Spec> loaded = Spec::load_embedded();
      FAIL() << "the embedded spec does not load: "
             << (loaded.ok() ? std::string("?") : loaded.error().message);
    }
  }
  const Spec& spec() const { return *spec_; }

 private:
  const Spec* spec_ = nullptr;
};

TEST_F(SpecFiles, EmbeddedFilesLoad) {
  EXPECT_GE(spec().operations().size(), 30u);
  EXPECT_FALSE(spec().workflows().empty());
}

TEST_F(SpecFiles, LintFindsNoProblems) {
  for (const Problem& p : lint_embedded()) ADD_FAILURE() << p.to_string();
}

TEST_F(SpecFiles, SourceDirectoryMatchesTheEmbeddedCopy) {
  const char* source = std::getenv("DRYDOCK_SOURCE_DIR");
  if (source == nullptr) GTEST_SKIP() << "DRYDOCK_SOURCE_DIR is not set (run through CTest)";
  Result<Spec> from_dir = Spec::load_dir(std::string(source) + "/spec");
  ASSERT_TRUE(from_dir.ok()) << from_dir.error().message;
  EXPECT_EQ(from_dir->operations().size(), spec().operations().size())
      << "rebuild: the spec files changed since the binary embedded them";
}

TEST_F(SpecFiles, EveryOperationAndResponseCitesSourceAndLevel) {
  for (const Operation& op : spec().operations()) {
    EXPECT_FALSE(op.source.document.empty()) << op.id;
    EXPECT_FALSE(op.source.section.empty()) << op.id;
    EXPECT_FALSE(op.responses.empty()) << op.id;
    for (const Response& r : op.responses) {
      EXPECT_FALSE(r.source.document.empty()) << op.id << " " << r.status;
    }
  }
  for (const Problem& p : lint_embedded()) {
    EXPECT_NE(p.severity, Severity::kIncomplete) << p.to_string();
  }
}

TEST_F(SpecFiles, OperationIdsAreUnique) {
  std::set<std::string> ids;
  for (const Operation& op : spec().operations()) EXPECT_TRUE(ids.insert(op.id).second) << op.id;
}

// The tag is the operation's first OpenAPI tag, read from the document as check IDs always were.
TEST_F(SpecFiles, OperationTagIsItsFirstOpenApiTag) {
  for (const Operation& op : spec().operations()) {
    const nlohmann::json& node =
        spec().document(op.side).at(nlohmann::json::json_pointer(op.pointer));
    std::string first = node.contains("tags") && !node["tags"].empty()
                            ? node["tags"][0].get<std::string>()
                            : "other";
    EXPECT_EQ(op.tag, first) << op.id;
  }
}

// The library form, read from the path parameters, is what the operation IDs say.
TEST_F(SpecFiles, LibraryFormIsWhatTheOperationIdSays) {
  int library = 0;
  for (const Operation& op : spec().operations()) {
    EXPECT_EQ(op.library, op.id.find("Library") != std::string::npos) << op.id;
    library += op.library ? 1 : 0;
  }
  EXPECT_EQ(library, 13);
}

// find(id, library) gives the twin whose ID swaps "User" and "Library", and the operation itself
// in its own form.
TEST_F(SpecFiles, FindByFormGivesTheTwin) {
  int twins = 0;
  for (const Operation& op : spec().operations()) {
    EXPECT_EQ(spec().find(op.id, op.library), &op) << op.id;
    std::string twin_id = op.id;
    if (size_t at = twin_id.find("User"); at != std::string::npos && op.id != "updateUser" &&
                                          op.id != "loginUser" && op.id != "registerUser") {
      twin_id.replace(at, 4, "Library");
    } else if (size_t lib = twin_id.find("Library"); lib != std::string::npos) {
      twin_id.replace(lib, 7, "User");
    } else {
      EXPECT_EQ(spec().find(op.id, !op.library), nullptr) << op.id;
      continue;
    }
    const Operation* twin = spec().find(op.id, !op.library);
    const Operation* named = spec().find(twin_id);
    if (named == nullptr) {  // a user operation with no library form
      EXPECT_EQ(twin, nullptr) << op.id;
      continue;
    }
    EXPECT_EQ(twin, named) << op.id;
    ++twins;
  }
  EXPECT_EQ(twins, 26);
  EXPECT_EQ(spec().find("noSuchOperation", false), nullptr);
}

TEST(CheckId, IsSideTagKebabOperationAndCondition) {
  EXPECT_EQ(kebab_case("putImageLayer"), "put-image-layer");
  EXPECT_EQ(kebab_case("ping"), "ping");
  const Spec& spec = Spec::embedded();
  EXPECT_EQ(check_id(*spec.find("putImageLayer"), "image-not-found"),
            "registry/images/put-image-layer/image-not-found");
  EXPECT_EQ(check_id(*spec.find("putLibraryRepositoryAuth"), "ok"),
            "index/authorization/put-library-repository-auth/ok");
}

TEST_F(SpecFiles, EveryFlowStepResolvesToAnOperation) {
  for (const Workflow& w : spec().workflows()) {
    for (const FlowStep& step : w.steps) {
      if (!step.workflow_id.empty()) {
        EXPECT_NE(spec().workflow(step.workflow_id), nullptr) << w.id << "/" << step.id;
      } else {
        EXPECT_NE(spec().find(step.operation_id), nullptr) << w.id << "/" << step.id;
      }
    }
  }
}

TEST_F(SpecFiles, EverySchemaCompiles) {
  // Compiling happens at load; here every body schema is also applied once, to prove it runs.
  for (const Operation& op : spec().operations()) {
    if (op.request_schema) op.request_schema->validate(nlohmann::json::object());
    for (const Response& r : op.responses) {
      if (r.schema) r.schema->validate(nullptr);
      if (r.content_type == "application/json") {
        EXPECT_NE(r.schema, nullptr)
            << op.id << " " << r.status << " has a JSON body but no schema";
      }
    }
  }
}

TEST_F(SpecFiles, EveryResponseConditionIsInTheVocabulary) {
  for (const Operation& op : spec().operations()) {
    for (const Response& r : op.responses) {
      for (const std::string& c : r.conditions)
        EXPECT_TRUE(is_known_condition(c)) << op.id << " " << c;
    }
  }
}

TEST_F(SpecFiles, EveryPathTemplateMatchesItself) {
  for (const Operation& op : spec().operations()) {
    std::string path = op.path;
    for (size_t open; (open = path.find('{')) != std::string::npos;) {
      path.replace(open, path.find('}', open) - open + 1, "x1");
    }
    bool found = false;
    for (const Match& m : spec().match(op.method, path)) found = found || m.operation == &op;
    EXPECT_TRUE(found) << op.method << " " << op.path;
  }
}

// Query and path texts are read as the type their schema names before the schema judges them.
TEST_F(SpecFiles, ParameterTextIsJudgedAsItsSchemasType) {
  const Operation* search = spec().find("searchRepositories");
  ASSERT_NE(search, nullptr);
  const Parameter* n = search->parameter("n");
  const Parameter* q = search->parameter("q");
  ASSERT_NE(n, nullptr);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(n->value_of("25"), 25);
  EXPECT_EQ(n->value_of("2.5"), "2.5");  // not an integer: stays text, which the schema refuses
  EXPECT_EQ(n->problem_with("100"), std::nullopt);
  EXPECT_EQ(n->problem_with("0"), "n must be an integer from 1 to 100");
  EXPECT_NE(n->problem_with("101"), std::nullopt);
  EXPECT_NE(n->problem_with("ten"), std::nullopt);
  EXPECT_NE(n->problem_with(""), std::nullopt);
  EXPECT_NE(n->problem_with("99999999999999999999999"), std::nullopt);  // past long long
  EXPECT_EQ(q->problem_with("12"), std::nullopt);  // a string schema takes digits as text
}

// A variant may hold a header's value to its own schema: Content-Range with or without the unit.
TEST_F(SpecFiles, VariantsHoldHeaderValuesToTheirOwnSchema) {
  const Operation* layer = spec().find("getImageLayer");
  ASSERT_NE(layer, nullptr);
  auto schema = [&](Profile profile) {
    return layer->header_schema(206, "content-range", profile);
  };
  ASSERT_NE(schema(Profile::kDocs), nullptr);
  ASSERT_NE(schema(Profile::kDockerRegistry), nullptr);
  ASSERT_NE(schema(Profile::kCompat), nullptr);
  EXPECT_TRUE(schema(Profile::kDocs)->accepts("bytes 0-9/10"));
  EXPECT_FALSE(schema(Profile::kDocs)->accepts("0-9/10"));
  EXPECT_TRUE(schema(Profile::kDockerRegistry)->accepts("0-9/10"));
  EXPECT_FALSE(schema(Profile::kDockerRegistry)->accepts("bytes 0-9/10"));
  EXPECT_TRUE(schema(Profile::kCompat)->accepts("0-9/10"));
  EXPECT_TRUE(schema(Profile::kCompat)->accepts("bytes 0-9/10"));
}

// A body a variant fixes to one constant says so, through its $ref.
TEST_F(SpecFiles, ConstantBodiesNameTheirOneValue) {
  const Operation* put_json = spec().find("putImageJson");
  const Operation* search = spec().find("searchRepositories");
  ASSERT_NE(put_json, nullptr);
  ASSERT_NE(search, nullptr);
  EXPECT_EQ(put_json->body_schema(200, Profile::kDocs)->only_value(), nlohmann::json(""));
  EXPECT_EQ(put_json->body_schema(200, Profile::kDockerRegistry)->only_value(),
            nlohmann::json(true));
  EXPECT_EQ(put_json->body_schema(200, Profile::kCompat)->only_value(), std::nullopt);
  EXPECT_EQ(search->body_schema(200, Profile::kDocs)->only_value(), std::nullopt);
}

}  // namespace
}  // namespace drydock::spec
