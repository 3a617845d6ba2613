#pragma once
// JSON read from the network, parsed within a bound on its nesting, so that no document a client
// or a server sends can exhaust the stack of anything that walks it recursively (nlohmann's dump
// and copy, valijson's validation). The bound is checked before a value is built, by one pass
// over the bytes without recursion.

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "drydock/common/result.h"

namespace drydock {

// The deepest nesting of arrays and objects accepted: 64 times what a real image JSON uses
// (`{"config": {"ExposedPorts": {"80/tcp": {}}}}` is 4), and shallow enough that every
// recursive walk of the value stays far from the end of a worker thread's stack.
inline constexpr size_t kMaxJsonDepth = 256;

// Returns the deepest nesting of arrays and objects in `text` read as JSON: 0 for a scalar, 1
// for `[]` or `{"a": 1}`, 2 for `[[]]`. Brackets inside strings do not count. Stops counting,
// and returns `stop_after` + 1, as soon as the text nests deeper than `stop_after`. Linear time,
// constant memory, no recursion; the text need not be valid JSON.
size_t json_text_depth(std::string_view text, size_t stop_after = kMaxJsonDepth);

// Returns the deepest nesting of arrays and objects in `value` (0 for a scalar), walking it
// without recursion; stops, and returns `stop_after` + 1, once it is deeper than `stop_after`.
size_t json_value_depth(const nlohmann::json& value, size_t stop_after = kMaxJsonDepth);

// The message of a refusal for depth: "JSON nested deeper than 256 levels (the limit)".
std::string json_too_deep_message(size_t max_depth = kMaxJsonDepth);

// Parses `text` as one JSON value. Errors:
//   kInvalidArgument  the text nests deeper than `max_depth` (json_too_deep_message()); nothing
//                     was built.
//   kParse            the text is not JSON (the message says where), or holds a number too
//                     large for a double.
Result<nlohmann::json> parse_json(std::string_view text, size_t max_depth = kMaxJsonDepth);

// Returns `value` as compact JSON text. Never throws: a string holding bytes that are not UTF-8
// (a header echoed in a value) has U+FFFD in their place, where dump() would throw.
std::string dump_json(const nlohmann::json& value);

}  // namespace drydock
