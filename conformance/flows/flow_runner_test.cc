#include "drydock/conformance/flows/flow_runner.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drydock/conformance/fake_client.h"
#include "drydock/spec/flow.h"

namespace drydock::conformance {
namespace {

using nlohmann::json;

constexpr char kIndex[] = "http://index.test";
constexpr char kRegistry[] = "http://registry.test";

const spec::Spec& the_spec() {
  return spec::Spec::embedded();
}

// Parses one workflow written as an Arazzo "workflows" entry.
spec::Workflow workflow_of(json workflow) {
  json document = {{"arazzo", "1.0.1"},
                   {"info", {{"title", "test"}, {"version", "1"}}},
                   {"sourceDescriptions",
                    {{{"name", "index"}, {"url", "i.json"}, {"type", "openapi"}},
                     {{"name", "registry"}, {"url", "r.json"}, {"type", "openapi"}}}},
                   {"workflows", {std::move(workflow)}}};
  auto workflows = spec::parse_workflows(document, "test.arazzo.json");
  EXPECT_TRUE(workflows.ok()) << (workflows.ok() ? "" : workflows.error().message);
  return workflows.value().front();
}

json step(std::string id, std::string operation, json parameters = json::array(),
          std::string condition = "$statusCode == 200") {
  return {{"stepId", std::move(id)},
          {"operationId", std::move(operation)},
          {"parameters", std::move(parameters)},
          {"successCriteria", {{{"condition", std::move(condition)}}}}};
}

json param(std::string name, std::string in, json value) {
  return {{"name", std::move(name)}, {"in", std::move(in)}, {"value", std::move(value)}};
}

Response answer(int status, std::string body = "", Headers headers = {}) {
  Response response = json_response(status, std::move(body));
  for (const Header& header : headers) response.headers.add(header.name, header.value);
  return response;
}

class FlowRunnerTest : public ::testing::Test {
 protected:
  FlowRun run(const spec::Workflow& workflow, FlowRunOptions options = {}) {
    return run_workflow(the_spec(), workflow, inputs_, client_, {kIndex, kRegistry}, options);
  }

  FakeClient client_;
  FlowInputs inputs_;
};

TEST_F(FlowRunnerTest, PassesRegisterAndLoginWhenEveryCriterionHolds) {
  inputs_.values = {{"username", "drydock_u1"},   {"password", "secret-pw"},
                    {"email", "u1@example.com"},  {"basicAuth", "dTE6cA=="},
                    {"accountBasicAuth", "YTpi"}, {"wrongBasicAuth", "YTp4"}};
  client_.on("POST", "http://index.test/v1/users/", answer(201, "\"User Created\""))
      .on("POST", "http://index.test/v1/users/",
          answer(400, "\"Username or email already exists\""))
      .on("GET", "http://index.test/v1/users/", answer(200, "\"OK\""))
      .on("GET", "http://index.test/v1/users/", answer(200, "\"OK\""))
      .on("GET", "http://index.test/v1/users/", answer(401, "{\"error\": \"bad\"}"));
  FlowRun result = run(*the_spec().workflow("registerAndLogin"));
  EXPECT_EQ(result.outcome, Outcome::kPass) << result.message;
  ASSERT_EQ(result.steps.size(), 5u);
  for (const FlowStepReport& report : result.steps) EXPECT_EQ(report.outcome, Outcome::kPass);
  EXPECT_EQ(result.exchanges.size(), 5u);
  EXPECT_EQ(result.outputs["duplicateStatus"], 400);
  auto sent = client_.requests();
  EXPECT_EQ(
      json::parse(sent[0].body),
      json({{"username", "drydock_u1"}, {"password", "secret-pw"}, {"email", "u1@example.com"}}));
  EXPECT_EQ(sent[0].headers.get("Content-Type"), "application/json");
  EXPECT_EQ(sent[2].headers.get("Authorization"), "Basic dTE6cA==");
}

TEST_F(FlowRunnerTest, StopsAtARefusedRegistrationWithTheWrongBody) {
  inputs_.values = {{"username", "drydock_u1"},  {"password", "secret-pw"},
                    {"email", "u1@example.com"}, {"basicAuth", "x"},
                    {"accountBasicAuth", "y"},   {"wrongBasicAuth", "z"}};
  client_.on("POST", "http://index.test/v1/users/", answer(201))
      .on("POST", "http://index.test/v1/users/",
          answer(400, "{\"error\": \"Username or email already exists\"}"));
  FlowRun result = run(*the_spec().workflow("registerAndLogin"));
  EXPECT_EQ(result.outcome, Outcome::kFail);
  EXPECT_EQ(result.steps[1].outcome, Outcome::kFail);
  EXPECT_NE(result.steps[1].message.find("$response.body == 'Username"), std::string::npos);
  EXPECT_NE(result.steps[1].observed.find("400"), std::string::npos);
  EXPECT_EQ(result.steps[2].outcome, Outcome::kSkip);
  EXPECT_NE(result.steps[2].message.find("registerAgain"), std::string::npos);
  EXPECT_EQ(client_.requests().size(), 2u);  // the rest were not sent
}

TEST_F(FlowRunnerTest, RegexCriterionMatchesTheRawBody) {
  json ping = step("ping", "ping");
  ping["successCriteria"] = {
      {{"context", "$response.body"}, {"condition", "^\"ok\"$"}, {"type", "regex"}}};
  spec::Workflow workflow = workflow_of({{"workflowId", "regex"}, {"steps", {ping}}});
  client_.on("GET", "http://registry.test/v1/_ping", answer(200, "\"ok\""))
      .on("GET", "http://registry.test/v1/_ping", answer(200, "ok"));
  EXPECT_EQ(run(workflow).outcome, Outcome::kPass);
  FlowRun unquoted = run(workflow);
  EXPECT_EQ(unquoted.outcome, Outcome::kFail);
  EXPECT_NE(unquoted.steps[0].message.find("matches"), std::string::npos);
}

TEST_F(FlowRunnerTest, CarriesATokenFromOneStepIntoTheNext) {
  spec::Workflow workflow = workflow_of(
      {{"workflowId", "carry"},
       {"steps",
        {step("create", "putUserRepository",
              {param("namespace", "path", "$inputs.ns"), param("repository", "path", "r")}),
         step("tags", "getUserRepositoryTags",
              {param("Authorization", "header", "Token {$steps.create.outputs.token}"),
               param("namespace", "path", "$inputs.ns"), param("repository", "path", "r")})}}});
  workflow.steps[0].outputs["token"] = "$response.header.X-Docker-Token";
  inputs_.values = {{"ns", "someone"}};
  client_
      .on("PUT", "http://index.test/v1/repositories/someone/r/",
          answer(200, "\"\"", {{"X-Docker-Token", "signature=abc,access=read"}}))
      .on("GET", "http://registry.test/v1/repositories/someone/r/tags", answer(200, "{}"));
  FlowRun result = run(workflow);
  EXPECT_EQ(result.outcome, Outcome::kPass) << result.message;
  EXPECT_EQ(client_.requests()[1].headers.get("Authorization"), "Token signature=abc,access=read");
}

TEST_F(FlowRunnerTest, MissingOutputFailsTheStepThatNeedsIt) {
  spec::Workflow workflow =
      workflow_of({{"workflowId", "missing"},
                   {"steps",
                    {step("ping", "ping"),
                     step("tags", "getUserRepositoryTags",
                          {param("Authorization", "header", "Token {$steps.ping.outputs.token}"),
                           param("namespace", "path", "a"), param("repository", "path", "b")})}}});
  workflow.steps[0].outputs["token"] = "$response.header.X-Docker-Token";
  client_.on("GET", "http://registry.test/v1/_ping", answer(200, "true"));
  FlowRun result = run(workflow);
  EXPECT_EQ(result.outcome, Outcome::kFail);
  EXPECT_NE(result.steps[0].message.find("token"), std::string::npos);
  EXPECT_NE(result.steps[1].message.find("Authorization"), std::string::npos);
  EXPECT_EQ(client_.requests().size(), 1u);
}

TEST_F(FlowRunnerTest, PercentEncodesPathParametersAndBuildsTheQuery) {
  spec::Workflow workflow = workflow_of(
      {{"workflowId", "encode"},
       {"steps",
        {step("tag", "getUserRepositoryTag",
              {param("namespace", "path", "$inputs.ns"), param("repository", "path", "a b"),
               param("tag", "path", "v{$inputs.version}")}),
         step("search", "searchRepositories",
              {param("q", "query", "x&y"), param("n", "query", 2)})}}});
  inputs_.values = {{"ns", "n/s"}, {"version", 1}};
  client_
      .on("GET", "http://registry.test/v1/repositories/n%2Fs/a%20b/tags/v1", answer(200, "\"x\""))
      .on("GET", "http://index.test/v1/search?q=x%26y&n=2", answer(200, "{}"));
  FlowRun result = run(workflow);
  EXPECT_EQ(result.outcome, Outcome::kPass) << result.message;
}

TEST_F(FlowRunnerTest, SendsAStringPayloadAsAJsonStringUnderAJsonMediaType) {
  json put = step("tag", "putUserRepositoryTag",
                  {param("namespace", "path", "a"), param("repository", "path", "b"),
                   param("tag", "path", "latest")});
  put["requestBody"] = {{"contentType", "application/json"}, {"payload", "$inputs.id"}};
  inputs_.values = {{"id", "ab\"c"}};
  client_.on("PUT", "http://registry.test/v1/repositories/a/b/tags/latest", answer(200, "\"\""));
  FlowRun result = run(workflow_of({{"workflowId", "body"}, {"steps", {put}}}));
  EXPECT_EQ(result.outcome, Outcome::kPass) << result.message;
  EXPECT_EQ(client_.requests()[0].body, "\"ab\\\"c\"");
}

TEST_F(FlowRunnerTest, SendsAStringPayloadByteForByteUnderAnyOtherMediaType) {
  json put = step("put", "putImageLayer", {param("image_id", "path", "abc")});
  put["requestBody"] = {{"contentType", "application/octet-stream"},
                        {"payload", "layer of {$inputs.id}"}};
  inputs_.values = {{"id", "abc"}};
  client_.on("PUT", "http://registry.test/v1/images/abc/layer", answer(200, "\"\""));
  FlowRun result = run(workflow_of({{"workflowId", "body"}, {"steps", {put}}}));
  EXPECT_EQ(result.outcome, Outcome::kPass) << result.message;
  EXPECT_EQ(client_.requests()[0].body, "layer of abc");
}

TEST_F(FlowRunnerTest, SendsAnObjectInputAsItsCompactSerialization) {
  json put = step("json", "putImageJson", {param("image_id", "path", "abc")});
  put["requestBody"] = {{"contentType", "application/json; charset=utf-8"},
                        {"payload", "$inputs.imageJson"}};
  inputs_.values = {{"imageJson", {{"parent", "p"}, {"id", "abc"}, {"Size", 3}}}};
  client_.on("PUT", "http://registry.test/v1/images/abc/json", answer(200, "\"\""));
  FlowRun result = run(workflow_of({{"workflowId", "body"}, {"steps", {put}}}));
  EXPECT_EQ(result.outcome, Outcome::kPass) << result.message;
  // Members in code-point order, no spaces: the bytes a checksum of the input covers.
  EXPECT_EQ(client_.requests()[0].body, R"({"Size":3,"id":"abc","parent":"p"})");
}

TEST_F(FlowRunnerTest, SendsArrayPayloadsAsJsonWithTheOperationsContentType) {
  json put = step("create", "putUserRepository",
                  {param("namespace", "path", "a"), param("repository", "path", "b")});
  put["requestBody"] = {{"payload", {{{"id", "$inputs.id"}, {"Tag", "latest"}}}}};
  inputs_.values = {{"id", "abc"}};
  client_.on("PUT", "http://index.test/v1/repositories/a/b/", answer(200));
  FlowRun result = run(workflow_of({{"workflowId", "array"}, {"steps", {put}}}));
  EXPECT_EQ(result.outcome, Outcome::kPass) << result.message;
  Request sent = client_.requests()[0];
  EXPECT_EQ(json::parse(sent.body), json::array({{{"id", "abc"}, {"Tag", "latest"}}}));
  EXPECT_EQ(sent.headers.get("Content-Type"), "application/json");
}

TEST_F(FlowRunnerTest, StreamsABinaryInputAndComparesItWithAResponseBody) {
  const std::string layer("tar\0bytes\xff", 10);
  json put = step("put", "putImageLayer", {param("image_id", "path", "$inputs.id")});
  put["requestBody"] = {{"contentType", "application/octet-stream"}, {"payload", "$inputs.layer"}};
  json get = step("get", "getImageLayer", {param("image_id", "path", "$inputs.id")},
                  "$statusCode == 200 && $response.body == $inputs.layer");
  inputs_.values = {{"id", "abc"}};
  inputs_.blobs["layer"] = std::make_shared<const std::string>(layer);
  Response body = answer(200, layer);
  client_.on("PUT", "http://registry.test/v1/images/abc/layer", answer(200, "\"\""))
      .on("GET", "http://registry.test/v1/images/abc/layer", body);
  FlowRun result = run(workflow_of({{"workflowId", "stream"}, {"steps", {put, get}}}));
  EXPECT_EQ(result.outcome, Outcome::kPass) << result.message;
  Request sent = client_.requests()[0];
  ASSERT_TRUE(sent.body_source);
  EXPECT_TRUE(sent.body.empty());
  EXPECT_EQ(sent.body_size, layer.size());
  EXPECT_EQ(sent.headers.get("Content-Type"), "application/octet-stream");
  std::string streamed(64, '\0');
  auto n = sent.body_source(streamed);  // the stored copy reads from the start
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(streamed.substr(0, *n), layer);
  EXPECT_EQ(result.exchanges[0].request.body, streamed_body_note(layer.size()));
}

TEST_F(FlowRunnerTest, SendsCookiesBackUnlessAStepSetsItsOwn) {
  json first = step("first", "ping");
  json second = step("second", "ping");
  json third = step("third", "ping", {param("Cookie", "header", "")});
  json other = step("other", "loginUser");
  client_
      .on("GET", "http://registry.test/v1/_ping",
          answer(200, "true", {{"Set-Cookie", "session=s1; Path=/; HttpOnly"}}), true)
      .on("GET", "http://index.test/v1/users/", answer(200));
  FlowRun result =
      run(workflow_of({{"workflowId", "cookies"}, {"steps", {first, second, third, other}}}));
  EXPECT_EQ(result.outcome, Outcome::kPass) << result.message;
  auto sent = client_.requests();
  EXPECT_FALSE(sent[0].headers.contains("Cookie"));
  EXPECT_EQ(sent[1].headers.get("Cookie"), "session=s1");
  EXPECT_FALSE(sent[2].headers.contains("Cookie"));  // an empty Cookie parameter sends none
  EXPECT_FALSE(sent[3].headers.contains("Cookie"));  // another host
}

TEST_F(FlowRunnerTest, TransportFailureIsAnErrorNamingTheStep) {
  client_.fail("GET", "http://registry.test/v1/_ping", "connection refused");
  FlowRun result = run(workflow_of(
      {{"workflowId", "down"}, {"steps", {step("ping", "ping"), step("again", "ping")}}}));
  EXPECT_EQ(result.outcome, Outcome::kError);
  EXPECT_NE(result.message.find("ping"), std::string::npos);
  EXPECT_NE(result.message.find("connection refused"), std::string::npos);
  EXPECT_EQ(result.steps[0].outcome, Outcome::kError);
  EXPECT_EQ(result.steps[1].outcome, Outcome::kSkip);
  EXPECT_EQ(result.exchanges.size(), 1u);
}

TEST_F(FlowRunnerTest, SkipsASingleUseWorkflowUnlessTheTargetFollowsThePolicy) {
  const spec::Workflow& workflow = *the_spec().workflow("tokenSingleUse");
  FlowRun result = run(workflow);
  EXPECT_EQ(result.outcome, Outcome::kSkip);
  EXPECT_NE(result.message.find("single-use"), std::string::npos);
  EXPECT_TRUE(client_.requests().empty());
  for (const FlowStepReport& report : result.steps) EXPECT_EQ(report.outcome, Outcome::kSkip);

  FlowRunOptions options;
  options.policies = {"single-use"};
  FlowRun attempted = run(workflow, options);
  EXPECT_NE(attempted.outcome, Outcome::kSkip);  // it ran (inputs are missing here: an error)
}

TEST_F(FlowRunnerTest, ShouldStepFailureFailsTheWorkflowOnlyWhenStrict) {
  json should = step("optional", "ping", json::array(), "$statusCode == 204");
  should["x-drydock-level"] = "SHOULD";
  spec::Workflow workflow =
      workflow_of({{"workflowId", "levels"}, {"steps", {should, step("after", "ping")}}});
  client_.on("GET", "http://registry.test/v1/_ping", answer(200, "true"), true);
  FlowRun lenient = run(workflow);
  EXPECT_EQ(lenient.outcome, Outcome::kPass);
  EXPECT_EQ(lenient.steps[0].outcome, Outcome::kFail);
  EXPECT_EQ(lenient.steps[0].level, spec::Level::kShould);
  EXPECT_EQ(lenient.steps[1].outcome, Outcome::kPass);

  FlowRunOptions strict;
  strict.strict = true;
  FlowRun judged = run(workflow, strict);
  EXPECT_EQ(judged.outcome, Outcome::kFail);
  EXPECT_EQ(judged.steps[1].outcome, Outcome::kSkip);
}

TEST_F(FlowRunnerTest, RecordsRedactedExchangesLabelledByStep) {
  inputs_.values = {{"auth", "dXNlcjpzZWNyZXQ="}};
  client_.on("GET", "http://index.test/v1/users/", answer(200));
  FlowRun result =
      run(workflow_of({{"workflowId", "redact"},
                       {"steps",
                        {step("login", "loginUser",
                              {param("Authorization", "header", "Basic {$inputs.auth}")})}}}));
  ASSERT_EQ(result.exchanges.size(), 1u);
  EXPECT_EQ(result.exchanges[0].label, "flows/redact/login");
  EXPECT_EQ(result.exchanges[0].request.headers.get("Authorization"), "Basic <redacted>");
}

// A step that expects only a refusal is deliberate bad input: with label_deliberate it carries
// X-Drydock-Check: <label>/<stepId>; a step that expects success, or either, does not.
TEST_F(FlowRunnerTest, LabelsOnlyTheStepsThatExpectARefusal) {
  client_.on("GET", "http://index.test/v1/users/", answer(401));
  spec::Workflow workflow = workflow_of(
      {{"workflowId", "label"},
       {"steps",
        {step("refused", "loginUser", json::array(), "$statusCode == 401"),
         step("either", "loginUser", json::array(), "$statusCode == 200 || $statusCode == 401"),
         step("good", "loginUser", json::array(), "$statusCode == 200")}}});
  EXPECT_TRUE(expects_refusal(workflow.steps[0]));
  EXPECT_FALSE(expects_refusal(workflow.steps[1]));
  EXPECT_FALSE(expects_refusal(workflow.steps[2]));
  FlowRunOptions options;
  options.label_deliberate = true;
  FlowRun result = run(workflow, options);
  ASSERT_GE(result.exchanges.size(), 1u);
  EXPECT_EQ(result.exchanges[0].request.headers.get(kCheckHeader), "flows/label/refused");
  for (std::size_t i = 1; i < result.exchanges.size(); ++i) {
    EXPECT_FALSE(result.exchanges[i].request.headers.contains(kCheckHeader)) << i;
  }
  // Off by default: a workflow run alone labels nothing.
  FlowRun unlabelled = run(workflow);
  ASSERT_GE(unlabelled.exchanges.size(), 1u);
  EXPECT_FALSE(unlabelled.exchanges[0].request.headers.contains(kCheckHeader));
}

TEST_F(FlowRunnerTest, AMissingRequiredInputIsAnError) {
  FlowRun result = run(*the_spec().workflow("registerAndLogin"));
  EXPECT_EQ(result.outcome, Outcome::kError);
  EXPECT_NE(result.message.find("input"), std::string::npos);
  EXPECT_TRUE(client_.requests().empty());
}

TEST_F(FlowRunnerTest, SkipsWithTheInputsReason) {
  inputs_.skip_reason = "needs an account";
  FlowRun result = run(*the_spec().workflow("pushUserRepository"));
  EXPECT_EQ(result.outcome, Outcome::kSkip);
  EXPECT_EQ(result.message, "needs an account");
}

TEST_F(FlowRunnerTest, SkipsWhenTheTargetHasNoIndex) {
  FlowRun result = run_workflow(the_spec(), *the_spec().workflow("registerAndLogin"), inputs_,
                                client_, {"", kRegistry}, {});
  EXPECT_EQ(result.outcome, Outcome::kSkip);
  EXPECT_NE(result.message.find("index"), std::string::npos);
}

}  // namespace
}  // namespace drydock::conformance
