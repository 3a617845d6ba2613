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
      {"images-checksums-dropped", {"index/images/put-user-repository-images/ok/read-back"}},
      {"layer-access-always",
       {"index/authorization/get-user-repository-layer-access/image-not-found"}},
      {"images-put-wrong-status",
       {"index/images/put-user-repository-images/ok", "flows/pushUserRepository"}},
      {"library-without-admin",
       {"index/repositories/put-library-repository/permission-denied",
        "flows/pushLibraryRepository"}},
      {"registration-unchecked",
       {"index/users/register-user/invalid-body/invalid-email",
        "index/users/register-user/invalid-body/reserved-username"}},
      {"body-unchecked", {"index/users/register-user/invalid-body/short-password"}},
      {"basic-last-colon", {"index/users/login-user/ok/colon-in-password"}},
      {"inactive-accepted",
       {"index/users/login-user/inactive-account",
        "index/repositories/put-user-repository/inactive-account"}},
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
      {"token-signature-unchecked",
       {"registry/images/get-image-json/invalid-token/signature-changed",
        "registry/tags/get-user-repository-tags/invalid-token/repository-edited",
        "registry/images/put-image-json/invalid-token/access-edited"}},
      {"token-expiry-grace",
       {"registry/images/get-image-json/token-expired",
        "registry/tags/put-user-repository-tag/token-expired"}},
      {"image-list-unchecked",
       {"registry/images/put-image-json/image-not-in-repository",
        "registry/images/put-image-layer/image-not-in-repository",
        "registry/images/put-image-checksum/image-not-in-repository"}},
      {"json-overwrite-allowed", {"registry/images/put-image-json/image-exists"}},
      {"json-id-unchecked", {"registry/images/put-image-json/invalid-body/id-mismatch"}},
      {"not-modified-ignored",
       {"registry/images/get-image-json/not-modified",
        "registry/images/get-image-layer/not-modified"}},
      {"json-no-checksum-header", {"registry/images/get-image-json/ok"}},
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
      {"range-off-by-one", {"registry/images/get-image-layer/range-not-satisfiable"}},
      {"ancestry-wrong-order",
       {"registry/images/get-image-ancestry/ok", "flows/pullUserRepository"}},
      {"tags-wrong-shape",
       {"registry/tags/get-user-repository-tags/ok", "flows/pullUserRepository"}},
      {"tag-delete-noop", {"flows/tagLifecycle"}},
      {"tag-unknown-image-accepted", {"registry/tags/put-user-repository-tag/image-not-found"}},
      {"unknown-image-200", {"registry/images/get-image-json/image-not-found"}},
      {"json-no-size-header", {"registry/images/get-image-json/ok"}},
      {"error-html",
       {"registry/images/get-image-json/image-not-found", "index/users/login-user/bad-credentials",
        "index/search/search-repositories/invalid-query"}},
      {"content-type-wrong",
       {"registry/tags/get-user-repository-tags/ok", "index/search/search-repositories/ok"}},
      {"conn-hang", {"registry/ping/ping/ok", "flows/pullUserRepository"}},
      {"conn-reset", {"registry/ping/ping/ok", "flows/pullUserRepository"}},
      {"conn-garbage", {"registry/ping/ping/ok", "flows/pullUserRepository"}},
      {"body-endless", {"registry/ping/ping/ok", "flows/pullUserRepository"}},
  };
  return table;
}

// Faults that break what only one profile's source requires: their checks run under that profile.
const std::map<std::string, std::string, std::less<>>& profile_by_fault() {
  static const std::map<std::string, std::string, std::less<>> table{
      {"not-modified-ignored", "docker-registry"},     // protocol-notes 2: 304 to any value
      {"json-no-checksum-header", "docker-registry"},  // 0.9+: X-Docker-Checksum-Payload
      // 400 for an unfinished image (R7-R9); the documents' 404 also fits a layer never sent.
      {"in-progress-readable", "docker-registry"},
  };
  return table;
}

CatalogueEntry entry_of(std::string name, FaultSide side, std::string breaks) {
  CatalogueEntry entry{name, side, std::move(breaks), {}};
  if (auto it = catches_by_fault().find(name); it != catches_by_fault().end()) {
    entry.catches = it->second;
  }
  if (auto it = profile_by_fault().find(name); it != profile_by_fault().end()) {
    entry.profile = it->second;
  }
  return entry;
}

std::vector<CatalogueEntry> assemble() {
  std::vector<CatalogueEntry> entries;
  for (const FaultInfo& fault : index_fault_names()) {
    entries.push_back(entry_of(fault.name, FaultSide::kIndex, fault.description));
  }
  for (const auto& fault : registry::registry_faults()) {
    entries.push_back(
        entry_of(std::string(fault.name), FaultSide::kRegistry, std::string(fault.description)));
  }
  for (const FaultInfo& fault : server_fault_names()) {
    entries.push_back(entry_of(fault.name, FaultSide::kServer, fault.description));
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
