// The real spec files, as compiled into the binary: they load, and every expectation is cited.

#include <set>

#include <gtest/gtest.h>

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
  EXPECT_NE(n->problem_with("0"), std::nullopt);
  EXPECT_NE(n->problem_with("101"), std::nullopt);
  EXPECT_NE(n->problem_with("ten"), std::nullopt);
  EXPECT_NE(n->problem_with(""), std::nullopt);
  EXPECT_NE(n->problem_with("99999999999999999999999"), std::nullopt);  // past long long
  EXPECT_EQ(q->problem_with("12"), std::nullopt);  // a string schema takes digits as text
}

}  // namespace
}  // namespace drydock::spec
