#include "catalogue.h"

#include <map>

#include "drydock/simulator/registry/registry_faults.h"
#include "index/index_faults.h"
#include "server_faults.h"

namespace drydock::simulator::faults {
namespace {

// The conformance checks (IDs of `drydock check --list`) that must fail under each fault, run
// with --strict against a simulator given the fault on every request; for the faults that break
// the connection, they must end in error. conformance/runner/suite_simulator_test.cc proves it.
const std::map<std::string, std::vector<std::string>, std::less<>>& catches_by_fault() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> table{
      {"register-duplicate-accepted",
       {"index/users/register-user/user-exists", "flows/registerAndLogin"}},
      {"login-any-password", {"index/users/login-user/bad-credentials", "flows/registerAndLogin"}},
      {"index-no-endpoints",
       {"index/repositories/put-user-repository/ok", "flows/pushUserRepository"}},
      {"index-no-token", {"flows/pushUserRepository", "index/repositories/put-user-repository/ok"}},
      {"images-put-wrong-status",
       {"index/images/put-user-repository-images/ok", "flows/pushUserRepository"}},
      {"library-without-admin",
       {"index/repositories/put-library-repository/permission-denied",
        "flows/pushLibraryRepository"}},
      {"search-ignores-n", {"flows/searchRepositories"}},
      {"search-wrong-shape", {"index/search/search-repositories/ok", "flows/searchRepositories"}},
      {"images-unknown-200", {"flows/deleteUserRepository"}},
      {"index-token-unchecked",
       {"index/images/get-user-repository-images/invalid-token", "flows/tokenForged"}},
      {"token-unchecked", {"registry/images/get-image-json/missing-auth", "flows/tokenForged"}},
      {"token-scope-unchecked",
       {"registry/tags/get-user-repository-tags/token-wrong-repository",
        "flows/tokenScopePerRepository"}},
      {"token-access-unchecked",
       {"registry/images/put-image-json/token-wrong-access", "flows/tokenAccessPerMethod"}},
      {"token-expiry-unchecked", {"flows/tokenExpiry"}},
      {"json-overwrite-allowed", {"registry/images/put-image-json/image-exists"}},
      {"json-parent-unchecked", {"registry/images/put-image-json/parent-missing"}},
      {"in-progress-readable",
       {"registry/images/get-image-ancestry/image-in-progress",
        "registry/images/get-image-json/image-in-progress",
        "registry/images/get-image-layer/image-in-progress"}},
      {"checksum-unverified", {"registry/images/put-image-checksum/checksum-mismatch"}},
      {"checksum-header-optional", {"registry/images/put-image-checksum/checksum-header-missing"}},
      {"layer-truncated", {"registry/images/get-image-layer/ok", "flows/pullUserRepository"}},
      {"layer-corrupted",
       {"registry/images/get-image-layer/ok", "registry/images/get-image-layer/partial-content"}},
      {"range-wrong-bytes", {"registry/images/get-image-layer/partial-content"}},
      {"ancestry-wrong-order",
       {"registry/images/get-image-ancestry/ok", "flows/pullUserRepository"}},
      {"tags-wrong-shape",
       {"registry/tags/get-user-repository-tags/ok", "flows/pullUserRepository"}},
      {"tag-delete-noop", {"flows/tagLifecycle"}},
      {"tag-unknown-image-accepted", {"registry/tags/put-user-repository-tag/image-not-found"}},
      {"unknown-image-200", {"registry/images/get-image-json/image-not-found"}},
      {"json-no-size-header", {"registry/images/get-image-json/ok"}},
      {"error-html",
       {"registry/images/get-image-json/image-not-found",
        "index/users/login-user/bad-credentials"}},
      {"content-type-wrong",
       {"registry/tags/get-user-repository-tags/ok", "index/search/search-repositories/ok"}},
      {"query-unchecked", {"index/search/search-repositories/invalid-query"}},
      {"conn-hang", {"registry/ping/ping/ok", "flows/pullUserRepository"}},
      {"conn-reset", {"registry/ping/ping/ok", "flows/pullUserRepository"}},
      {"conn-garbage", {"registry/ping/ping/ok", "flows/pullUserRepository"}},
      {"body-endless", {"registry/ping/ping/ok", "flows/pullUserRepository"}},
  };
  return table;
}

std::vector<std::string> catches_of(std::string_view fault) {
  auto it = catches_by_fault().find(fault);
  return it == catches_by_fault().end() ? std::vector<std::string>{} : it->second;
}

std::vector<CatalogueEntry> assemble() {
  std::vector<CatalogueEntry> entries;
  for (const FaultInfo& fault : index_fault_names()) {
    entries.push_back({fault.name, FaultSide::kIndex, fault.description, catches_of(fault.name)});
  }
  for (const auto& fault : registry::registry_faults()) {
    entries.push_back({std::string(fault.name), FaultSide::kRegistry,
                       std::string(fault.description), catches_of(fault.name)});
  }
  for (const FaultInfo& fault : server_fault_names()) {
    entries.push_back({fault.name, FaultSide::kServer, fault.description, catches_of(fault.name)});
  }
  return entries;
}

}  // namespace

std::string_view side_name(FaultSide side) {
  switch (side) {
    case FaultSide::kIndex:
      return "index";
    case FaultSide::kRegistry:
      return "registry";
    case FaultSide::kServer:
      return "server";
  }
  return "server";
}

const std::vector<CatalogueEntry>& fault_catalogue() {
  static const std::vector<CatalogueEntry> catalogue = assemble();
  return catalogue;
}

const CatalogueEntry* find_fault(std::string_view name) {
  for (const auto& entry : fault_catalogue()) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace drydock::simulator::faults
