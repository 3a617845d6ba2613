#include "drydock/simulator/http/handler_kit.h"

#include <gtest/gtest.h>

#include "testing/test_spec.h"

namespace drydock::simulator::http {
namespace {

using spec::Condition;

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
  Reply index = refuse(on("getUser"), Condition::kMissingAuth);
  EXPECT_EQ(index.status, 401);
  EXPECT_EQ(index.headers.get("WWW-Authenticate"), std::string(kBasicChallenge));
  Reply registry = refuse(on("getImageLayer"), Condition::kMissingAuth);
  EXPECT_EQ(registry.status, 401);
  EXPECT_EQ(registry.headers.get("WWW-Authenticate"), "Token");
  Reply token = refuse(on("getUser"), Condition::kInvalidToken, {}, kTokenChallenge);
  EXPECT_EQ(token.headers.get("WWW-Authenticate"), "Token");
}

TEST(HandlerKit, OnlyA401Challenges) {
  Reply reply = refuse(on("getImageLayer"), Condition::kImageNotFound, "no such image");
  EXPECT_EQ(reply.status, 404);
  EXPECT_FALSE(reply.headers.get("WWW-Authenticate").has_value());
  EXPECT_EQ(refuse(on("getImageLayer"), Error::not_found("gone")).status, 404);
}

TEST(HandlerKit, TheGateRefusesUnlessTheConditionIsWaived) {
  const Raised kIdMismatch{Condition::kInvalidBody, "id-mismatch"};
  Context context = on("putImageJson");
  auto refused = gate(context, kIdMismatch, "JSON data contains invalid id");
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(refused->condition, "invalid-body");
  context.waives = [](std::string_view condition) {
    return condition == "invalid-body/id-mismatch";
  };
  EXPECT_FALSE(gate(context, kIdMismatch).has_value());
  EXPECT_TRUE(gate(context, {Condition::kInvalidBody, "missing-id"}).has_value());
  EXPECT_FALSE(gate(context, kIdMismatch, Reply::json(400, "own")).has_value());
}

TEST(HandlerKit, ARaisedConditionIsNamedAsFaultsAndChecksNameIt) {
  EXPECT_EQ(Raised(Condition::kImageNotFound).name(), "image-not-found");
  EXPECT_EQ(Raised(Condition::kInvalidBody, "id-mismatch").name(), "invalid-body/id-mismatch");
  EXPECT_EQ(parse_raised("token-expired"), Raised(Condition::kTokenExpired));
  EXPECT_EQ(parse_raised("invalid-body/id-mismatch"),
            Raised(Condition::kInvalidBody, "id-mismatch"));
  for (const spec::ConditionInfo& entry : spec::condition_vocabulary()) {
    EXPECT_EQ(parse_raised(entry.name), Raised(entry.condition)) << entry.name;
  }
}

// A condition named by data (a token validator's failure) that the vocabulary lacks is a bug:
// refused loudly, never waived, never answered as another condition.
TEST(HandlerKit, AnUnknownConditionNameFromDataIsRefusedLoudly) {
  EXPECT_EQ(parse_raised("token-stolen"), std::nullopt);
  EXPECT_EQ(parse_raised("token-stolen/case"), std::nullopt);
  EXPECT_EQ(parse_raised(""), std::nullopt);
  Context context = on("getImageLayer");
  context.waives = [](std::string_view) { return true; };
  Checked<Raised> raised = raised_from(context, "token-stolen");
  ASSERT_FALSE(raised.ok());
  EXPECT_EQ(raised.refusal().status, 500);
  EXPECT_EQ(raised.refusal().condition, "internal-error");
  EXPECT_NE(raised.refusal().text().find("token-stolen"), std::string::npos);
  Checked<Raised> known = raised_from(context, "token-spent");
  ASSERT_TRUE(known.ok());
  EXPECT_EQ(known.value(), Raised(Condition::kTokenSpent));
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
  Checked<int> refused = refuse(on("getImageLayer"), Condition::kImageNotFound);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.refusal().status, 404);
}

}  // namespace
}  // namespace drydock::simulator::http
