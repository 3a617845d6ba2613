// The condition vocabulary: spec/conditions.json, typed as spec::Condition by the build.

#include "drydock/spec/vocabulary.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace drydock::spec {
namespace {

TEST(Vocabulary, NamesAndEnumeratorsAreOneTable) {
  static_assert(to_string(Condition::kMalformedJson) == "malformed-json");
  EXPECT_EQ(info(Condition::kTokenExpired).status, 401);
  EXPECT_EQ(parse_condition("invalid-image_id"), Condition::kInvalidImageId);
  EXPECT_EQ(parse_condition("no-such-condition"), std::nullopt);
  for (const ConditionInfo& entry : condition_vocabulary()) {
    EXPECT_EQ(parse_condition(entry.name), entry.condition) << entry.name;
    EXPECT_EQ(to_string(entry.condition), entry.name);
    EXPECT_FALSE(entry.situation.empty()) << entry.name;
  }
  EXPECT_EQ(condition_vocabulary().size(), kConditionCount);
}

TEST(Vocabulary, OnlySpecScopeNamesMayBeListedByResponses) {
  EXPECT_TRUE(is_known_condition("image-in-progress"));
  EXPECT_FALSE(is_known_condition("no-route"));  // the HTTP layer's own
  EXPECT_TRUE(parse_condition("no-route").has_value());
  EXPECT_FALSE(is_known_condition("Malformed-JSON"));
}

TEST(Vocabulary, ErrorsHaveTextsAndSuccessesNone) {
  for (const ConditionInfo& entry : condition_vocabulary()) {
    if (entry.status < 400) {
      EXPECT_TRUE(entry.text.empty()) << entry.name;
    } else {
      EXPECT_FALSE(entry.text.empty()) << entry.name << " answers " << entry.status;
    }
  }
}

TEST(Vocabulary, ReadmeTableIsCurrent) {
  const char* root = std::getenv("DRYDOCK_SOURCE_DIR");  // set by CTest
  if (root == nullptr) GTEST_SKIP() << "DRYDOCK_SOURCE_DIR is not set (run through CTest)";
  std::ifstream in(std::string(root) + "/spec/README.md");
  std::stringstream readme;
  readme << in.rdbuf();
  EXPECT_NE(readme.str().find(conditions_markdown()), std::string::npos)
      << "spec/README.md's condition table is stale: replace it with the output of\n"
         "  build/release/drydock spec conditions";
}

}  // namespace
}  // namespace drydock::spec
