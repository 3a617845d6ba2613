#pragma once
// A Report for reporter tests: one check of every outcome over two areas, exchanges carrying a
// known password and token (recorded through a Transcript, so redacted), a message full of
// characters that need escaping, and a binary body.

#include <string>
#include <string_view>
#include <vector>

#include "drydock/conformance/reporter.h"

namespace drydock::conformance::testing {

inline constexpr std::string_view kPassword = "hunter2-Pa55word";
inline constexpr std::string_view kTokenSignature = "SIG0deadbeef0123456789";
inline constexpr std::string_view kBasicCredential =
    "Ym9iOmh1bnRlcjItUGE1NXdvcmQ=";  // bob:<password>
inline constexpr std::string_view kNastyMessage = "expected <200> & got \"500\" 'x' \x01 end";

Report sample_report();

// A Report as a broken server's run leaves it: passes; a failed push with the checks it blocks; two
// layer mismatches that differ only in sizes and digests (one cause); an error; ranges skipped as
// not supported (MAY); a skip for want of an admin; a disabled SHOULD check. Its exchanges carry
// Basic credentials, a token and a JSON body with a password, recorded through a Transcript.
Report failing_report();

// Returns the values of every double-quoted attribute `name` in `html`, in order (for "id":
// the page's anchors; for "href": its links).
std::vector<std::string> attribute_values(const std::string& html, const std::string& name);

}  // namespace drydock::conformance::testing
