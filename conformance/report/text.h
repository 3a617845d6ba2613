#pragma once
// Text helpers shared by the reporters (private to report/): escaping for XML and HTML, UTF-8
// repair, timestamps, and the plain-text rendering of an exchange.

#include <chrono>
#include <string>
#include <string_view>

#include "drydock/conformance/check_result.h"

namespace drydock::conformance::report {

// Returns `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);
// Returns whether `text` is valid UTF-8 without control characters other than tab, CR and LF.
bool is_text(std::string_view text);
// Escapes for XML 1.0 and HTML text and attributes: & < > " ' as entities; control characters
// other than tab, CR and LF (which XML 1.0 cannot carry) as the visible text "\xNN".
std::string markup_escape(std::string_view text);
std::string base64(std::string_view bytes);

// "2024-05-01T12:00:00.123Z".
std::string iso8601(std::chrono::system_clock::time_point time);

// Returns a body as readable text: the body itself, "<N bytes of binary data>", with a note when
// only part of it was kept.
std::string body_text(std::string_view body, std::uint64_t size, bool truncated);
// Returns an exchange as curl -v would show it ("> " request lines, "< " response lines, "! "
// error).
std::string exchange_text(const Exchange& exchange);

}  // namespace drydock::conformance::report
