#include "index_faults.h"

#include <string>

namespace drydock::simulator {

std::vector<FaultInfo> index_fault_names() {
  using namespace index;
  struct Entry {
    std::string_view name;
    std::string_view description;
  };
  static constexpr Entry kCatalogue[] = {
      {kFaultRegisterDuplicateAccepted,
       "POST /v1/users/ answers 201 \"User Created\" for an existing username or email"},
      {kFaultLoginAnyPassword, "GET /v1/users/ answers 200 for a known user with a wrong password"},
      {kFaultNoEndpoints, "token-issuing index replies omit X-Docker-Endpoints"},
      {kFaultNoToken,
       "index replies omit X-Docker-Token and the WWW-Authenticate token even when asked"},
      {kFaultImagesPutWrongStatus, "PUT /v1/repositories/.../images answers 200 instead of 204"},
      {kFaultImagesChecksumsDropped,
       "PUT /v1/repositories/.../images keeps the ids but drops the checksums it was sent"},
      {kFaultLayerAccessAlways,
       "GET .../layer/{id}/access answers {\"access\": true} for an image the repository lacks"},
      {kFaultLibraryWithoutAdmin, "a non-admin account may create and push library repositories"},
      {kFaultSearchIgnoresN, "GET /v1/search returns every result in one page, ignoring n"},
      {kFaultSearchWrongShape, "GET /v1/search drops num_results from its body"},
      {kFaultImagesUnknown200,
       "GET /v1/repositories/.../images of an unknown repository answers 200 []"},
      {kFaultTokenUnchecked,
       "the token callback GET /v1/repositories/.../images accepts any Token, even forged"},
      {kFaultInactiveAccepted,
       "an account that is not active logs in and writes like an active one"},
      {kFaultBasicLastColon,
       "Basic credentials are split at the last colon, so a password with a colon fails"},
      {kFaultRegistrationUnchecked,
       "POST /v1/users/ accepts the reserved username library and an e-mail without a domain"},
  };
  std::vector<FaultInfo> faults;
  for (const auto& entry : kCatalogue) {
    faults.push_back({std::string(entry.name), std::string(entry.description)});
  }
  return faults;
}

}  // namespace drydock::simulator
