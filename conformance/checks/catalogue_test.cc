// The catalogue: derived from the spec, with stable IDs.

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "drydock/conformance/catalogue.h"
#include "drydock/conformance/runner.h"
#include "drydock/spec/vocabulary.h"

namespace drydock::conformance {
namespace {

const std::vector<Check>& catalogue() {
  static const std::vector<Check> checks = make_catalogue(spec::Spec::embedded());
  return checks;
}

bool has_id(std::string_view id) {
  return std::any_of(catalogue().begin(), catalogue().end(),
                     [&](const Check& c) { return c.id == id; });
}

TEST(Catalogue, IdsAreStable) {
  for (const char* id :
       {"registry/images/put-image-layer/image-not-found",
        "registry/images/put-image-checksum/checksum-header-missing",
        "registry/images/get-image-layer/range-not-satisfiable", "registry/ping/ping/ok",
        "index/users/register-user/user-exists", "index/users/register-user/created",
        "index/search/search-repositories/invalid-query",
        "registry/tags/get-user-repository-tags/token-wrong-repository",
        "flows/pushUserRepository"}) {
    EXPECT_TRUE(has_id(id)) << id;
  }
}

TEST(Catalogue, IdsAreUniqueAndSorted) {
  std::set<std::string> ids;
  for (const Check& c : catalogue()) EXPECT_TRUE(ids.insert(c.id).second) << c.id;
  EXPECT_TRUE(std::is_sorted(catalogue().begin(), catalogue().end(),
                             [](const Check& a, const Check& b) { return a.id < b.id; }));
}

TEST(Catalogue, EveryOperationHasAGoodInputCheck) {
  const spec::Spec& spec = spec::Spec::embedded();
  for (const spec::Operation& op : spec.operations()) {
    std::string prefix = spec::check_id(op, "");
    bool found = false;
    for (const char* good : {"ok", "created", "accepted"}) found = found || has_id(prefix + good);
    EXPECT_TRUE(found) << op.id;
  }
}

TEST(Catalogue, EveryCheckIsDescribed) {
  for (const Check& c : catalogue()) {
    EXPECT_FALSE(c.title.empty()) << c.id;
    EXPECT_FALSE(c.requirement.empty()) << c.id;
    EXPECT_FALSE(c.hint.empty()) << c.id;
    EXPECT_TRUE(static_cast<bool>(c.run)) << c.id;
  }
}

// The design's rule: where neither source requires what a check asks for, it is SHOULD or MAY.
// A MUST check cites a source under every profile.
TEST(Catalogue, EveryCheckCitesASourceUnderEveryProfile) {
  for (const Check& c : catalogue()) {
    for (spec::Profile p :
         {spec::Profile::kDocs, spec::Profile::kDockerRegistry, spec::Profile::kCompat}) {
      EXPECT_FALSE(c.under(p).source.document.empty()) << c.id << " " << spec::to_string(p);
    }
  }
}

// compat fails a server only where both profiles would: never stronger than either.
TEST(Catalogue, CompatIsNeverStricterThanEitherProfile) {
  for (const Check& c : catalogue()) {
    spec::Level compat = c.under(spec::Profile::kCompat).level;
    EXPECT_EQ(compat, spec::weaker(c.under(spec::Profile::kDocs).level,
                                   c.under(spec::Profile::kDockerRegistry).level))
        << c.id;
  }
}

// conformance/CHECKS.md is the audit of every check's level, statuses and source per profile, as
// `drydock check --list --format markdown` prints it; it must not drift from the code.
TEST(Catalogue, CommittedAuditTableIsCurrent) {
  const char* root = std::getenv("DRYDOCK_SOURCE_DIR");  // set by CTest
  if (root == nullptr) GTEST_SKIP() << "DRYDOCK_SOURCE_DIR is not set (run through CTest)";
  std::vector<const Check*> all;
  for (const Check& c : catalogue()) all.push_back(&c);
  std::ostringstream generated;
  list_checks_markdown(generated, all);
  std::ifstream in(std::string(root) + "/conformance/CHECKS.md");
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(committed.str() == generated.str())
      << "conformance/CHECKS.md is stale: regenerate it with\n"
         "  build/release/drydock check --list --format markdown > conformance/CHECKS.md";
}

// Every condition of the vocabulary (spec/conditions.json) is provoked by a derived check (its ID
// names it after the operation), or by the workflow the vocabulary names, or the vocabulary says
// why no check can provoke it: exactly one of the three, so that neither a gap nor a stale excuse
// goes unnoticed.
TEST(Catalogue, EveryConditionIsProvokedOrExcused) {
  std::set<std::string, std::less<>> provoked;
  for (const Check& c : catalogue()) {
    std::vector<std::string> segments;
    std::stringstream id(c.id);
    for (std::string segment; std::getline(id, segment, '/');) segments.push_back(segment);
    for (size_t i = 3; i < segments.size(); ++i) provoked.insert(segments[i]);
  }
  for (const spec::ConditionInfo& entry : spec::condition_vocabulary()) {
    bool derived = provoked.count(entry.name) > 0;
    int ways =
        (derived ? 1 : 0) + (entry.workflow.empty() ? 0 : 1) + (entry.unprovoked.empty() ? 0 : 1);
    EXPECT_EQ(ways, 1) << entry.name << ": derived check " << (derived ? "yes" : "no")
                       << ", workflow '" << entry.workflow << "', unprovoked '" << entry.unprovoked
                       << "' (spec/conditions.json)";
    if (!entry.workflow.empty()) {
      EXPECT_TRUE(has_id("flows/" + std::string(entry.workflow))) << entry.name;
    }
  }
}

}  // namespace
}  // namespace drydock::conformance
