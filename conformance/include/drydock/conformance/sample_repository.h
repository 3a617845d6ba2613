#pragma once
// A repository to read: pushed over the API as a Docker 1.x client pushes (protocol-notes 6.2:
// the index PUT, each image's JSON, layer and checksum, the tag "latest", the index's image
// list). `drydock check --read-only` with no target pushes one to the embedded simulator and then
// reads it; tests of the read checks push one the same way.

#include <string>

#include "drydock/common/result.h"
#include "drydock/conformance/options.h"
#include "drydock/spec/spec.h"

namespace drydock::conformance {

struct SampleRepository {
  std::string repository;  // "ns/name:latest", as --repository takes it
  Account owner;           // the account that pushed it: options.user, or one registered
};

// Pushes a public repository of two images, the top one tagged "latest", to the target of
// `options` (an index and its registry, or a standalone registry), registering an account on the
// index first when `options.user` is empty. Nothing is cleaned up afterwards. Returns what it
// pushed, or an Error naming the step that failed.
Result<SampleRepository> push_sample_repository(const spec::Spec& spec, const RunOptions& options);

}  // namespace drydock::conformance
