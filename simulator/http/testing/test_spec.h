#pragma once
// A tiny spec for http/'s tests: a few index and registry operations written as OpenAPI documents
// into a temporary folder and loaded with Spec::load_dir, as the simulator loads the real ones.

#include <string>

#include "drydock/spec/spec.h"

namespace drydock::simulator::http::testing {

// A 64-hex image id that passes the image_id pattern.
inline const std::string kImageId(64, 'a');

// Returns the test spec, loaded once per process. Aborts the test binary if it fails to load.
const spec::Spec& test_spec();

}  // namespace drydock::simulator::http::testing
