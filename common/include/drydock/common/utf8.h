#pragma once
// UTF-8 as RFC 3629 defines it: what a JSON text (RFC 8259) must be, and so what any byte a
// reply or a log echoes back must be.

#include <cstddef>
#include <string_view>

namespace drydock {

// Returns the length (1 to 4) of the well-formed UTF-8 sequence starting at `text[at]`, or 0 when
// the bytes there are not one: a stray continuation byte, a truncated sequence, an overlong form,
// a surrogate (U+D800..U+DFFF) or a code point past U+10FFFF. REQUIRES: at < text.size().
size_t utf8_sequence_length(std::string_view text, size_t at);

// Returns whether all of `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

}  // namespace drydock
