// The catalogue: derived from the spec, with stable IDs.

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "drydock/conformance/catalogue.h"

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

TEST(Catalogue, KebabCase) {
  EXPECT_EQ(kebab_case("putImageLayer"), "put-image-layer");
  EXPECT_EQ(kebab_case("ping"), "ping");
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
    std::string prefix = check_id(spec, op, "");
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

}  // namespace
}  // namespace drydock::conformance
