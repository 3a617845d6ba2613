// Arazzo workflows: loaded into the model, steps resolved against the spec's operations.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drydock/spec/expression.h"
#include "drydock/spec/schema.h"
#include "drydock/spec/spec.h"

namespace drydock::spec {
namespace {

using nlohmann::json;

const std::string kGood = std::string(DRYDOCK_SPEC_TESTDATA) + "/good";

json minimal_flow() {
  return R"({"arazzo": "1.0.1", "info": {"title": "t", "version": "1"},
             "sourceDescriptions": [{"name": "index", "url": "x", "type": "openapi"}],
             "workflows": [{"workflowId": "w", "steps": [
               {"stepId": "a", "operationId": "$sourceDescriptions.index.login",
                "successCriteria": [{"condition": "$statusCode == 200"}]}]}]})"_json;
}

TEST(Flow, LoadsStepsParametersBodiesAndOutputs) {
  Result<Spec> spec = Spec::load_dir(kGood);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  ASSERT_EQ(spec->workflows().size(), 1u);
  const Workflow* w = spec->workflow("register-then-login");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->file, "flows/login.arazzo.json");
  EXPECT_EQ(w->extensions["x-drydock-level"], "MUST");
  ASSERT_NE(w->inputs_schema, nullptr);
  EXPECT_TRUE(w->inputs_schema->accepts(json{{"username", "alice"}}));
  EXPECT_FALSE(w->inputs_schema->accepts(json::object()));
  ASSERT_EQ(w->steps.size(), 3u);
  const FlowStep& reg = w->steps[0];
  EXPECT_EQ(reg.operation_id, "register");
  EXPECT_EQ(reg.source_name, "index");
  EXPECT_EQ(reg.request_content_type, "application/json");
  ASSERT_TRUE(reg.request_body.has_value());
  EXPECT_EQ((*reg.request_body)["username"], "$inputs.username");
  EXPECT_EQ(reg.success_criteria[0].condition, "$statusCode == 201");
  const FlowStep* login = w->step("login");
  ASSERT_NE(login, nullptr);
  ASSERT_EQ(login->parameters.size(), 2u);
  EXPECT_EQ(login->parameters[1].name, "X-Ping");  // through $components.parameters
  EXPECT_EQ(login->success_criteria[1].type, "regex");
  EXPECT_EQ(login->outputs.at("token"), "$response.header.X-Docker-Token");
  EXPECT_EQ(w->outputs.at("token"), "$steps.login.outputs.token");
  EXPECT_EQ(w->steps[2].operation_id, "ping");  // from operationPath
  EXPECT_EQ(w->step("nope"), nullptr);
  EXPECT_EQ(spec->flow_documents().size(), 1u);
}

TEST(Flow, StepValuesResolveAgainstAnExchange) {
  Result<Spec> spec = Spec::load_dir(kGood);
  ASSERT_TRUE(spec.ok()) << spec.error().message;
  const FlowStep& reg = spec->workflow("register-then-login")->steps[0];
  ExchangeValues x;
  x.inputs = {{"username", "alice"}};
  json body = resolve_value(*reg.request_body, x).value();
  EXPECT_EQ(body,
            (json{{"username", "alice"}, {"password", "pw"}, {"email", "alice@example.com"}}));
  x.status = 201;
  EXPECT_TRUE(evaluate_criterion(reg.success_criteria[0], x).value());
}

TEST(Flow, JsonMediaTypes) {
  EXPECT_TRUE(is_json_media_type("application/json"));
  EXPECT_TRUE(is_json_media_type(" Application/JSON ; charset=utf-8"));
  EXPECT_TRUE(is_json_media_type("application/problem+json"));
  EXPECT_FALSE(is_json_media_type("application/octet-stream"));
  EXPECT_FALSE(is_json_media_type("text/plain"));
  EXPECT_FALSE(is_json_media_type("+json"));
  EXPECT_FALSE(is_json_media_type(""));
}

TEST(Flow, ParseWorkflowsAcceptsMinimalDocument) {
  auto workflows = parse_workflows(minimal_flow(), "flows/t.arazzo.json");
  ASSERT_TRUE(workflows.ok()) << workflows.error().message;
  EXPECT_EQ(workflows->at(0).steps[0].operation_id, "login");
}

TEST(Flow, MissingStepIdIsAnError) {
  json doc = minimal_flow();
  doc["workflows"][0]["steps"][0].erase("stepId");
  auto workflows = parse_workflows(doc, "flows/t.arazzo.json");
  ASSERT_FALSE(workflows.ok());
  EXPECT_EQ(workflows.error().message,
            "flows/t.arazzo.json#/workflows/0/steps/0: missing required field 'stepId' (a string)");
}

TEST(Flow, UnknownSourceDescriptionIsAnError) {
  json doc = minimal_flow();
  doc["workflows"][0]["steps"][0]["operationId"] = "$sourceDescriptions.hub.login";
  auto workflows = parse_workflows(doc, "flows/t.arazzo.json");
  ASSERT_FALSE(workflows.ok());
  EXPECT_NE(
      workflows.error().message.find("/steps/0/operationId: no sourceDescription named 'hub'"),
      std::string::npos);
}

TEST(Flow, MalformedConditionIsAnErrorAtLoad) {
  json doc = minimal_flow();
  doc["workflows"][0]["steps"][0]["successCriteria"][0]["condition"] = "$statusCode === 200";
  auto workflows = parse_workflows(doc, "flows/t.arazzo.json");
  ASSERT_FALSE(workflows.ok());
  EXPECT_NE(workflows.error().message.find("/successCriteria/0/condition"), std::string::npos);
}

TEST(Flow, DuplicateStepIdIsAnError) {
  json doc = minimal_flow();
  doc["workflows"][0]["steps"].push_back(doc["workflows"][0]["steps"][0]);
  EXPECT_FALSE(parse_workflows(doc, "f").ok());
}

TEST(Flow, StepNamingNoOperationFailsTheSpecLoad) {
  std::string dir = ::testing::TempDir() + "/drydock-flow-test";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(kGood, dir, std::filesystem::copy_options::recursive);
  json doc = minimal_flow();
  doc["workflows"][0]["steps"][0]["operationId"] = "$sourceDescriptions.index.noSuchOperation";
  std::ofstream(dir + "/flows/bad.arazzo.json") << doc.dump();
  Result<Spec> spec = Spec::load_dir(dir);
  ASSERT_FALSE(spec.ok());
  EXPECT_NE(spec.error().message.find("flows/bad.arazzo.json#/workflows/0/steps/0/operationId: no "
                                      "operation 'noSuchOperation' in the spec"),
            std::string::npos)
      << spec.error().message;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace drydock::spec
