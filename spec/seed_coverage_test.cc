// Every operation and status code of the two source documents (hub-api-v1.md, registry-api-v1.md)
// is in the spec, plus the operations real clients used beyond them (protocol-notes section 5).
// The table is copied by hand from the documents: when it and the spec disagree, the spec is wrong.

#include <optional>
#include <set>

#include <gtest/gtest.h>

#include "drydock/spec/spec.h"

namespace drydock::spec {
namespace {

struct Documented {
  const char* method;
  const char* path;  // parameter names are free: "{repo_name}" matches "{repository}"
  std::optional<Side> side;
  std::set<int> statuses;
};

const Documented kHub[] = {
    {"PUT", "/v1/repositories/{namespace}/{repository}/", Side::kIndex, {200, 400, 401, 403}},
    {"DELETE",
     "/v1/repositories/{namespace}/{repository}/",
     Side::kIndex,
     {200, 202, 400, 401, 403}},
    {"PUT", "/v1/repositories/{repository}/", Side::kIndex, {200, 400, 401, 403}},
    {"DELETE", "/v1/repositories/{repository}/", Side::kIndex, {200, 202, 400, 401, 403}},
    {"PUT", "/v1/repositories/{namespace}/{repository}/images", Side::kIndex, {204, 400, 401, 403}},
    {"GET", "/v1/repositories/{namespace}/{repository}/images", Side::kIndex, {200, 404}},
    {"PUT", "/v1/repositories/{repository}/images", Side::kIndex, {204, 400, 401, 403}},
    {"GET", "/v1/repositories/{repository}/images", Side::kIndex, {200, 404}},
    {"PUT", "/v1/repositories/{repository}/auth", Side::kIndex, {200, 403, 404}},
    {"PUT", "/v1/repositories/{namespace}/{repository}/auth", Side::kIndex, {200, 403, 404}},
    {"GET", "/v1/users/", Side::kIndex, {200, 401, 403}},
    {"POST", "/v1/users/", Side::kIndex, {201, 400}},
    {"PUT", "/v1/users/{username}/", Side::kIndex, {204, 400, 401, 403, 404}},
};

const Documented kRegistry[] = {
    {"GET", "/v1/images/{image_id}/layer", Side::kRegistry, {200, 401, 404}},
    {"PUT", "/v1/images/{image_id}/layer", Side::kRegistry, {200, 401, 404}},
    {"PUT", "/v1/images/{image_id}/json", Side::kRegistry, {200, 401}},
    {"GET", "/v1/images/{image_id}/json", Side::kRegistry, {200, 401, 404}},
    {"GET", "/v1/images/{image_id}/ancestry", Side::kRegistry, {200, 401, 404}},
    {"GET", "/v1/repositories/{namespace}/{repository}/tags", Side::kRegistry, {200, 401, 404}},
    {"GET",
     "/v1/repositories/{namespace}/{repository}/tags/{tag}",
     Side::kRegistry,
     {200, 401, 404}},
    {"DELETE",
     "/v1/repositories/{namespace}/{repository}/tags/{tag}",
     Side::kRegistry,
     {200, 401, 404}},
    {"PUT",
     "/v1/repositories/{namespace}/{repository}/tags/{tag}",
     Side::kRegistry,
     {200, 400, 401, 404}},
    {"DELETE", "/v1/repositories/{namespace}/{repository}/", Side::kRegistry, {200, 401, 404}},
    {"GET", "/v1/search", std::nullopt, {200, 500}},  // in the registry document; the index answers
    {"GET", "/v1/_ping", Side::kRegistry, {200}},
};

// Beyond the documents: what real servers and clients used (protocol-notes section 5).
const Documented kExtras[] = {
    {"PUT", "/v1/images/{image_id}/checksum", Side::kRegistry, {}},
    {"GET", "/v1/repositories/{namespace}/{repository}/json", Side::kRegistry, {}},
    {"GET", "/v1/repositories/{namespace}/{repository}/tags/{tag}/json", Side::kRegistry, {}},
    {"GET", "/v1/repositories/{namespace}/{repository}/layer/{image_id}/access", Side::kIndex, {}},
    {"GET", "/_ping", Side::kRegistry, {}},
};

// "/v1/repositories/{repo_name}/" -> "/v1/repositories/{}": names and the trailing slash are free.
std::string shape(std::string path) {
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
    path.erase(open + 1, path.find('}', open) - open - 1);
  }
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

const Spec& spec() {
  return Spec::embedded();
}

const Operation* find(const Documented& d) {
  for (const Operation& op : spec().operations()) {
    if (op.method == d.method && shape(op.path) == shape(d.path) &&
        (!d.side || op.side == *d.side)) {
      return &op;
    }
  }
  return nullptr;
}

void expect_covered(const Documented& d) {
  const Operation* op = find(d);
  ASSERT_NE(op, nullptr) << "the spec has no " << d.method << " " << d.path;
  for (int status : d.statuses) {
    EXPECT_NE(op->response(status), nullptr)
        << op->id << " (" << d.method << " " << d.path << ") lacks documented status " << status;
  }
}

TEST(SeedCoverage, EveryHubOperationAndStatusIsInTheSpec) {
  for (const Documented& d : kHub) expect_covered(d);
}

TEST(SeedCoverage, EveryRegistryOperationAndStatusIsInTheSpec) {
  for (const Documented& d : kRegistry) expect_covered(d);
}

TEST(SeedCoverage, OperationsBeyondTheDocumentsAreKept) {
  for (const Documented& d : kExtras) expect_covered(d);
}

TEST(SeedCoverage, PathShapeIgnoresParameterNamesAndTrailingSlash) {
  EXPECT_EQ(shape("/v1/repositories/{repo_name}/"), shape("/v1/repositories/{repository}"));
  EXPECT_NE(shape("/v1/repositories/{a}/{b}/"), shape("/v1/repositories/{a}/"));
}

TEST(SeedCoverage, AMissingOperationIsNoticed) {
  EXPECT_EQ(find({"PATCH", "/v1/users/", Side::kIndex, {}}), nullptr);
  EXPECT_EQ(find({"GET", "/v1/images/{image_id}/json", Side::kIndex, {}}), nullptr);
}

}  // namespace
}  // namespace drydock::spec
