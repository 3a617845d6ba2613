#pragma once
// A small Docker 1.x-like client for tests of the client judge, and its faults as rows of one
// table: the clean client registers (twice, then logs in), pushes a chain of two images through
// the token flow and pulls it back (protocol-notes 6.1-6.3); each faulty client of fault_cases()
// deviates once, and its row names exactly the client rules that must fail (and the MAY rules it
// differs from Docker 1.x in). The judge's tests run them against `drydock serve --judge`'s
// judge, the proxy's tests through `drydock proxy`: the same rows, the same rules.

#include <chrono>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace drydock::judge::testing {

// The token TTL of the client-stale-token row: the push must finish within half of it.
constexpr std::chrono::seconds kShortTtl{2};

// What a faulty client does differently from the clean one.
enum class Fault {
  kNone,
  kNoTokenHeader,
  kNoBasic,
  kNoLoginFallback,
  kUnknownOperation,
  kMalformedJson,
  kTagUnquoted,
  kJsonIdMismatch,
  kBadImageId,
  kNoRegistryToken,
  kForgedToken,
  kLayerBeforeJson,
  kChecksumBeforeLayer,
  kNoChecksumPayload,
  kChecksumLayerOnly,
  kTagBeforeChecksum,
  kTagUnknownImage,
  kNoFinalPut,
  kTokenOtherRepo,
  kReadTokenTag,
  kWrongEndpoint,
  kPullNoImages,
  kPullNoAncestry,
  kPullLayerFirst,
  kSpentTokenNoCookie,
  kDeliberateNoBasic,
  kDeliberateNoFinalPut,
  kPingIndex,
  kSearchNZero,
  kJsonTextPlain,
  kBasicToRegistry,
  kUnannouncedImage,
  kChildFirst,
  kRelayerComplete,
  kPullNoTokenHeader,
  kGuessedId,
  kFinalPutNoEndpoints,
  kStaleToken,
  kPushTopFirst,
  kPullTopFirst,
  kRegisterWithAuth,
  kFinalPutWrongChecksum,
};

struct FaultCase {
  const char* name;  // as a later --client-fault would name it
  const char* does;
  Fault fault;
  std::set<std::string> fails;  // the rules that must fail, and no others
  bool single_use = false;
  // The MAY rules it breaks, reported as differences from Docker 1.x (skips), and no others.
  std::set<std::string> differs = {};
};

void PrintTo(const FaultCase& fault, std::ostream* out);

// Every faulty client, with the rules it breaks.
const std::vector<FaultCase>& fault_cases();

// Runs the client committing `fault` against an index and a registry (the same URL for one
// listener). Fails the running test (gtest) when a step the fault does not touch goes wrong: wrap
// it in ASSERT_NO_FATAL_FAILURE.
void run_faulty_client(const std::string& index_url, const std::string& registry_url, Fault fault);

}  // namespace drydock::judge::testing
