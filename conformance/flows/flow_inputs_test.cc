#include "drydock/conformance/flows/flow_inputs.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drydock/common/base64.h"
#include "drydock/common/payload_checksum.h"
#include "drydock/spec/schema.h"
#include "drydock/spec/spec.h"

namespace drydock::conformance {
namespace {

using nlohmann::json;

const spec::Spec& embedded_spec() {
  return spec::Spec::embedded();
}

FlowFixtures full_fixtures() {
  FlowFixtures fixtures;
  fixtures.account = FlowAccount{"drydock_someone", "a-password"};
  fixtures.admin = FlowAccount{"admin", "admin-pw"};
  fixtures.mint_expired_token = [](const std::string& repository, const std::string& access) {
    return std::optional<std::string>("signature=old,repository=\"" + repository +
                                      "\",access=" + access);
  };
  return fixtures;
}

// The inputs as one JSON value, blobs as strings, for the workflow's inputs schema.
json as_json(const FlowInputs& inputs) {
  json all = inputs.values;
  for (const auto& [name, bytes] : inputs.blobs)
    all[name] = "<" + std::to_string(bytes->size()) + " bytes>";
  return all;
}

TEST(FlowInputs, EveryWorkflowGetsEveryRequiredInputThatFitsItsSchema) {
  for (const spec::Workflow& workflow : embedded_spec().workflows()) {
    SCOPED_TRACE(workflow.id);
    FlowInputs inputs = make_flow_inputs(workflow, full_fixtures());
    EXPECT_EQ(inputs.skip_reason, "");
    for (const json& name : workflow.inputs.value("required", json::array())) {
      EXPECT_TRUE(inputs.has(name.get<std::string>())) << name;
    }
    if (workflow.inputs_schema) {
      for (const spec::Violation& violation : workflow.inputs_schema->validate(as_json(inputs))) {
        ADD_FAILURE() << violation.pointer << ": " << violation.message;
      }
    }
  }
}

TEST(FlowInputs, LayersAreBlobsWithTheirSizesAndChecksums) {
  FlowInputs inputs =
      make_flow_inputs(*embedded_spec().workflow("pullUserRepository"), full_fixtures());
  ASSERT_EQ(inputs.blobs.count("parentLayer"), 1u);
  ASSERT_EQ(inputs.blobs.count("childLayer"), 1u);
  EXPECT_FALSE(inputs.values.contains("parentLayer"));
  const std::string& layer = *inputs.blobs.at("childLayer");
  EXPECT_EQ(inputs.values["childLayerSize"], std::to_string(layer.size()));
  // The image JSON is an object: the checksum covers its compact serialization, as sent.
  const json& child = inputs.values["childJson"];
  ASSERT_TRUE(child.is_object());
  EXPECT_EQ(inputs.values["childChecksum"], payload_checksum(child.dump(), layer));
  EXPECT_EQ(child["parent"], inputs.values["parentId"]);
  EXPECT_EQ(child["id"], inputs.values["childId"]);
}

TEST(FlowInputs, NamesAreFreshForEveryCall) {
  const spec::Workflow& workflow = *embedded_spec().workflow("tagLifecycle");
  FlowInputs first = make_flow_inputs(workflow, full_fixtures());
  FlowInputs second = make_flow_inputs(workflow, full_fixtures());
  EXPECT_NE(first.values["repository"], second.values["repository"]);
  EXPECT_NE(first.values["imageId"], second.values["imageId"]);
  EXPECT_TRUE(first.values["repository"].get<std::string>().starts_with("drydock-"));
}

TEST(FlowInputs, CredentialsAreBase64OfTheRightAccount) {
  FlowInputs inputs =
      make_flow_inputs(*embedded_spec().workflow("registerAndLogin"), full_fixtures());
  std::string user = inputs.values["username"];
  EXPECT_EQ(base64_decode(inputs.values["basicAuth"].get<std::string>()),
            user + ":" + inputs.values["password"].get<std::string>());
  EXPECT_EQ(base64_decode(inputs.values["accountBasicAuth"].get<std::string>()),
            "drydock_someone:a-password");
  std::string wrong = *base64_decode(inputs.values["wrongBasicAuth"].get<std::string>());
  EXPECT_TRUE(wrong.starts_with("drydock_someone:"));
  EXPECT_NE(wrong, "drydock_someone:a-password");

  FlowInputs library =
      make_flow_inputs(*embedded_spec().workflow("pushLibraryRepository"), full_fixtures());
  EXPECT_EQ(base64_decode(library.values["adminBasicAuth"].get<std::string>()), "admin:admin-pw");
}

TEST(FlowInputs, SearchTermIsInEveryRepositoryName) {
  FlowInputs inputs =
      make_flow_inputs(*embedded_spec().workflow("searchRepositories"), full_fixtures());
  std::string query = inputs.values["query"];
  for (const char* name : {"repository1", "repository2", "repository3"}) {
    EXPECT_NE(inputs.values[name].get<std::string>().find(query), std::string::npos);
  }
  EXPECT_NE(inputs.values["repository1"], inputs.values["repository2"]);
}

TEST(FlowInputs, ExpiredTokenIsMintedForTheWorkflowsRepository) {
  FlowInputs inputs = make_flow_inputs(*embedded_spec().workflow("tokenExpiry"), full_fixtures());
  std::string repository = inputs.values["namespace"].get<std::string>() + "/" +
                           inputs.values["repository"].get<std::string>();
  EXPECT_NE(inputs.values["expiredToken"].get<std::string>().find(repository), std::string::npos);
}

TEST(FlowInputs, SkipsWithoutAnExpiredTokenOrAnAccount) {
  FlowFixtures no_minter = full_fixtures();
  no_minter.mint_expired_token = nullptr;
  EXPECT_NE(make_flow_inputs(*embedded_spec().workflow("tokenExpiry"), no_minter).skip_reason, "");
  EXPECT_EQ(make_flow_inputs(*embedded_spec().workflow("tokenForged"), no_minter).skip_reason, "");

  FlowFixtures no_account = full_fixtures();
  no_account.account.reset();
  std::string reason =
      make_flow_inputs(*embedded_spec().workflow("pushUserRepository"), no_account).skip_reason;
  EXPECT_NE(reason.find("--user"), std::string::npos);
}

}  // namespace
}  // namespace drydock::conformance
