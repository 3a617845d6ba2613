#pragma once
// The index's faults: with `drydock serve --faults`, a request header `X-Drydock-Fault: NAME`
// breaks exactly one index behaviour for that request, so the conformance suite can prove that its
// checks catch it. index_fault_names() is the catalogue `drydock serve --list-faults` prints.

#include <string_view>
#include <vector>

#include "core/fault_info.h"

namespace drydock::simulator {

// Returns every index fault, with the behaviour it breaks.
std::vector<FaultInfo> index_fault_names();

namespace index {

inline constexpr std::string_view kFaultRegisterDuplicateAccepted = "register-duplicate-accepted";
inline constexpr std::string_view kFaultLoginAnyPassword = "login-any-password";
inline constexpr std::string_view kFaultNoEndpoints = "index-no-endpoints";
inline constexpr std::string_view kFaultNoToken = "index-no-token";
inline constexpr std::string_view kFaultImagesPutWrongStatus = "images-put-wrong-status";
inline constexpr std::string_view kFaultLibraryWithoutAdmin = "library-without-admin";
inline constexpr std::string_view kFaultSearchIgnoresN = "search-ignores-n";
inline constexpr std::string_view kFaultSearchWrongShape = "search-wrong-shape";
inline constexpr std::string_view kFaultImagesUnknown200 = "images-unknown-200";
inline constexpr std::string_view kFaultTokenUnchecked = "index-token-unchecked";
inline constexpr std::string_view kFaultRegistrationUnchecked = "registration-unchecked";
inline constexpr std::string_view kFaultBasicLastColon = "basic-last-colon";
inline constexpr std::string_view kFaultInactiveAccepted = "inactive-accepted";
inline constexpr std::string_view kFaultImagesChecksumsDropped = "images-checksums-dropped";
inline constexpr std::string_view kFaultLayerAccessAlways = "layer-access-always";
// A registry fault the index honours too, on the token validation route: a registry on its own
// listener asks the index to judge its tokens, forwarding the fault with the question.
inline constexpr std::string_view kFaultTokenExpiryUnchecked = "token-expiry-unchecked";
inline constexpr std::string_view kFaultTokenSignatureUnchecked = "token-signature-unchecked";
inline constexpr std::string_view kFaultTokenExpiryGrace = "token-expiry-grace";

}  // namespace index
}  // namespace drydock::simulator
