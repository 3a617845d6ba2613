#pragma once
// Standard base64 (RFC 4648 section 4, with '=' padding), as HTTP Basic authentication uses.

#include <optional>
#include <string>
#include <string_view>

namespace drydock {

// Returns `bytes` in base64 with padding.
std::string base64_encode(std::string_view bytes);

// Returns the bytes `text` encodes, or nullopt unless `text` is canonical padded base64:
// a length that is a multiple of 4, only alphabet characters, '=' only as final padding,
// and zero bits in the unused part of the last character. No whitespace is accepted.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace drydock
