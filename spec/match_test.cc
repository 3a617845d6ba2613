// Path matching: method + path -> operations, most specific first.

#include <gtest/gtest.h>

#include "drydock/spec/spec.h"

namespace drydock::spec {
namespace {

const std::string kGood = std::string(DRYDOCK_SPEC_TESTDATA) + "/good";
const std::string kImage(64, 'a');

const Spec& spec() {
  static const Spec* loaded = [] {
    Result<Spec> s = Spec::load_dir(kGood);
    if (!s.ok()) {
      ADD_FAILURE() << s.error().message;
      std::abort();
    }
    return new Spec(std::move(s).value());
  }();
  return *loaded;
}

std::vector<std::string> ids(const std::vector<Match>& matches) {
  std::vector<std::string> out;
  for (const Match& m : matches) out.push_back(m.operation->id);
  return out;
}

TEST(Match, LiteralSegmentBeatsParameter) {
  auto matches = spec().match("GET", "/v1/images/latest/json");
  EXPECT_EQ(ids(matches), (std::vector<std::string>{"getLatestJson", "getImageJson"}));
}

TEST(Match, LibraryPathComesBeforeUserPathOfSameLength) {
  // The library repository foo's image list, or the user repository foo/images: the literal wins.
  auto matches = spec().match("PUT", "/v1/repositories/foo/images");
  EXPECT_EQ(ids(matches),
            (std::vector<std::string>{"updateLibraryImages", "createUserRepository"}));
  EXPECT_EQ(matches[1].path_params.at("namespace"), "foo");
  EXPECT_EQ(matches[1].path_params.at("repository"), "images");
}

TEST(Match, UserRepositoryPathCapturesBothParameters) {
  auto matches = spec().match("PUT", "/v1/repositories/alice/web/");
  ASSERT_EQ(ids(matches), std::vector<std::string>{"createUserRepository"});
  EXPECT_EQ(matches[0].path_params.at("namespace"), "alice");
  EXPECT_EQ(matches[0].path_params.at("repository"), "web");
}

TEST(Match, TrailingSlashIsOptionalBothWays) {
  EXPECT_EQ(ids(spec().match("GET", "/v1/users")), std::vector<std::string>{"login"});
  EXPECT_EQ(ids(spec().match("GET", "/v1/users/")), std::vector<std::string>{"login"});
  EXPECT_EQ(ids(spec().match("GET", "/v1/_ping/")), std::vector<std::string>{"ping"});
}

TEST(Match, QueryStringIsIgnored) {
  EXPECT_EQ(ids(spec().match("GET", "/v1/_ping?x=1")), std::vector<std::string>{"ping"});
}

TEST(Match, ParameterValuesArePercentDecoded) {
  auto matches = spec().match("PUT", "/v1/repositories/alice/we%62/");
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].path_params.at("repository"), "web");
}

TEST(Match, EncodedSlashMatchesNothing) {
  EXPECT_TRUE(spec().match("PUT", "/v1/repositories/alice%2Fweb/x/").empty());
  EXPECT_TRUE(spec().match("PUT", "/v1/repositories/alice%2fweb/x/").empty());
  EXPECT_FALSE(spec().path_exists("/v1/repositories/alice%2Fweb/x/"));
}

TEST(Match, DotSegmentsMatchNothing) {
  EXPECT_TRUE(spec().match("PUT", "/v1/repositories/alice/../").empty());
  EXPECT_TRUE(spec().match("PUT", "/v1/repositories/./web/").empty());
  EXPECT_TRUE(spec().match("PUT", "/v1/repositories/alice/%2E%2E/").empty());
}

TEST(Match, MalformedPathsMatchNothing) {
  EXPECT_TRUE(spec().match("GET", "v1/users/").empty());
  EXPECT_TRUE(spec().match("GET", "/v1//users/").empty());
  EXPECT_TRUE(spec().match("GET", "/v1/users/%zz").empty());
  EXPECT_TRUE(spec().match("GET", "").empty());
}

TEST(Match, UnknownMethodMatchesNothing) {
  EXPECT_TRUE(spec().match("PATCH", "/v1/users/").empty());
}

TEST(Match, PathExistsTellsMethodNotAllowedFromNotFound) {
  EXPECT_TRUE(spec().match("DELETE", "/v1/_ping").empty());
  EXPECT_TRUE(spec().path_exists("/v1/_ping"));          // 405
  EXPECT_FALSE(spec().path_exists("/v1/nothing/here"));  // 404
}

TEST(Match, InvalidPathConditionNamesTheFailingParameter) {
  auto good = spec().match("GET", "/v1/images/" + kImage + "/json");
  ASSERT_EQ(good.size(), 1u);
  EXPECT_EQ(spec().invalid_path_condition(good[0]), std::nullopt);

  auto bad = spec().match("GET", "/v1/images/NOT-AN-ID/json");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(spec().invalid_path_condition(bad[0]), "invalid-image_id");

  auto bad_namespace = spec().match("PUT", "/v1/repositories/A/web/");
  ASSERT_EQ(bad_namespace.size(), 1u);
  EXPECT_EQ(spec().invalid_path_condition(bad_namespace[0]), "invalid-namespace");
}

}  // namespace
}  // namespace drydock::spec
