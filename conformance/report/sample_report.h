#pragma once
// A Report for reporter tests: one check of every outcome over two areas, exchanges carrying a
// known password and token (recorded through a Transcript, so redacted), a message full of
// characters that need escaping, and a binary body.

#include <string_view>

#include "drydock/conformance/reporter.h"

namespace drydock::conformance::testing {

inline constexpr std::string_view kPassword = "hunter2-Pa55word";
inline constexpr std::string_view kTokenSignature = "SIG0deadbeef0123456789";
inline constexpr std::string_view kBasicCredential =
    "Ym9iOmh1bnRlcjItUGE1NXdvcmQ=";  // bob:<password>
inline constexpr std::string_view kNastyMessage = "expected <200> & got \"500\" 'x' \x01 end";

Report sample_report();

}  // namespace drydock::conformance::testing
