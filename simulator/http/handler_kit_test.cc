#include "drydock/simulator/http/handler_kit.h"

#include <gtest/gtest.h>

#include "testing/test_spec.h"

namespace drydock::simulator::http {
namespace {

Context on(std::string_view operation_id) {
  Context context;
  context.operation = testing::test_spec().find(operation_id);
  EXPECT_NE(context.operation, nullptr) << operation_id;
  return context;
}

TEST(HandlerKit, LibraryRoutesNameTheLibraryNamespace) {
  Request user;
  user.path_params = {{"namespace", "alice"}, {"repository", "web"}};
  EXPECT_EQ(repository_name(user).full(), "alice/web");
  Request library;
  library.path_params = {{"repository", "ubuntu"}};
  EXPECT_EQ(repository_name(library).full(), "library/ubuntu");
}

// A 401 challenges with its side's scheme: Basic on the index, Token on the registry, unless the
// handler names one (the index's token operations say "Token").
TEST(HandlerKit, RefusalChallengesWithItsSidesScheme) {
  Reply index = refuse(on("getUser"), "missing-auth");
  EXPECT_EQ(index.status, 401);
  EXPECT_EQ(index.headers.get("WWW-Authenticate"), std::string(kBasicChallenge));
  Reply registry = refuse(on("getImageLayer"), "missing-auth");
  EXPECT_EQ(registry.status, 401);
  EXPECT_EQ(registry.headers.get("WWW-Authenticate"), "Token");
  Reply token = refuse(on("getUser"), "invalid-token", {}, kTokenChallenge);
  EXPECT_EQ(token.headers.get("WWW-Authenticate"), "Token");
}

TEST(HandlerKit, OnlyA401Challenges) {
  Reply reply = refuse(on("getImageLayer"), "image-not-found", "no such image");
  EXPECT_EQ(reply.status, 404);
  EXPECT_FALSE(reply.headers.get("WWW-Authenticate").has_value());
  EXPECT_EQ(refuse(on("getImageLayer"), Error::not_found("gone")).status, 404);
}

TEST(HandlerKit, TheGateRefusesUnlessTheConditionIsWaived) {
  Context context = on("putImageJson");
  auto refused = gate(context, "invalid-body/id-mismatch", "JSON data contains invalid id");
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(refused->condition, "invalid-body");
  context.waives = [](std::string_view condition) {
    return condition == "invalid-body/id-mismatch";
  };
  EXPECT_FALSE(gate(context, "invalid-body/id-mismatch").has_value());
  EXPECT_TRUE(gate(context, "invalid-body/missing-id").has_value());
  EXPECT_FALSE(gate(context, "invalid-body/id-mismatch", Reply::json(400, "own")).has_value());
}

TEST(HandlerKit, ARouteRowStandsForAUserOperationAndItsLibraryTwin) {
  EXPECT_EQ(operation_ids("getUserRepositoryTags", Forms::kUserAndLibrary),
            (std::vector<std::string>{"getUserRepositoryTags", "getLibraryRepositoryTags"}));
  EXPECT_EQ(operation_ids("registryDeleteUserRepository", Forms::kUserAndLibrary)[1],
            "registryDeleteLibraryRepository");
  EXPECT_EQ(operation_ids("ping", Forms::kOne), std::vector<std::string>{"ping"});
}

TEST(HandlerKit, CheckedCarriesAValueOrItsRefusal) {
  Checked<int> value = 7;
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value.value(), 7);
  Checked<int> refused = refuse(on("getImageLayer"), "image-not-found");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.refusal().status, 404);
}

}  // namespace
}  // namespace drydock::simulator::http
